import { describe, expect, it } from 'vitest';
import { Controller } from '../../source/engine/controller.js';
import { Engine } from '../../source/engine/engine.js';
import { SeededRandom } from '../../source/engine/random.js';
import type { KubeObject } from '../../source/api/meta.js';
import { TimerQueue } from '../../source/engine/timers.js';
import { configMap, testEngine } from '../helpers.js';

describe('TimerQueue', () => {
  it('fires in (time, sequence) order and skips cancelled timers', () => {
    const q = new TimerQueue();
    const fired: string[] = [];
    q.schedule(20, () => fired.push('b'));
    q.schedule(10, () => fired.push('a'));
    const c = q.schedule(20, () => fired.push('c'));
    q.schedule(20, () => fired.push('d'));
    q.cancel(c);
    for (let t = q.popDue(100); t; t = q.popDue(100)) t.fn();
    expect(fired).toEqual(['a', 'b', 'd']);
    expect(q.size).toBe(0);
  });
});

describe('SeededRandom', () => {
  it('is reproducible per seed and differs across seeds', () => {
    const seq = (seed: number) => { const r = new SeededRandom(seed); return Array.from({ length: 5 }, () => r.nextUint32()); };
    expect(seq(42)).toEqual(seq(42));
    expect(seq(42)).not.toEqual(seq(43));
    const r = new SeededRandom(7);
    const state = r.save();
    const a = r.next();
    r.restore(state);
    expect(r.next()).toBe(a);
  });

  it('is roughly uniform', () => {
    const r = new SeededRandom(1);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[r.int(10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});

describe('Engine step loop', () => {
  it('advances virtual time through timers in order and never goes backwards', () => {
    const engine = new Engine();
    const t0 = engine.now();
    const at: number[] = [];
    engine.after(5_000, () => at.push(engine.now() - t0));
    engine.after(1_000, () => { at.push(engine.now() - t0); engine.after(1_000, () => at.push(engine.now() - t0)); });
    engine.advance(10_000);
    expect(at).toEqual([1_000, 2_000, 5_000]);
    expect(engine.now() - t0).toBe(10_000);
    expect(() => engine.advance(-1)).toThrow(/non-negative/);
  });

  it('runs periodic timers until cancelled', () => {
    const engine = new Engine();
    let n = 0;
    const cancel = engine.every(10_000, () => n++);
    engine.advance(35_000);
    expect(n).toBe(3);
    cancel();
    engine.advance(60_000);
    expect(n).toBe(3);
  });

  it('delivers watch events to controllers through work queues and settles', () => {
    const engine = testEngine();
    class Mirror extends Controller {
      constructor(e: Engine) {
        super('mirror', e);
        this.watch({ kind: 'ConfigMap' });
      }
      protected reconcile(key: string): void {
        const [ns, name] = key.split('/');
        if (name!.endsWith('-copy')) return;
        const src = this.store.tryGet('ConfigMap', ns, name!);
        const copy = this.store.tryGet('ConfigMap', ns, `${name}-copy`);
        if (src && !copy) this.store.create(configMap(`${name}-copy`, (src.data as Record<string, string>) ?? {}, ns));
      }
    }
    const c = new Mirror(engine);
    engine.register(c);
    engine.store.create(configMap('a', { x: '1' }));
    engine.settle();
    expect(engine.store.tryGet('ConfigMap', 'default', 'a-copy')).toBeDefined();
    engine.setRunning('mirror', false);
    engine.store.create(configMap('b'));
    engine.settle();
    expect(engine.store.tryGet('ConfigMap', 'default', 'b-copy')).toBeUndefined();
    engine.setRunning('mirror', true);
    engine.settle();
    expect(engine.store.tryGet('ConfigMap', 'default', 'b-copy')).toBeDefined();
  });

  it('retries a failing reconcile with back-off in virtual time', () => {
    const engine = testEngine();
    const attempts: number[] = [];
    class Flaky extends Controller {
      constructor(e: Engine) { super('flaky', e); this.watch({ kind: 'ConfigMap' }); }
      protected reconcile(): void {
        attempts.push(engine.now());
        if (attempts.length < 4) this.store.get('Secret', 'default', 'missing');
      }
    }
    engine.register(new Flaky(engine));
    const t0 = engine.now();
    engine.store.create(configMap('a'));
    engine.advance(1_000);
    expect(attempts.map((t) => t - t0)).toEqual([0, 5, 15, 35]);
  });

  it('reports a livelock instead of hanging', () => {
    const engine = testEngine({ maxRoundsPerInstant: 50 });
    engine.register({ name: 'spinner', runOnce: () => true });
    expect(() => engine.settle()).toThrow(/did not settle after 50 rounds/);
  });
});

describe('determinism', () => {
  /** Random creates/updates/deletes driven by timers; returns the full watch log. */
  function run(seed: number): string[] {
    const engine = testEngine({ seed });
    const log: string[] = [];
    engine.store.watch({}, (e, kind) => log.push(`${engine.now()} ${e.type} ${kind} ${e.object.metadata.namespace}/${e.object.metadata.name} rv=${e.object.metadata.resourceVersion} uid=${e.object.metadata.uid} ${JSON.stringify((e.object as { data?: unknown }).data ?? null)}`));
    const r = engine.random;
    const names: string[] = [];
    const step = () => {
      const op = r.int(3);
      if (op === 0 || names.length === 0) {
        const cm = engine.store.create({ ...configMap(''), metadata: { generateName: 'cm-', namespace: 'default' } as KubeObject['metadata'], data: { v: String(r.int(1000)) } });
        names.push(cm.metadata.name!);
      } else if (op === 1) {
        const name = names[r.int(names.length)]!;
        const cur = engine.store.get('ConfigMap', 'default', name);
        engine.store.update({ ...cur, data: { v: String(r.int(1000)) } });
      } else {
        const name = names.splice(r.int(names.length), 1)[0]!;
        engine.store.delete('ConfigMap', 'default', name);
      }
      engine.after(1 + r.int(5_000), step);
    };
    for (let i = 0; i < 5; i++) engine.after(r.int(1_000), step);
    engine.advance(10 * 60_000);
    return log;
  }

  it('the same seed gives the same event log; another seed another', () => {
    const a = run(1234), b = run(1234), c = run(999);
    expect(a.length).toBeGreaterThan(1_000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
