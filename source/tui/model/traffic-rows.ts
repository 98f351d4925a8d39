/**
 * The traffic view's rows: one per Service with traffic — request rate, failed rate, availability over the last
 * 5 minutes and since traffic began, the latency estimate, the ready endpoints the rate is split over, and the model.
 */
import type { ServiceSli } from '../../client/cluster-client.js';
import { healthColor } from '../theme.js';
import type { Health } from './health.js';
import { fmt } from './metrics-focus.js';

/** The traffic view's columns (SOURCE only when wide). */
export const TRAFFIC_COLUMNS = [
  { name: 'NAMESPACE' }, { name: 'NAME' }, { name: 'REQ/S' }, { name: 'FAILED/S' }, { name: 'AVAIL-5M' }, { name: 'AVAIL' },
  { name: 'LATENCY' }, { name: 'ENDPOINTS' }, { name: 'SOURCE', priority: 1 }, { name: 'MODEL' },
] as const;

/** Availability below this (over the window) is an error row; any failed request makes a row pending. */
export const AVAILABILITY_SLO = 99;

/** A traffic row: cells aligned with TRAFFIC_COLUMNS, numeric sort keys, health. */
export interface TrafficRow {
  key: string;
  cells: string[];
  sortKeys: (string | number)[];
  health: Health;
  color: string;
  namespace: string;
  name: string;
}

/**
 * A Service's health from its SLIs: error when its model did not parse, when requests have no ready endpoint, or
 * when the window's availability is under the SLO; pending while some requests fail; else ok.
 */
export function trafficHealth(s: ServiceSli): Health {
  if (s.model === undefined) return 'error';
  if (s.rate > 0 && s.endpoints === 0) return 'error';
  if (s.windowAvailability < AVAILABILITY_SLO) return 'error';
  if (s.failedRate > 0) return 'pending';
  return 'ok';
}

/** One Service's row. */
export function trafficRow(s: ServiceSli): TrafficRow {
  const health = trafficHealth(s);
  const latency = s.latencyMs === undefined ? 'n/a' : fmt.ms(s.latencyMs);
  const cells = [
    s.namespace, s.name, fmt.rate(s.rate), fmt.rate(s.failedRate), fmt.avail(s.windowAvailability), fmt.avail(s.availability), latency,
    String(s.endpoints), s.source, s.model ?? '<invalid>',
  ];
  const sortKeys: (string | number)[] = [
    s.namespace, `${s.namespace}/${s.name}`, s.rate, s.failedRate, s.windowAvailability, s.availability, s.latencyMs ?? -1, s.endpoints, s.source, cells[9]!,
  ];
  return { key: `${s.namespace}/${s.name}`, cells, sortKeys, health, color: healthColor(health), namespace: s.namespace, name: s.name };
}

/** Rows for the Services with traffic, in one namespace or all. */
export function trafficRows(services: readonly ServiceSli[], namespace?: string): TrafficRow[] {
  const out: TrafficRow[] = [];
  for (const s of services) if (namespace === undefined || s.namespace === namespace) out.push(trafficRow(s));
  return out;
}
