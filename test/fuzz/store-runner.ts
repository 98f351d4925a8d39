/**
 * Plays a store scenario (store-scenario.ts) on `new Engine({ seed, freeze: true })` and checks, after every step:
 * errors are ApiErrors with a known reason and a message; a failed or dry-run write leaves no trace; every stored
 * object is readable by get, list, count and uid and carries its identity; resourceVersions step by one per write;
 * the watch history, a watcher started at the beginning and later watchers (kind and label filters) agree with the
 * store; stored objects are frozen and never change afterwards.
 */
import { ApiError, type StatusReason } from '../../source/api/errors.js';
import { type KindInfo, KINDS } from '../../source/api/kinds.js';
import type { KubeObject } from '../../source/api/meta.js';
import { Engine } from '../../source/engine/engine.js';
import type { AdmissionPlugin } from '../../source/store/admission.js';
import { defaultAdmission } from '../../source/store/default-admission.js';
import type { PatchType } from '../../source/store/patch.js';
import type { DeleteOptions } from '../../source/store/store.js';
import type { HistoryEntry, Watch, WatchEventType } from '../../source/store/watch.js';
import { NAMESPACES, applyMutation, cloneJson, deepFreeze, isDeepFrozen, nonJsonAt, safeJson } from './generators.js';
import type { RvMode, StoreOp, StoreScenario } from './store-scenario.js';

// A Record, so that a reason added to StatusReason must be added here too.
const REASONS: Record<StatusReason, true> = {
  NotFound: true, AlreadyExists: true, Conflict: true, Invalid: true, BadRequest: true, Unauthorized: true, Forbidden: true,
  MethodNotAllowed: true, Expired: true, Gone: true, TooManyRequests: true, InternalError: true, Timeout: true,
  ServiceUnavailable: true, RequestEntityTooLarge: true, UnsupportedMediaType: true, NotAcceptable: true,
};
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const STACK_FRAME = /\n\s+at \S|\bat \S+ \(.*:\d+:\d+\)|\.ts:\d+:\d+/;

type Seen = { type: WatchEventType; object: KubeObject };

/** A watcher started by the scenario, and what it must see: history after `fromRv`, through its filter. */
interface Tracked {
  watch: Watch;
  kind?: string;
  label?: string;
  fromRv: number;
  /** With initial events: the objects present at subscription, as a set (their order is the store's table order). */
  initial?: Set<KubeObject>;
  stoppedAtRv?: number;
  received: Seen[];
}

interface Target { info: KindInfo; obj?: KubeObject; namespace?: string; name: string }

function describeOp(op: StoreOp): string {
  try {
    return JSON.stringify(op, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v))?.slice(0, 600) ?? String(op);
  } catch {
    return `{"op":"${op.op}", too deep to print}`;
  }
}

function opText(op: StoreOp): string {
  try {
    return JSON.stringify(op) ?? '';
  } catch {
    return 'undefined [object Object]'; // too deep to print: don't hold messages to the artefact check
  }
}

/** Options of runStoreScenario. */
export interface RunOptions {
  /** Counts `op:ok` and `op:Reason` per step (what the generators reach), and `op:problem` for the step that broke an invariant. */
  outcomes?: Map<string, number>;
  /** Problems matching this (known bugs) are dropped, so a run can look past them. */
  ignore?: RegExp;
  /** Extra admission plugins after the default chain (the checker's own tests plant bugs with them). */
  admission?: AdmissionPlugin[];
}

