/**
 * What each kind's table offers beyond navigation (k9s's per-view keys): detail views, drill-down, and actions
 * that go through the ClusterClient, with results (or the upstream error) in the flash line.
 */
import type { Pod } from '../../api/core.js';
import type { KubeObject, LabelSelector, OwnerReference } from '../../api/meta.js';
import { labelSelectorFromObject, selectorFromSet } from '../../api/selectors.js';
import type { ActionResult } from '../../client/cluster-client.js';
import type { Scope } from '../model/table-model.js';
import type { AppContext, Binding } from './context.js';
import { ContainersScreen } from './containers-screen.js';
import { DescribeScreen, YamlScreen, refOf } from './detail-screens.js';
import { Dialog } from './dialog.js';
import { LogsScreen } from './logs-screen.js';
import { MetricsScreen } from './metrics-pane.js';
import { focusFor } from './metrics-follow.js';
import { trafficDialog } from './traffic-dialog.js';
import type { TableView } from './table-view.js';
import { objName } from '../model/order.js';

/** Kinds whose rows the metrics pane can follow (`m`). */
const METRICS_KINDS = new Set([
  'Node', 'Pod', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController',
  'HorizontalPodAutoscaler', 'VerticalPodAutoscaler',
]);
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);
const RESTARTABLE = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
/** Kinds whose `enter` lists the pods their selector picks. */
const SELECTING = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'Service', 'ReplicationController']);

const nameOf = (o: KubeObject) => (o.metadata.namespace ? `${o.metadata.namespace}/${objName(o)}` : objName(o));

/** Report one or many action results in the flash line: all messages, or the first error (with how many failed). */
export function reportResults(ctx: AppContext, results: ActionResult[]): void {
  if (!results.length) return;
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    const more = failed.length > 1 ? ` (${failed.length} of ${results.length} failed)` : '';
    ctx.flash(failed[0]!.message + more, 'error');
  } else {
    ctx.flash(results.length === 1 ? results[0]!.message : `${results[0]!.message} (+${results.length - 1} more)`, 'info');
  }
}

/** The pods a workload or service selects, as a view scope. */
export function selectorScope(kind: string, o: KubeObject): Scope | undefined {
  // any: each selecting kind keeps its selector in a different place (spec.selector object or map).
  const spec = (o as any).spec ?? {}; // any: see above (selector / template location differs per kind)
  let sel;
  try {
    sel = kind === 'Service' || kind === 'ReplicationController'
      ? (spec.selector && Object.keys(spec.selector).length ? selectorFromSet(spec.selector as Record<string, string>) : undefined)
      : labelSelectorFromObject(spec.selector as LabelSelector | undefined);
  } catch {
    return undefined;
  }
  if (!sel) return undefined;
  const ns = o.metadata.namespace;
  return { label: `${ns}:${objName(o)}`, namespace: ns, matches: (p) => sel.matches(p.metadata.labels) };
}

/** The controller owner of an object, if any. */
export function controllerOf(o: KubeObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];
}

/** `enter`: what opens below a row. */
function drill(ctx: AppContext, view: TableView, o: KubeObject): void {
  const kind = view.kind;
  if (kind === 'Node') {
    const node = objName(o);
    ctx.openTable('Pod', { push: true, scope: { label: `node:${node}`, matches: (p) => (p as Pod).spec?.nodeName === node } });
  } else if (kind === 'Namespace') {
    ctx.setNamespace(objName(o));
    ctx.openTable('Pod', { push: true, scope: { label: objName(o), namespace: objName(o) } });
  } else if (kind === 'CronJob') {
    const uid = o.metadata.uid;
    ctx.openTable('Job', { push: true, scope: { label: `${o.metadata.namespace}:${objName(o)}`, matches: (j) => !!uid && !!j.metadata.ownerReferences?.some((r) => r.uid === uid) } });
  } else if (kind === 'Pod') {
    ctx.push(new ContainersScreen(ctx, o.metadata.namespace ?? 'default', objName(o)));
  } else if (SELECTING.has(kind)) {
    const scope = selectorScope(kind, o);
    if (scope) ctx.openTable('Pod', { push: true, scope });
    else ctx.flash(`${view.resource} ${nameOf(o)} selects no pods`, 'warn');
  } else {
    ctx.push(new DescribeScreen(ctx, refOf(kind, o)));
  }
}

/** `shift-j`: open the owner's view with the cursor on it. */
function jumpToOwner(ctx: AppContext, o: KubeObject): void {
  const ref = controllerOf(o);
  if (!ref) {
    ctx.flash(`${nameOf(o)} has no owner`, 'warn');
    return;
  }
  const owner = ctx.client.get(ref.kind, o.metadata.namespace, ref.name);
  if (!owner) {
    ctx.flash(`owner ${ref.kind}/${ref.name} not found`, 'warn');
    return;
  }
  const ns = owner.metadata.namespace;
  ctx.openTable(ref.kind, { push: true, select: owner, scope: ns ? { label: ns, namespace: ns } : { label: '' } });
}

