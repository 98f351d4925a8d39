import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../source/api/kinds.js';
import type { KubeObject } from '../../../source/api/meta.js';
import { printerFor, tableFor } from '../../../source/api/print/columns.js';
import { printGet } from '../../../source/api/print/tabwriter.js';
import { NOW } from './helpers.js';

/** Partial and malformed shapes a printer may meet: missing sections, wrong types, null entries in lists. */
function badObjects(apiVersion: string, kind: string): KubeObject[] {
  const base = { apiVersion, kind };
  const nulls = {
    containers: [null], initContainers: [null, { restartPolicy: 'Always' }], ports: [null], metrics: [null, { type: 'Resource' }],
    template: { spec: { containers: [null] } }, jobTemplate: { spec: null }, selector: { matchExpressions: [null] },
    readinessGates: [null], capacity: null, claimRef: {}, scaleTargetRef: null, externalIPs: [null], accessModes: [null],
  };
  // These shapes deliberately break the object model's types.
  const bad = (o: Record<string, unknown>): KubeObject => ({ ...base, ...o }) as unknown as KubeObject;
  return [
    { ...base, metadata: {} },
    { ...base, metadata: null } as unknown as KubeObject,
    bad({ metadata: { name: 'x', creationTimestamp: 'not a time', labels: 'oops' }, spec: null, status: null }),
    bad({ metadata: { name: 'x' }, spec: 'garbage', status: 42, subsets: 'x', endpoints: 7, involvedObject: null, subjects: 'x' }),
    bad({
      metadata: { name: 'x', ownerReferences: [null, { controller: true, apiVersion: 'a/b/c' }], annotations: null }, spec: nulls,
      status: {
        conditions: [null], containerStatuses: [null], initContainerStatuses: [null], currentMetrics: [null], loadBalancer: { ingress: [null] },
        hard: { pods: null }, active: 'x', addresses: [null], nodeInfo: null, podIPs: [null],
      },
      subsets: [null, { addresses: [null], ports: [null] }], endpoints: [null, { addresses: null }], subjects: [null], roleRef: null,
      series: {}, data: 'x', secrets: {},
    }),
  ];
}

describe('printing never throws', () => {
  for (const info of [...KINDS, { kind: 'Widget', apiVersion: 'example.com/v1' }]) {
    it(`${info.kind}: every printer cell is a string for partial and malformed objects`, () => {
      const printer = printerFor(info.kind);
      for (const o of badObjects(info.apiVersion, info.kind)) {
        // Call the printer directly: the fallback in tableFor must not be what keeps this from throwing.
        const cells = printer.cells(o, NOW);
        expect(cells).toHaveLength(printer.columns.length);
        for (const c of cells) expect(typeof c).toBe('string');
      }
      const objects = badObjects(info.apiVersion, info.kind);
      expect(() => tableFor(info.kind, objects, { nowMs: NOW, wide: true, allNamespaces: true })).not.toThrow();
      expect(printGet(info.kind, objects, { nowMs: NOW, wide: true }).stdout.split('\n')).toHaveLength(objects.length + 2);
    });
  }

  it('a printer that throws still yields a row of the right width', () => {
    const row = tableFor('Pod', [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, get spec(): never { throw new Error('boom'); } }], { nowMs: NOW });
    expect(row.rows[0]!.cells).toEqual(['p', '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  });
});