/** Play a scenario; returns the invariant violations found (empty when the store behaved). Stops at the first bad step. */
export function runStoreScenario(scenario: StoreScenario, opts: RunOptions = {}): string[] {
  const { outcomes, ignore } = opts;
  const count = (key: string) => outcomes?.set(key, (outcomes.get(key) ?? 0) + 1);
  const engine = new Engine({ seed: scenario.seed, freeze: true, admission: opts.admission && [...defaultAdmission(), ...opts.admission] });
  const store = engine.store;
  const problems: string[] = [];
  const mainSeen: Seen[] = [];
  // Subscribed before the first write: it must see every write exactly once, in order.
  store.watch({}, (e) => mainSeen.push({ type: e.type, object: e.object }));
  for (const name of NAMESPACES) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  engine.settle();

  const tracked: Tracked[] = [];
  const history: HistoryEntry[] = [];
  const latest = new Map<string, HistoryEntry>();
  const snapshots = new Map<KubeObject, string>();
  const verified = new WeakSet<KubeObject>();

  const targets = (): Target[] => KINDS.flatMap((info) => store.select(info.kind).map((obj) => ({
    info, obj, namespace: obj.metadata.namespace, name: obj.metadata.name!,
  })));
  const resolve = (pick: number): Target => {
    const all = targets();
    // One pick in ten (or an empty store) names an object that does not exist.
    if (all.length > 0 && pick % 10 !== 9) return all[Math.floor(pick / 10) % all.length]!;
    return { info: KINDS[pick % KINDS.length]!, namespace: 'default', name: `ghost-${pick}` };
  };
  const withRv = (obj: unknown, mode: RvMode, current: string | undefined): unknown => {
    const meta = obj !== null && typeof obj === 'object' ? (obj as KubeObject).metadata : undefined;
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return obj;
    if (mode === 'none') delete meta.resourceVersion;
    else if (mode === 'stale') meta.resourceVersion = String(Math.max(0, Number(current ?? '1') - 1));
    else if (mode === 'future') meta.resourceVersion = String(store.resourceVersion + 10);
    else if (mode === 'garbage') meta.resourceVersion = 'abc';
    return obj;
  };
  const base = (t: Target): KubeObject =>
    t.obj ? cloneJson(t.obj) : { apiVersion: t.info.apiVersion, kind: t.info.kind, metadata: { name: t.name, namespace: t.namespace } };

  const apply = (op: StoreOp): unknown => {
    switch (op.op) {
      case 'create': return store.create(deepFreeze(cloneJson(op.input)) as KubeObject, { dryRun: op.dryRun });
      case 'update': {
        const t = resolve(op.pick);
        let obj: unknown = base(t);
        const e = op.edit;
        const o = obj as KubeObject;
        if (e.kind === 'label') o.metadata.labels = { ...o.metadata.labels, track: e.value };
        else if (e.kind === 'finalizers') o.metadata.finalizers = e.value;
        else if (e.kind === 'replicas') o.spec = { ...(typeof o.spec === 'object' ? o.spec : {}), replicas: e.value };
        else if (e.kind === 'mutation') obj = applyMutation(obj, e.mutation);
        else obj = cloneJson(e.input);
        return store.update(deepFreeze(withRv(obj, op.rv, t.obj?.metadata.resourceVersion)) as KubeObject, { dryRun: op.dryRun });
      }
      case 'updateStatus': {
        const t = resolve(op.pick);
        const obj = base(t);
        obj.status = cloneJson(op.status);
        return store.updateStatus(deepFreeze(withRv(obj, op.rv, t.obj?.metadata.resourceVersion)) as KubeObject);
      }
      case 'patch': {
        const t = resolve(op.pick);
        return store.patch(t.info.kind, t.namespace, t.name, op.type as PatchType, deepFreeze(cloneJson(op.body)),
          { subresource: op.status ? 'status' : undefined, dryRun: op.dryRun });
      }
      case 'delete': {
        const t = resolve(op.pick);
        const o = op.options;
        const pre = o.preconditions as { uid?: string; resourceVersion?: string } | undefined;
        const options = {
          ...o,
          preconditions: pre && {
            uid: pre.uid && (pre.uid === 'right' ? t.obj?.metadata.uid : 'wrong-uid'),
            resourceVersion: pre.resourceVersion && (pre.resourceVersion === 'right' ? t.obj?.metadata.resourceVersion : '1'),
          },
        } as DeleteOptions;
        return store.delete(t.info.kind, t.namespace, t.name, deepFreeze(options));
      }
      case 'bind': {
        const pods = store.select('Pod');
        const pod = pods.length > 0 && op.pick % 10 !== 9 ? pods[op.pick % pods.length]!.metadata : { namespace: 'default', name: 'ghost' };
        return store.bind(pod.namespace!, pod.name!, op.node);
      }
      case 'watch': {
        const kind = KINDS[op.kind]?.kind;
        const label = op.label ?? undefined;
        const oldest = store.history.oldest();
        const from = op.from === 'now' ? String(store.resourceVersion) : op.from === 'zero' ? '0'
          : op.from === 'oldest' ? String(oldest === undefined ? 0 : oldest - 1) : 'abc';
        // resourceVersion "0" means "current state first" (synthetic ADDED events), not "replay from the start".
        const initial = from === '0';
        const received: Seen[] = [];
        const present = initial ? new Set((kind ? [kind] : KINDS.map((k) => k.kind)).flatMap((k) => store.select(k))
          .filter((obj) => !label || obj.metadata.labels?.[label] !== undefined)) : undefined;
        const matches = label ? (obj: KubeObject) => obj.metadata.labels?.[label] !== undefined : undefined;
        const watch = store.watch({ kind, matches }, (ev) => received.push({ type: ev.type, object: ev.object }), { resourceVersion: from });
        tracked.push({ watch, kind, label, fromRv: initial ? store.resourceVersion : Number(from), initial: present, received });
        return watch;
      }
      case 'stopWatch': {
        const live = tracked.filter((t) => t.stoppedAtRv === undefined);
        const rec = live[op.pick % Math.max(1, live.length)];
        if (rec) {
          rec.watch.stop();
          rec.stoppedAtRv = store.resourceVersion;
        }
        return undefined;
      }
      case 'advance':
        engine.advance(op.ms);
        return undefined;
    }
  };

  /** What a tracked watcher must have received by now: its filter applied to the history after its start. */
  const expectedFor = (t: Tracked): Seen[] => {
    const out: Seen[] = [];
    const matches = (o: KubeObject | undefined) => !t.label || o?.metadata.labels?.[t.label] !== undefined;
    for (const e of history) {
      if (e.rv <= t.fromRv || (t.stoppedAtRv !== undefined && e.rv > t.stoppedAtRv)) continue;
      if (t.kind && e.kind !== t.kind) continue;
      const { type, object, oldObject } = e.event;
      const now = matches(object);
      if (type !== 'MODIFIED' || !oldObject) {
        if (now) out.push({ type, object });
        continue;
      }
      const before = matches(oldObject);
      if (now && before) out.push({ type, object });
      else if (now) out.push({ type: 'ADDED', object });
      else if (before) out.push({ type: 'DELETED', object });
    }
    return out;
  };

  const sameEvents = (got: Seen[], want: Seen[]) =>
    got.length === want.length && got.every((g, i) => g.type === want[i]!.type && g.object === want[i]!.object);

  const checkError = (err: unknown, op: StoreOp) => {
    if (!(err instanceof ApiError)) {
      problems.push(`threw a non-ApiError: ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack?.split('\n').slice(1, 4).join('\n')}` : String(err)}`);
      return;
    }
    if (!REASONS[err.reason]) problems.push(`ApiError with unknown reason ${String(err.reason)}`);
    if (typeof err.message !== 'string' || err.message.trim() === '') problems.push(`ApiError ${err.reason} with an empty message`);
    if (!Number.isInteger(err.code) || err.code < 400 || err.code > 599) problems.push(`ApiError ${err.reason} with code ${err.code}`);
    if (STACK_FRAME.test(err.message)) problems.push(`ApiError message holds a stack trace: ${err.message.slice(0, 300)}`);
    if (err.reason === 'InternalError' && !/Maximum call stack/.test(err.message)) problems.push(`InternalError (a bug caught late): ${err.message.slice(0, 300)}`);
    const input = opText(op);
    for (const artefact of ['undefined', '[object Object]']) {
      if (err.message.includes(artefact) && !input.includes(artefact)) problems.push(`ApiError message contains "${artefact}": ${err.message.slice(0, 300)}`);
    }
  };

  const checkState = () => {
    // The history: one entry per write, resourceVersions 1, 2, 3… with each event's object at its entry's version.
    const fresh = [...store.history.since(history.length ? history[history.length - 1]!.rv : 0)];
    for (const e of fresh) {
      const prev = history.length ? history[history.length - 1]!.rv : 0;
      if (e.rv !== prev + 1) problems.push(`history jumps from rv ${prev} to ${e.rv}`);
      if (e.event.object.metadata.resourceVersion !== String(e.rv)) {
        problems.push(`history entry ${e.rv} (${e.event.type} ${e.kind}) holds an object at rv ${String(e.event.object.metadata.resourceVersion)}`);
      }
      history.push(e);
      const m = e.event.object.metadata;
      latest.set(`${e.kind}/${m.namespace ?? ''}/${m.name}`, e);
      for (const o of [e.event.object, e.event.oldObject]) {
        if (o && !snapshots.has(o)) {
          const text = safeJson(o);
          if (text !== undefined) snapshots.set(o, text);
        }
      }
    }
    const lastRv = history.length ? history[history.length - 1]!.rv : 0;
    if (lastRv !== store.resourceVersion) problems.push(`store.resourceVersion ${store.resourceVersion} but the last write in history is ${lastRv}`);
    if (!sameEvents(mainSeen, history.map((e) => ({ type: e.event.type, object: e.event.object })))) {
      problems.push(`the watcher started at the beginning saw ${mainSeen.length} events, history has ${history.length} (or order/identity differ)`);
    }
    for (const t of tracked) {
      const want = expectedFor(t);
      let got = t.received;
      if (t.initial) {
        const first = got.slice(0, t.initial.size);
        if (first.length < t.initial.size || first.some((s) => s.type !== 'ADDED' || !t.initial!.has(s.object))) {
          problems.push(`watch (kind ${t.kind ?? '*'}, label ${t.label ?? '-'}) did not start with ADDED for the ${t.initial.size} objects present`);
        }
        got = got.slice(t.initial.size);
      }
      if (!sameEvents(got, want)) {
        problems.push(`watch (kind ${t.kind ?? '*'}, label ${t.label ?? '-'}, from rv ${t.fromRv}) received ${got.length} events, expected ${want.length}`);
      }
    }
    // Every stored object: readable every way, with identity, frozen, and the latest thing the history says about it.
    const uids = new Set<string>();
    let stored = 0;
    for (const info of KINDS) {
      const items = store.select(info.kind);
      const listed = store.list(info.kind).items;
      stored += items.length;
      if (listed.length !== items.length || store.count(info.kind) !== items.length || listed.some((o) => !items.includes(o))) {
        problems.push(`${info.kind}: list has ${listed.length}, select ${items.length}, count ${store.count(info.kind)}`);
      }
      for (const obj of items) {
        const m = obj.metadata;
        const who = `${info.kind} ${String(m.namespace ?? '')}/${String(m.name)}`;
        if (typeof m.name !== 'string' || m.name === '') problems.push(`${who}: stored without a name`);
        else if (store.tryGet(info.kind, m.namespace, m.name) !== obj) problems.push(`${who}: get does not return the stored object`);
        if (info.namespaced !== (typeof m.namespace === 'string' && m.namespace !== '')) problems.push(`${who}: namespace does not fit the kind's scope`);
        if (typeof m.uid !== 'string' || m.uid === '' || uids.has(m.uid)) problems.push(`${who}: missing or duplicate uid ${String(m.uid)}`);
        else if (store.byUid(m.uid) !== obj) problems.push(`${who}: byUid does not return it`);
        uids.add(String(m.uid));
        if (typeof m.resourceVersion !== 'string' || !/^[1-9]\d*$/.test(m.resourceVersion) || Number(m.resourceVersion) > store.resourceVersion) {
          problems.push(`${who}: resourceVersion ${String(m.resourceVersion)} (store at ${store.resourceVersion})`);
        }
        if (typeof m.creationTimestamp !== 'string' || !TIMESTAMP.test(m.creationTimestamp)) problems.push(`${who}: creationTimestamp ${String(m.creationTimestamp)}`);
        if (obj.kind !== info.kind || obj.apiVersion !== info.apiVersion) problems.push(`${who}: stored as ${obj.apiVersion} ${obj.kind}`);
        if (!verified.has(obj)) { // an object checked once is frozen; the final snapshot comparison covers later changes
          if (!isDeepFrozen(obj)) problems.push(`${who}: stored object is not frozen`);
          const nonJson = nonJsonAt(obj);
          if (nonJson) problems.push(`${who}: stored object is not JSON data at ${nonJson}`);
          verified.add(obj);
        }
        const last = latest.get(`${info.kind}/${m.namespace ?? ''}/${m.name}`);
        if (!last || last.event.object !== obj || last.event.type === 'DELETED') problems.push(`${who}: the history's last event for it is not its current state`);
      }
    }
    const live = [...latest.values()].filter((e) => e.event.type !== 'DELETED').length;
    if (live !== stored) problems.push(`history says ${live} objects exist, the store holds ${stored}`);
  };

  const dropIgnored = () => problems.splice(0, problems.length, ...problems.filter((p) => !ignore!.test(p)));

  checkState();
  if (problems.length > 0) return problems.map((p) => `before the first step: ${p}`);
  for (const [step, op] of scenario.ops.entries()) {
    const rvBefore = store.resourceVersion;
    let failed = false;
    try {
      const result = apply(op);
      count(`${op.op}:ok`);
      const dryRun = 'dryRun' in op && op.dryRun || (op.op === 'delete' && op.options.dryRun === true);
      if (dryRun && store.resourceVersion !== rvBefore) problems.push(`a dry run wrote (rv ${rvBefore} → ${store.resourceVersion})`);
      if (!dryRun && result && typeof result === 'object' && 'metadata' in result && op.op !== 'watch') {
        // What a write returns is what it stored (or, for a removal, the last version): the history holds it at its rv.
        const r = result as KubeObject;
        const rv = Number(r.metadata.resourceVersion);
        if (!(rv >= 1) || (store.history.oldest() ?? 1) !== 1 || [...store.history.since(rv - 1)][0]?.event.object !== r) {
          problems.push(`${op.op} returned an object that is not the one the history holds at its resourceVersion ${String(r.metadata.resourceVersion)}`);
        }
      }
    } catch (err) {
      failed = true;
      count(`${op.op}:${err instanceof ApiError ? err.reason : 'thrown'}`);
      checkError(err, op);
      if (store.resourceVersion !== rvBefore) problems.push(`a failed ${op.op} wrote (rv ${rvBefore} → ${store.resourceVersion})`);
    }
    try {
      engine.settle();
    } catch (err) {
      problems.push(`settle threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
    if (ignore) dropIgnored();
    if (problems.length === 0) checkState();
    if (ignore) dropIgnored();
    if (problems.length > 0) count(`${op.op}:problem`);
    if (problems.length > 0) return problems.map((p) => `step ${step} (${failed ? 'failed ' : ''}${describeOp(op)}): ${p}`);
  }
  for (const [obj, text] of snapshots) {
    if (safeJson(obj) !== text) problems.push(`a stored object changed after it was written: ${text.slice(0, 200)}`);
  }
  return problems;
}
