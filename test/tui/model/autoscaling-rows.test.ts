import { describe, expect, it } from 'vitest';
import type { ActivityEntry, GroupCost, NodeGroupView, ServiceSli } from '../../../source/client/cluster-client.js';
import { groupHealth, NODEGROUP_COLUMNS, nodeGroupRows } from '../../../source/tui/model/nodegroup-rows.js';
import { TRAFFIC_COLUMNS, trafficHealth, trafficRows } from '../../../source/tui/model/traffic-rows.js';
import { dollars, price } from '../../../source/tui/model/money.js';
import { wordWrap } from '../../../source/tui/views/dialog.js';

const T0 = Date.UTC(2026, 0, 1);

function sli(over: Partial<ServiceSli> = {}): ServiceSli {
  return {
    namespace: 'shop', name: 'frontend', model: 'constant(rate=200)', source: 'annotation', rate: 200, servedRate: 200, failedRate: 0,
    served: 12_000, failed: 0, failedNoEndpoint: 0, failedSaturated: 0, failedInterrupted: 0, availability: 100, windowAvailability: 100,
    windowMs: 300_000, latencyMs: 52.4, endpoints: 3, ...over,
  };
}

function group(over: Partial<NodeGroupView> = {}): NodeGroupView {
  return {
    name: 'workers', minSize: 3, maxSize: 6, current: 3, upcoming: 0, deleting: 0, target: 3, costPerHour: 0.214, provisioningDelaySeconds: 90,
    health: 'Healthy', scaleUp: 'NoActivity', unneeded: [], ...over,
  };
}

const cell = (cols: readonly { name: string }[], cells: string[], name: string) => cells[cols.findIndex((c) => c.name === name)];

describe('traffic rows', () => {
  it('print rate, failures, availability (window and total), latency, endpoints and the model', () => {
    const [r] = trafficRows([sli({ rate: 1234, failedRate: 34, servedRate: 1200, windowAvailability: 97.25, availability: 99.5 })]);
    const c = (n: string) => cell(TRAFFIC_COLUMNS, r!.cells, n);
    expect([c('NAMESPACE'), c('NAME'), c('REQ/S'), c('FAILED/S'), c('AVAIL-5M'), c('AVAIL'), c('LATENCY'), c('ENDPOINTS'), c('SOURCE'), c('MODEL')])
      .toEqual(['shop', 'frontend', '1.2k', '34', '97.3%', '99.50%', '52ms', '3', 'annotation', 'constant(rate=200)']);
    // Numbers sort as numbers.
    expect(r!.sortKeys[2]).toBe(1234);
    expect(r!.key).toBe('shop/frontend');
  });

  it('colour Services by their SLIs: invalid model, no endpoints, window below the SLO → error; any failure → pending', () => {
    expect(trafficHealth(sli())).toBe('ok');
    expect(trafficHealth(sli({ failedRate: 0.5, windowAvailability: 99.9 }))).toBe('pending');
    expect(trafficHealth(sli({ failedRate: 50, windowAvailability: 98.9 }))).toBe('error');
    expect(trafficHealth(sli({ endpoints: 0 }))).toBe('error');
    expect(trafficHealth(sli({ model: undefined, rate: 0 }))).toBe('error');
    expect(cell(TRAFFIC_COLUMNS, trafficRows([sli({ model: undefined, latencyMs: undefined })])[0]!.cells, 'MODEL')).toBe('<invalid>');
    expect(cell(TRAFFIC_COLUMNS, trafficRows([sli({ latencyMs: undefined })])[0]!.cells, 'LATENCY')).toBe('n/a');
  });

  it('keep one namespace when the view is scoped', () => {
    const all = [sli(), sli({ namespace: 'other', name: 'api' })];
    expect(trafficRows(all).map((r) => r.key)).toEqual(['shop/frontend', 'other/api']);
    expect(trafficRows(all, 'other').map((r) => r.key)).toEqual(['other/api']);
  });
});