/** Ask, then run on every target. */
function confirmEach(ctx: AppContext, title: string, what: string, targets: KubeObject[], run: (o: KubeObject) => ActionResult, danger = false): void {
  if (!targets.length) return;
  const subject = targets.length === 1 ? nameOf(targets[0]!) : `${targets.length} marked rows`;
  ctx.openDialog(new Dialog({
    title, danger, message: [`${what} ${subject}?`], buttons: ['OK', 'Cancel'],
    onSubmit: () => reportResults(ctx, targets.map(run)),
  }));
}

function scaleDialog(ctx: AppContext, view: TableView, targets: KubeObject[]): void {
  if (!targets.length) return;
  const first = targets[0]! as KubeObject & { spec?: { replicas?: number } };
  ctx.openDialog(new Dialog({
    title: 'Scale',
    message: [targets.length === 1 ? `${view.resource} ${nameOf(first)}` : `${targets.length} marked ${view.resource}`],
    fields: [{ type: 'number', id: 'replicas', label: 'Replicas', value: String(first.spec?.replicas ?? 1) }],
    buttons: ['OK', 'Cancel'],
    onSubmit: (v) => {
      const text = String(v.replicas).trim();
      if (!/^-?\d+$/.test(text)) return 'replicas must be a whole number';
      reportResults(ctx, targets.map((o) => ctx.client.scale(view.kind, o.metadata.namespace ?? '', objName(o), Number(text))));
    },
  }));
}

function scaleBy(ctx: AppContext, view: TableView, targets: KubeObject[], delta: number): void {
  reportResults(ctx, targets.map((o) => {
    const current = (o as KubeObject & { spec?: { replicas?: number } }).spec?.replicas ?? 1;
    return ctx.client.scale(view.kind, o.metadata.namespace ?? '', objName(o), current + delta);
  }));
}

function deleteDialog(ctx: AppContext, view: TableView, targets: KubeObject[]): void {
  if (!targets.length) return;
  ctx.openDialog(new Dialog({
    title: 'Delete', danger: true,
    message: [`Delete ${targets.length === 1 ? `${view.info?.singular ?? view.kind} ${nameOf(targets[0]!)}` : `${targets.length} marked ${view.resource}`}?`],
    fields: [
      { type: 'choice', id: 'propagation', label: 'Propagation', options: ['Background', 'Foreground', 'Orphan'], index: 0 },
      { type: 'bool', id: 'force', label: 'Force', value: false },
    ],
    buttons: ['OK', 'Cancel'],
    onSubmit: (v) => {
      const force = v.force === true;
      reportResults(ctx, targets.map((o) => ctx.client.delete(view.kind, o.metadata.namespace, objName(o), {
        propagationPolicy: v.propagation as 'Background' | 'Foreground' | 'Orphan',
        force, gracePeriodSeconds: force ? 0 : undefined,
      })));
    },
  }));
}

/** kubectl drain's options as k9s's drain dialog offers them. */
function drainDialog(ctx: AppContext, targets: KubeObject[]): void {
  if (!targets.length) return;
  ctx.openDialog(new Dialog({
    title: 'Drain', danger: true,
    message: [`Drain ${targets.length === 1 ? `node ${objName(targets[0]!)}` : `${targets.length} marked nodes`}?`],
    fields: [
      { type: 'number', id: 'grace', label: 'Grace Period (s)', value: '-1' },
      { type: 'text', id: 'timeout', label: 'Timeout (0 = none)', value: '0s' },
      { type: 'bool', id: 'ignoreDaemonSets', label: 'Ignore DaemonSets', value: true },
      { type: 'bool', id: 'deleteEmptyDirData', label: 'Delete EmptyDir Data', value: false },
      { type: 'bool', id: 'force', label: 'Force', value: false },
    ],
    buttons: ['OK', 'Cancel'],
    onSubmit: (v) => {
      const grace = Number(v.grace);
      if (!Number.isInteger(grace)) return 'grace period must be a whole number of seconds (-1 = each pod\'s own)';
      const m = /^(\d+)(ms|s|m|h)?$/.exec(String(v.timeout).trim());
      if (!m) return 'timeout must be a duration such as 0s, 90s, 5m';
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
      const timeoutMs = Number(m[1]) * unit;
      for (const node of targets) {
        try {
          const handle = ctx.client.drain(objName(node), {
            gracePeriodSeconds: grace < 0 ? undefined : grace, timeoutMs: timeoutMs > 0 ? timeoutMs : undefined,
            ignoreDaemonSets: v.ignoreDaemonSets === true, deleteEmptyDirData: v.deleteEmptyDirData === true, force: v.force === true,
          });
          ctx.watchDrain(objName(node), handle);
        } catch (err) {
          ctx.flash(`drain ${objName(node)}: ${err instanceof Error ? err.message : String(err)}`, 'error');
        }
      }
    },
  }));
}

