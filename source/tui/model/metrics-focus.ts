/**
 * What the metrics pane shows for the object it follows: a node's, pod's or workload's series straight from the
 * metrics server (their history before the focus included), a Service's traffic series from the metrics server
 * when the traffic provider records them, and otherwise sampled by the UI from the Service's SLIs from the moment
 * it is followed. Without a metrics server, node and pod usage is sampled from the kubelets instead.
 */
import type { MetricsReader, SeriesScope, ServiceSli, TrafficControls } from '../../client/cluster-client.js';
import type { Focus, PaneRow, PointSeries } from './metrics.js';
import { TimeRing } from './metrics.js';
import { dollars } from './money.js';
import { type UsageReader, podTotal } from './usage.js';

/** Samples a focus keeps of its own (one per metrics-server scrape interval: 480 = 2 h at 15 s). */
const OWN_CAPACITY = 480;

/** How pane values read. */
export const fmt = {
  cpu: (v: number) => `${Math.round(v)}m`,
  mem: (v: number) => `${Math.round(v / 1048576)}Mi`,
  count: (v: number) => String(Math.round(v)),
  pct: (v: number) => `${Math.round(v)}%`,
  // Availability lives near 100%: two decimals there (99.95% must not round to 100.0%).
  avail: (v: number) => (v >= 99.995 ? '100%' : `${v.toFixed(v >= 99 || v < 10 ? 2 : 1)}%`),
  rate: (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(0)}k` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v >= 10 ? String(Math.round(v)) : v.toFixed(1)),
  ms: (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(0)}s` : `${Math.round(v)}ms`),
  dollars,
};

/** Where a focus's series come from. */
export interface FocusSources {
  metrics?: MetricsReader;
  usage: UsageReader;
  traffic?: TrafficControls;
}

const FOCUS_COLOR = 'magentaBright';

function row(label: string, series: PointSeries | undefined, format: (v: number) => string, max?: number): PaneRow {
  return { label, color: FOCUS_COLOR, series, format, max };
}

/** A node's or pod's CPU and memory: metrics-server series, or kubelet readings sampled from now. */
function usageFocus(kind: 'node' | 'pod', key: string, label: string, src: FocusSources, read: () => { cpuMilli: number; memoryBytes: number } | undefined): Focus {
  const m = src.metrics;
  const scope: SeriesScope = kind;
  if (m) {
    return {
      key: `${kind}/${key}`, label,
      rows: () => [row(`${kind} CPU`, m.series(scope, key, 'cpu'), fmt.cpu), row(`${kind} MEM`, m.series(scope, key, 'memory'), fmt.mem)],
    };
  }
  // Rings are made on the first sample: a focus is built per frame to compare keys, and only the kept one samples.
  let cpu: TimeRing | undefined, mem: TimeRing | undefined;
  return {
    key: `${kind}/${key}`, label,
    rows: () => [row(`${kind} CPU`, cpu, fmt.cpu), row(`${kind} MEM`, mem, fmt.mem)],
    sample: (t) => {
      const u = read();
      (cpu ??= new TimeRing(OWN_CAPACITY)).push(t, u ? u.cpuMilli : NaN);
      (mem ??= new TimeRing(OWN_CAPACITY)).push(t, u ? u.memoryBytes : NaN);
    },
  };
}

/** Follow a node. */
export function nodeFocus(name: string, src: FocusSources): Focus {
  return usageFocus('node', name, name, src, () => src.usage.nodeUsage(name));
}

/** Follow a pod. */
export function podFocus(namespace: string, name: string, src: FocusSources): Focus {
  return usageFocus('pod', `${namespace}/${name}`, name, src, () => podTotal(src.usage.podUsage(namespace, name)));
}

/** Short kind names for the pane's labels (k9s's aliases). */
const SHORT: Record<string, string> = {
  Deployment: 'deploy', StatefulSet: 'sts', DaemonSet: 'ds', ReplicaSet: 'rs', Job: 'job', CronJob: 'cj', ReplicationController: 'rc',
};

/**
 * Follow a workload by its series key `ns/Kind/name`: summed CPU and memory of its pods and its Ready pods (what an
 * HPA scaling it changes). `label` names it in the title (an HPA's name when followed through its HPA).
 */
export function workloadFocus(key: string, label: string, src: FocusSources): Focus {
  const kind = key.split('/')[1] ?? '';
  const short = SHORT[kind] ?? 'wl';
  const m = src.metrics;
  return {
    key: `workload/${key}`, label,
    rows: () => [
      row(`${short} CPU`, m?.series('workload', key, 'cpu'), fmt.cpu),
      row(`${short} MEM`, m?.series('workload', key, 'memory'), fmt.mem),
      row(`${short} pods`, m?.series('workload', key, 'ready'), fmt.count),
    ],
  };
}

/** A Service's indicators: the metrics server's series names (what the traffic provider records), and the SLI field. */
const SERVICE_ROWS: readonly { label: string; metric: string; format: (v: number) => string; max?: number; read: (s: ServiceSli) => number }[] = [
  { label: 'svc req/s', metric: 'rps', format: fmt.rate, read: (s) => s.rate },
  { label: 'svc fail/s', metric: 'failedRps', format: fmt.rate, read: (s) => s.failedRate },
  { label: 'svc avail', metric: 'availability', format: fmt.avail, max: 100, read: (s) => s.windowAvailability },
  { label: 'svc lat', metric: 'latencyMs', format: fmt.ms, read: (s) => s.latencyMs ?? NaN },
];

/** Follow a Service's traffic: request rate, failed rate, availability (5 min window) and latency. */
export function serviceFocus(namespace: string, name: string, src: FocusSources): Focus {
  const key = `${namespace}/${name}`;
  // Made on the first sample (see usageFocus).
  const own: (TimeRing | undefined)[] = SERVICE_ROWS.map(() => undefined);
  const recorded = (metric: string) => src.metrics?.series('service', key, metric);
  return {
    key: `service/${key}`, label: name,
    rows: () => SERVICE_ROWS.map((r, i) => {
      const s = recorded(r.metric);
      return row(r.label, s && s.length ? s : own[i], r.format, r.max);
    }),
    sample: (t) => {
      // Only what the metrics server does not record is sampled here.
      const sli = src.traffic?.sli(namespace, name);
      SERVICE_ROWS.forEach((r, i) => {
        if (recorded(r.metric)?.length) return;
        (own[i] ??= new TimeRing(OWN_CAPACITY)).push(t, sli ? r.read(sli) : NaN);
      });
    },
  };
}