describe('node-group rows', () => {
  const costs: GroupCost[] = [
    { group: 'control-plane', costPerHour: 0.214, nodes: 1, nodeHours: 2, cost: 0.428 },
    { group: 'workers', costPerHour: 0.214, nodes: 4, nodeHours: 7.5, cost: 1.605 },
  ];
  const activity: ActivityEntry[] = [
    { at: T0, group: 'workers', reason: 'ScaleUp', message: '3 -> 4 (max: 6) for 2 pod(s)' },
    { at: T0 + 60_000, reason: 'TriggeredScaleUp', message: 'pod triggered scale-up' },
  ];

  it('join the pools\' bill with the autoscaler\'s groups; pools it does not manage show `-`', () => {
    const rows = nodeGroupRows([group({ current: 3, upcoming: 1, target: 4, scaleUp: 'InProgress' })], costs, activity, T0 + 120_000);
    expect(rows.map((r) => r.key)).toEqual(['control-plane', 'workers']);
    const c = (r: number, n: string) => cell(NODEGROUP_COLUMNS, rows[r]!.cells, n);
    expect(['MIN', 'MAX', 'CURRENT', 'UPCOMING', 'TARGET', '$/HOUR', 'COST SO FAR', 'HEALTH', 'SCALE-UP', 'LAST ACTIVITY'].map((n) => c(0, n)))
      .toEqual(['-', '-', '1', '-', '-', '$0.21', '$0.43', '-', '-', '<none>']);
    expect(['MIN', 'MAX', 'CURRENT', 'UPCOMING', 'TARGET', '$/HOUR', 'COST SO FAR', 'HEALTH', 'SCALE-UP', 'LAST ACTIVITY'].map((n) => c(1, n)))
      .toEqual(['3', '6', '3', '1', '4', '$0.86', '$1.61', 'Healthy', 'InProgress', 'ScaleUp (2m ago)']);
    expect([c(1, '$/NODE-HOUR'), c(1, 'NODE-HOURS'), c(1, 'PROVISIONING')]).toEqual(['$0.214', '7.50', '90s']);
    expect(rows[1]!.health).toBe('pending');
    expect(rows[0]!.autoscaled).toBe(false);
  });

  it('colour a group: unhealthy or backed off → error, scaling → pending', () => {
    expect(groupHealth(group())).toBe('ok');
    expect(groupHealth(group({ deleting: 1 }))).toBe('pending');
    expect(groupHealth(group({ scaleUp: 'Backoff' }))).toBe('error');
    expect(groupHealth(group({ health: 'Unhealthy' }))).toBe('error');
    expect(groupHealth(undefined)).toBe('ok');
  });

  it('list an autoscaled group the cost meter does not know last', () => {
    const rows = nodeGroupRows([group({ name: 'gpu', current: 0, target: 0, minSize: 0 })], costs, [], T0);
    expect(rows.map((r) => r.key)).toEqual(['control-plane', 'workers', 'gpu']);
    expect(cell(NODEGROUP_COLUMNS, rows[2]!.cells, 'COST SO FAR')).toBe('$0.00');
  });
});

describe('dialog text', () => {
  it('wraps an error at spaces, cutting only a word longer than the line', () => {
    expect(wordWrap('traffic model "spike": missing parameter "peak"', 20)).toEqual(['traffic model', '"spike": missing', 'parameter "peak"']);
    expect(wordWrap('abcdefghij xy', 4)).toEqual(['abcd', 'efgh', 'ij', 'xy']);
    expect(wordWrap('', 10)).toEqual(['']);
  });
});

describe('money', () => {
  it('prints dollars to the cent with thousands separators, and prices to up to four decimals', () => {
    expect([dollars(0), dollars(0.856), dollars(1234.5), dollars(1_234_567.891), dollars(Number.NaN)]).toEqual(['$0.00', '$0.86', '$1,234.50', '$1,234,567.89', '$0.00']);
    expect([price(0.214), price(0.5), price(1.23456), price(1000.1)]).toEqual(['$0.214', '$0.50', '$1.2346', '$1,000.10']);
  });
});