/** Kinds `e` edits: their pod template (image, requests, limits) and, where they have it, replicas. */
const EDITABLE = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/**
 * `e`: a small form over replicas, the first container's image and its CPU / memory requests and limits, sent as
 * one merge patch (the containers list is sent whole: a merge patch replaces lists). Empty resource fields remove
 * the value.
 */
function editDialog(ctx: AppContext, view: TableView, o: KubeObject): void {
  // any: the pod template sits at the same path in every editable kind; fields are read defensively.
  const spec = (o as any).spec ?? {}; // any: see above (selector / template location differs per kind)
  const containers: Record<string, any>[] = spec.template?.spec?.containers ?? []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const first = containers[0];
  if (!first) {
    ctx.flash(`${nameOf(o)} has no containers to edit`, 'warn');
    return;
  }
  const res = first.resources ?? {};
  const hasReplicas = view.kind !== 'DaemonSet';
  ctx.openDialog(new Dialog({
    title: 'Edit',
    message: [`${view.info?.singular ?? view.kind} ${nameOf(o)}, container ${first.name}${containers.length > 1 ? ` (1 of ${containers.length})` : ''}`],
    fields: [
      ...(hasReplicas ? [{ type: 'number' as const, id: 'replicas', label: 'Replicas', value: String(spec.replicas ?? 1) }] : []),
      { type: 'text', id: 'image', label: 'Image', value: String(first.image ?? '') },
      { type: 'text', id: 'cpuRequest', label: 'CPU request', value: String(res.requests?.cpu ?? '') },
      { type: 'text', id: 'memoryRequest', label: 'Memory request', value: String(res.requests?.memory ?? '') },
      { type: 'text', id: 'cpuLimit', label: 'CPU limit', value: String(res.limits?.cpu ?? '') },
      { type: 'text', id: 'memoryLimit', label: 'Memory limit', value: String(res.limits?.memory ?? '') },
    ],
    buttons: ['Save', 'Cancel'],
    onSubmit: (v) => {
      const text = (k: string) => String(v[k] ?? '').trim();
      if (hasReplicas && !/^-?\d+$/.test(text('replicas'))) return 'replicas must be a whole number';
      if (!text('image')) return 'image must not be empty';
      const list = (cpu: string, memory: string, old: Record<string, string> | undefined) => {
        const out: Record<string, string> = { ...old };
        if (cpu) out.cpu = cpu;
        else delete out.cpu;
        if (memory) out.memory = memory;
        else delete out.memory;
        return Object.keys(out).length ? out : undefined;
      };
      const resources = {
        ...res,
        requests: list(text('cpuRequest'), text('memoryRequest'), res.requests),
        limits: list(text('cpuLimit'), text('memoryLimit'), res.limits),
      };
      const edited = [{ ...first, image: text('image'), resources }, ...containers.slice(1)];
      const patch = { spec: { ...(hasReplicas ? { replicas: Number(text('replicas')) } : {}), template: { spec: { containers: edited } } } };
      reportResults(ctx, [ctx.client.patch(view.kind, o.metadata.namespace, objName(o), patch)]);
    },
  }));
}

