import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../source/api/meta.js';
import { isFault, rowFault } from '../../../source/tui/model/health.js';
import { ageSort } from '../../../source/tui/model/kind-sorts.js';
import { ObjectCache } from '../../../source/tui/model/object-cache.js';
import { objectKey } from '../../../source/tui/model/order.js';
import { TableModel } from '../../../source/tui/model/table-model.js';
import { FakeClient, fakePod } from './fake-client.js';

const names = (rows: readonly KubeObject[]) => rows.map(objectKey);

function model(client: FakeClient) {
  return new TableModel('Pod', new ObjectCache(client.asClient()).acquire('Pod'), { label: 'all' });
}

/** A pod whose only container waits in CrashLoopBackOff (kubectl STATUS CrashLoopBackOff: an error). */
function crashing(ns: string, name: string): KubeObject {
  const p = fakePod(ns, name, { restarts: 3 }) as unknown as { status: { containerStatuses: { ready: boolean; state: unknown }[] } };
  p.status.containerStatuses[0]!.ready = false;
  p.status.containerStatuses[0]!.state = { waiting: { reason: 'CrashLoopBackOff' } };
  return p as unknown as KubeObject;
}

describe('faults only (ctrl-z)', () => {
  it('counts failing, not-ready and terminating rows as faults; healthy and completed rows are not', () => {
    expect(['error', 'pending', 'terminating'].every((h) => isFault(h as never))).toBe(true);
    expect(isFault('ok')).toBe(false);
    expect(isFault('completed')).toBe(false);
    expect(rowFault('Pod', fakePod('d', 'ok'))).toBe(false);
    expect(rowFault('Pod', fakePod('d', 'pending', { phase: 'Pending' }))).toBe(true);
    expect(rowFault('Pod', fakePod('d', 'done', { phase: 'Succeeded', ready: false }))).toBe(false);
    expect(rowFault('Pod', crashing('d', 'crash'))).toBe(true);
    const warning = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'd' }, type: 'Warning' } as unknown as KubeObject;
    expect(rowFault('Event', warning)).toBe(true);
    expect(rowFault('Event', { ...warning, type: 'Normal' } as KubeObject)).toBe(false);
  });

  it('shows only faults, keeps them current as pods change, and shows every row again when turned off', () => {
    const c = new FakeClient('Pod', [fakePod('d', 'a'), fakePod('d', 'b', { phase: 'Pending' }), crashing('d', 'c'), fakePod('d', 'e')]);
    const m = model(c);
    m.move(2);
    expect(objectKey(m.selected()!)).toBe('d/c');
    m.setFaultsOnly(true);
    expect(names(m.rows)).toEqual(['d/b', 'd/c']);
    expect(m.total).toBe(4);
    // The cursor stays on the selected row.
    expect(objectKey(m.selected()!)).toBe('d/c');
    // A healthy pod fails, a failing one recovers, a new pending one arrives, a fault is deleted.
    c.modify(crashing('d', 'a'));
    c.modify(fakePod('d', 'b'));
    c.add(fakePod('d', 'f', { phase: 'Pending' }));
    c.add(fakePod('d', 'g'));
    expect(names(m.rows)).toEqual(['d/a', 'd/c', 'd/f']);
    c.remove('d/c');
    expect(names(m.rows)).toEqual(['d/a', 'd/f']);
    m.setFaultsOnly(false);
    expect(names(m.rows)).toEqual(['d/a', 'd/b', 'd/e', 'd/f', 'd/g']);
  });

  it('combines with a text filter in either order, and through a burst of changes merged in one pass', () => {
    const c = new FakeClient('Pod', [fakePod('d', 'web-1'), fakePod('d', 'web-2', { phase: 'Pending' }), fakePod('d', 'api-1', { phase: 'Pending' })]);
    const m = model(c);
    m.setFilter('web');
    m.setFaultsOnly(true);
    expect(names(m.rows)).toEqual(['d/web-2']);
    m.setFilter('');
    expect(names(m.rows)).toEqual(['d/api-1', 'd/web-2']);
    m.setFilter('api');
    expect(names(m.rows)).toEqual(['d/api-1']);
    m.setFilter('');
    for (let i = 0; i < 40; i++) c.add(i % 2 ? crashing('d', `burst-${i}`) : fakePod('d', `burst-${i}`));
    expect(m.rows).toHaveLength(22);
    expect(m.rows.every((o) => rowFault('Pod', o))).toBe(true);
  });

  it('says so when nothing is faulty rather than failing', () => {
    const m = model(new FakeClient('Pod', [fakePod('d', 'a')]));
    m.setFaultsOnly(true);
    m.setFaultsOnly(true);
    expect(m.rows).toEqual([]);
    expect(m.selected()).toBeUndefined();
    m.move(1);
    expect(m.cursor).toBe(0);
  });

  it('matches a fresh model after any sequence of changes, filters and sorts (property)', () => {
    const op = fc.record({ n: fc.integer({ min: 0, max: 25 }), kind: fc.constantFrom('ok', 'pending', 'crash', 'delete'), created: fc.integer({ min: 0, max: 4 }) });
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), fc.constantFrom('', 'p1', '!p2'), fc.boolean(), (ops, filter, desc) => {
      const c = new FakeClient('Pod');
      const m = model(c);
      m.setSort(ageSort(desc));
      m.setFaultsOnly(true);
      m.setFilter(filter);
      for (const o of ops) {
        const name = `p${o.n}`;
        const key = `ns/${name}`;
        if (o.kind === 'delete') {
          if (c.objects.has(key)) c.remove(key);
          continue;
        }
        const p = o.kind === 'crash' ? crashing('ns', name) : fakePod('ns', name, { phase: o.kind === 'pending' ? 'Pending' : 'Running', created: o.created });
        if (c.objects.has(key)) c.modify(p);
        else c.add(p);
      }
      const fresh = model(c);
      fresh.setSort(ageSort(desc));
      fresh.setFilter(filter);
      fresh.setFaultsOnly(true);
      expect(names(m.rows)).toEqual(names(fresh.rows));
      m.setFaultsOnly(false);
      fresh.setFaultsOnly(false);
      expect(names(m.rows)).toEqual(names(fresh.rows));
    }), { numRuns: 150 });
  });
});
