import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../source/api/meta.js';
import { ageSort } from '../../../source/tui/model/kind-sorts.js';
import { ObjectCache } from '../../../source/tui/model/object-cache.js';
import { compareByName, objectKey } from '../../../source/tui/model/order.js';
import { byName, compareFor, sortBulk, type SortSpec } from '../../../source/tui/model/sort.js';
import { TableModel } from '../../../source/tui/model/table-model.js';
import { FakeClient, fakePod } from './fake-client.js';

const names = (rows: readonly KubeObject[]) => rows.map(objectKey);

function model(client: FakeClient, scope = { label: 'all' }, sort?: SortSpec) {
  const cache = new ObjectCache(client.asClient());
  return new TableModel('Pod', cache.acquire('Pod'), scope, sort);
}

describe('TableModel', () => {
  it('starts in namespace/name order whatever order the cluster lists', () => {
    const c = new FakeClient('Pod', [fakePod('b', 'x'), fakePod('a', 'z'), fakePod('a', 'y')]);
    expect(names(model(c).rows)).toEqual(['a/y', 'a/z', 'b/x']);
  });

  it('keeps rows in order through adds, modifications and deletes, and limits them to the scope', () => {
    const c = new FakeClient('Pod', [fakePod('default', 'web-2')]);
    const m = model(c, { label: 'default', namespace: 'default' } as never);
    c.add(fakePod('default', 'web-1'));
    c.add(fakePod('kube-system', 'dns'));
    c.add(fakePod('default', 'web-3'));
    expect(names(m.rows)).toEqual(['default/web-1', 'default/web-2', 'default/web-3']);
    c.modify(fakePod('default', 'web-2', { phase: 'Pending' }));
    expect(names(m.rows)).toEqual(['default/web-1', 'default/web-2', 'default/web-3']);
    expect((m.rows[1] as unknown as { status: { phase: string } }).status.phase).toBe('Pending');
    c.remove('default/web-1');
    expect(names(m.rows)).toEqual(['default/web-2', 'default/web-3']);
  });

  it('re-sorts only on a sort change and then moves a changed row to its new place', () => {
    const c = new FakeClient('Pod', [fakePod('d', 'a', { created: 30 }), fakePod('d', 'b', { created: 10 }), fakePod('d', 'c', { created: 20 })]);
    const m = model(c);
    m.setSort(ageSort(false));
    // AGE ascending: youngest (created last) first.
    expect(names(m.rows)).toEqual(['d/a', 'd/c', 'd/b']);
    c.add(fakePod('d', 'e', { created: 25 }));
    expect(names(m.rows)).toEqual(['d/a', 'd/e', 'd/c', 'd/b']);
    m.setSort(ageSort(true));
    expect(names(m.rows)).toEqual(['d/b', 'd/c', 'd/e', 'd/a']);
  });

  it('filters by regex over the row cells, inverse, and label selector; rows follow changes under a filter', () => {
    const c = new FakeClient('Pod', [
      fakePod('d', 'web-1', { labels: { app: 'web' } }), fakePod('d', 'api-1', { labels: { app: 'api' }, phase: 'Pending' }), fakePod('d', 'web-2', { labels: { app: 'web' } }),
    ]);
    const m = model(c);
    m.setFilter('web');
    expect(names(m.rows)).toEqual(['d/web-1', 'd/web-2']);
    expect(m.total).toBe(3);
    m.setFilter('!web');
    expect(names(m.rows)).toEqual(['d/api-1']);
    m.setFilter('pending');
    expect(names(m.rows)).toEqual(['d/api-1']);
    m.setFilter('-l app=web');
    expect(names(m.rows)).toEqual(['d/web-1', 'd/web-2']);
    c.modify(fakePod('d', 'web-1', { labels: { app: 'other' } }));
    c.add(fakePod('d', 'web-0', { labels: { app: 'web' } }));
    expect(names(m.rows)).toEqual(['d/web-0', 'd/web-2']);
    m.setFilter('');
    expect(names(m.rows)).toEqual(['d/api-1', 'd/web-0', 'd/web-1', 'd/web-2']);
  });

  it('rejects a malformed label selector with the parser\'s message and keeps the old filter', () => {
    const c = new FakeClient('Pod', [fakePod('d', 'a')]);
    const m = model(c);
    expect(() => m.setFilter('-l app in (web')).toThrow();
    expect(m.filter).toBeUndefined();
  });

  it('takes an invalid regex literally instead of failing', () => {
    const c = new FakeClient('Pod', [fakePod('d', 'a[1'), fakePod('d', 'b')]);
    const m = model(c);
    m.setFilter('a[1');
    expect(names(m.rows)).toEqual(['d/a[1']);
  });

  it('keeps the cursor on the selected object when rows above it come and go (the first row stays first)', () => {
    const c = new FakeClient('Pod', ['c', 'd', 'e'].map((n) => fakePod('ns', n)));
    const m = model(c);
    c.add(fakePod('ns', 'b'));
    expect(objectKey(m.selected()!)).toBe('ns/b');
    c.remove('ns/b');
    m.move(1);
    expect(objectKey(m.selected()!)).toBe('ns/d');
    c.add(fakePod('ns', 'a'));
    c.add(fakePod('ns', 'b'));
    expect(objectKey(m.selected()!)).toBe('ns/d');
    c.remove('ns/a');
    expect(objectKey(m.selected()!)).toBe('ns/d');
    c.remove('ns/d');
    expect(objectKey(m.selected()!)).toBe('ns/e');
    c.remove('ns/e');
    expect(objectKey(m.selected()!)).toBe('ns/c');
  });

  it('keeps the cursor on the selected object through a burst merged in one pass', () => {
    const c = new FakeClient('Pod', ['m-0', 'm-1', 'm-2', 'm-3'].map((n) => fakePod('ns', n)));
    const m = model(c);
    m.move(2);
    for (let i = 0; i < 40; i++) c.add(fakePod('ns', `a-${String(i).padStart(2, '0')}`));
    c.remove('ns/m-1');
    expect(objectKey(m.selected()!)).toBe('ns/m-2');
    expect(m.rows).toHaveLength(43);
    // A burst that moves the selected row itself (sorted by age, it becomes the youngest).
    m.setSort(ageSort(false));
    expect(objectKey(m.selected()!)).toBe('ns/m-2');
    for (let i = 0; i < 20; i++) c.add(fakePod('ns', `b-${i}`, { created: 5 }));
    c.modify(fakePod('ns', 'm-2', { created: 50 }));
    expect(objectKey(m.selected()!)).toBe('ns/m-2');
    expect(m.cursor).toBe(0);
    // On the first row the cursor stays on the first row through a burst.
    for (let i = 0; i < 20; i++) c.add(fakePod('ns', `c-${i}`, { created: 60 + i }));
    expect(m.cursor).toBe(0);
    expect(objectKey(m.selected()!)).toBe('ns/c-19');
  });

  it('scrolls the window to keep the cursor visible', () => {
    const c = new FakeClient('Pod', Array.from({ length: 50 }, (_, i) => fakePod('ns', `p${String(i).padStart(2, '0')}`)));
    const m = model(c);
    m.bottom();
    const w = m.window(10);
    expect(w.start).toBe(40);
    expect(w.rows.map((r) => r.metadata.name)).toContain('p49');
    m.top();
    expect(m.window(10).start).toBe(0);
  });

  it('matches a full re-sort after any sequence of changes (property)', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('add' as const), n: fc.integer({ min: 0, max: 30 }), created: fc.integer({ min: 0, max: 5 }), restarts: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ t: fc.constant('del' as const), n: fc.integer({ min: 0, max: 30 }), created: fc.constant(0), restarts: fc.constant(0) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), fc.boolean(), fc.constantFrom('', 'p1', '!p2', '-l g=a'), (ops, desc, filter) => {
      const c = new FakeClient('Pod');
      const m = model(c, { label: 'all' }, ageSort(desc));
      m.setFilter(filter);
      for (const o of ops) {
        const name = `p${o.n}`;
        if (o.t === 'add') {
          const p = fakePod('ns', name, { created: o.created, restarts: o.restarts, labels: { g: o.n % 2 ? 'a' : 'b' } });
          if (c.objects.has(`ns/${name}`)) c.modify(p);
          else c.add(p);
        } else if (c.objects.has(`ns/${name}`)) c.remove(`ns/${name}`);
      }
      const fresh = model(c, { label: 'all' }, ageSort(desc));
      fresh.setFilter(filter);
      expect(names(m.rows)).toEqual(names(fresh.rows));
      // Re-sorting from the cache's maintained key column, and re-filtering over the maintained row texts.
      m.setSort(ageSort(!desc));
      m.setFilter('');
      m.setFilter(filter);
      const fresh2 = model(c, { label: 'all' }, ageSort(!desc));
      fresh2.setFilter(filter);
      expect(names(m.rows)).toEqual(names(fresh2.rows));
    }), { numRuns: 150 });
  });
});

