import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedHeap } from '../../source/scheduler/heap.js';

describe('KeyedHeap', () => {
  it('pops in order after any mix of pushes, updates and deletes', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom('push', 'delete'), fc.integer({ min: 0, max: 20 }), fc.integer({ min: -50, max: 50 })), { maxLength: 80 }),
      (ops) => {
        const heap = new KeyedHeap<{ k: string; v: number }>((x) => x.k, (a, b) => a.v < b.v);
        const model = new Map<string, number>();
        for (const [op, k, v] of ops) {
          if (op === 'push') { heap.push({ k: `k${k}`, v }); model.set(`k${k}`, v); }
          else { heap.delete(`k${k}`); model.delete(`k${k}`); }
        }
        expect(heap.size).toBe(model.size);
        const out: number[] = [];
        for (let x = heap.pop(); x; x = heap.pop()) out.push(x.v);
        expect(out).toEqual([...model.values()].sort((a, b) => a - b));
      },
    ));
  });
});