/** The per-kind keys of a table view. */
export function kindBindings(ctx: AppContext, view: TableView): Binding[] {
  const kind = view.kind;
  const c = ctx.client;
  const sel = () => view.model.selected();
  const targets = () => view.model.targets(view.lookup);
  const withSel = (fn: (o: KubeObject) => void) => () => {
    const o = sel();
    if (o) fn(o);
  };
  const out: Binding[] = [
    { key: 'enter', label: 'View', hidden: true, run: withSel((o) => drill(ctx, view, o)) },
    { key: 'd', label: 'Describe', run: withSel((o) => ctx.push(new DescribeScreen(ctx, refOf(kind, o)))) },
    { key: 'y', label: 'YAML', run: withSel((o) => ctx.push(new YamlScreen(ctx, refOf(kind, o)))) },
  ];
  if (kind === 'Pod') {
    out.push(
      { key: 'l', label: 'Logs', run: withSel((o) => ctx.push(new LogsScreen(ctx, o.metadata.namespace ?? 'default', objName(o)))) },
      { key: 'p', label: 'Logs Previous', run: withSel((o) => ctx.push(new LogsScreen(ctx, o.metadata.namespace ?? 'default', objName(o), true))) },
      { key: 'shift-j', label: 'Jump Owner', run: withSel((o) => jumpToOwner(ctx, o)) },
      { key: 'o', label: 'Show Node', hidden: true, run: withSel((o) => {
        const node = (o as Pod).spec?.nodeName;
        const n = node ? c.get('Node', undefined, node) : undefined;
        if (n) ctx.openTable('Node', { push: true, select: n, scope: { label: '' } });
        else ctx.flash(`${nameOf(o)} is not bound to a node`, 'warn');
      }) },
      { key: 'ctrl-k', label: 'Kill', mutating: true, run: () => reportResults(ctx, targets().map((o) => c.delete('Pod', o.metadata.namespace, objName(o), { gracePeriodSeconds: 0 }))) },
    );
  } else if (kind === 'ReplicaSet' || kind === 'Job') {
    out.push({ key: 'shift-j', label: 'Jump Owner', run: withSel((o) => jumpToOwner(ctx, o)) });
  }
  if (kind === 'Node') {
    out.push(
      { key: 'c', label: 'Cordon', mutating: true, run: () => reportResults(ctx, targets().map((o) => c.cordon(objName(o)))) },
      { key: 'u', label: 'Uncordon', mutating: true, run: () => reportResults(ctx, targets().map((o) => c.uncordon(objName(o)))) },
      { key: 'r', label: 'Drain', mutating: true, run: () => drainDialog(ctx, targets()) },
    );
  }
  if (SCALABLE.has(kind)) {
    out.push(
      { key: 's', label: 'Scale', mutating: true, run: () => scaleDialog(ctx, view, targets()) },
      { key: '+', label: 'Scale Up', mutating: true, run: () => scaleBy(ctx, view, targets(), 1) },
      { key: '-', label: 'Scale Down', mutating: true, run: () => scaleBy(ctx, view, targets(), -1) },
    );
  }
  if (EDITABLE.has(kind)) {
    out.push({ key: 'e', label: 'Edit', mutating: true, run: withSel((o) => editDialog(ctx, view, o)) });
  }
  if (RESTARTABLE.has(kind)) {
    out.push({ key: 'r', label: 'Restart', mutating: true, run: () => confirmEach(ctx, 'Restart', `Restart ${view.info?.singular ?? kind}`, targets(), (o) => c.rolloutRestart(kind, o.metadata.namespace ?? '', objName(o))) });
  }
  if (kind === 'Deployment') {
    out.push({ key: 'u', label: 'Undo (rollback)', mutating: true, run: () => confirmEach(ctx, 'Rollback', 'Roll back to the previous revision:', targets(), (o) => c.rolloutUndo(kind, o.metadata.namespace ?? '', objName(o))) });
  }
  if (kind === 'ReplicaSet') {
    out.push({ key: 'ctrl-l', label: 'Rollback', mutating: true, run: withSel((o) => {
      const owner = controllerOf(o);
      const revision = Number(o.metadata.annotations?.['deployment.kubernetes.io/revision']);
      if (!owner || owner.kind !== 'Deployment') {
        ctx.flash(`${nameOf(o)} is not owned by a Deployment`, 'warn');
        return;
      }
      confirmEach(ctx, 'Rollback', `Roll deployment ${owner.name} back to revision ${Number.isFinite(revision) ? revision : '?'} of`, [o],
        () => c.rolloutUndo('Deployment', o.metadata.namespace ?? '', owner.name, Number.isFinite(revision) ? revision : undefined));
    }) });
  }
  if (kind === 'CronJob') {
    out.push(
      { key: 't', label: 'Trigger', mutating: true, run: () => reportResults(ctx, targets().map((o) => c.triggerCronJob(o.metadata.namespace ?? '', objName(o)))) },
      { key: 's', label: 'Suspend/Resume', mutating: true, run: () => reportResults(ctx, targets().map((o) => {
        const suspended = !!(o as KubeObject & { spec?: { suspend?: boolean } }).spec?.suspend;
        return c.suspendCronJob(o.metadata.namespace ?? '', objName(o), !suspended);
      })) },
    );
  }
  if (kind === 'Service' && ctx.controls?.traffic) {
    out.push({ key: 't', label: 'Traffic', mutating: true, run: withSel((o) => trafficDialog(ctx, o.metadata.namespace ?? 'default', objName(o))) });
  }
  if (ctx.controls && METRICS_KINDS.has(kind)) {
    out.push({ key: 'm', label: 'Metrics', run: withSel((o) => {
      const focus = focusFor(ctx, kind, o);
      if (!focus) return;
      ctx.metrics.setFocus(focus, c.now());
      ctx.push(new MetricsScreen(ctx));
    }) });
  }
  out.push({ key: 'ctrl-d', label: 'Delete', mutating: true, run: () => deleteDialog(ctx, view, targets()) });
  return out;
}