describe('sortBulk', () => {
  it('orders exactly as the comparator does (ties by name), both directions', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5 })), { maxLength: 200 }), fc.boolean(), (pods, desc) => {
      const objs = [...new Map(pods.map(([n, created]) => [n, fakePod('ns', `p${n}`, { created })])).values()].sort(compareByName);
      const spec = ageSort(desc);
      const cache = new WeakMap();
      expect(names(sortBulk(objs, spec, cache))).toEqual(names(objs.slice().sort(compareFor(spec, cache))));
    }));
  });

  it('sorts string keys by rank and reverses name order for a descending name sort', () => {
    const objs = ['a', 'b', 'c'].map((n, i) => fakePod('ns', n, { node: ['w2', 'w1', 'w2'][i] }));
    const byNode: SortSpec = { id: 'node', column: 'NODE', desc: false, key: (o) => (o as unknown as { spec: { nodeName: string } }).spec.nodeName };
    expect(names(sortBulk(objs, byNode, new WeakMap()))).toEqual(['ns/b', 'ns/a', 'ns/c']);
    expect(names(sortBulk(objs, byName(true), new WeakMap()))).toEqual(['ns/c', 'ns/b', 'ns/a']);
    expect(sortBulk([], byNode, new WeakMap())).toEqual([]);
  });
});
