/**
 * `kubectl top pod` and `kubectl top node` as kubectl v1.32 prints them (staging/src/k8s.io/kubectl/pkg/cmd/top and
 * pkg/metricsutil): headers `CPU(cores)`, `CPU(%)`, `MEMORY(bytes)`, `MEMORY(%)` (v1.32 renamed `CPU%`/`MEMORY%`,
 * PR #126995), CPU as MilliValue `250m`, memory as whole MiB `123Mi`, node percentages of allocatable truncated to
 * an integer, and kubectl's errors when the metrics API has nothing yet.
 *
 * kubectl writes every cell followed by a tab, so unlike `kubectl get` the last column is padded too (each line
 * ends in spaces). Go's sort.Sort is not stable; rows with equal sort keys keep the API's (namespace/name) order here,
 * which is what Go's insertion sort gives for the ≤ 12 rows it sorts that way.
 */
import type { Node, Pod } from '../core.js';
import { formatMemoryMi, formatMilliCPU, toMilli, toUnits } from '../quantity.js';
import { timestampMs } from './age.js';
import { formatTable } from './tabwriter.js';

/** One container's usage (metrics.k8s.io ContainerMetrics): CPU in millicores, memory in bytes. */
export interface TopContainerUsage { name: string; cpuMilli: number; memoryBytes: number }
/** One pod's usage (metrics.k8s.io PodMetrics). */
export interface TopPodUsage { namespace: string; name: string; containers: readonly TopContainerUsage[] }
/** One node's usage (metrics.k8s.io NodeMetrics). */
export interface TopNodeUsage { name: string; cpuMilli: number; memoryBytes: number }

/** What a `kubectl top` run writes and its exit code (1 with `error: …` on stderr). */
export interface TopOutput { stdout: string; stderr: string; exitCode: 0 | 1 }

/** `--sort-by` values kubectl accepts. */
export const TOP_SORT_FIELDS = ['cpu', 'memory'] as const;
export type TopSortBy = (typeof TOP_SORT_FIELDS)[number];

/** kubectl's Validate() message for any other `--sort-by`. */
export const SORT_BY_ERROR = '--sort-by accepts only cpu or memory';

/** metricsCreationDelay: a pod older than this without metrics is reported by name rather than "not available yet". */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;
const UNKNOWN = '<unknown>';

export interface TopPodsOptions {
  /** The request's namespace; kubectl also uses it (even with -A) to look for pods when no metrics came back. */
  namespace: string;
  allNamespaces?: boolean;
  /** `--containers`: one row per container, with a POD column. */
  containers?: boolean;
  sortBy?: string;
  noHeaders?: boolean;
  /** Virtual now, for the pod ages in kubectl's "Metrics not available for pod" error. */
  nowMs: number;
}

export interface TopNodesOptions {
  sortBy?: string;
  noHeaders?: boolean;
}

const fail = (message: string): TopOutput => ({ stdout: '', stderr: `error: ${message}\n`, exitCode: 1 });

/** CPU of usages as Go sums their nanocore quantities: exact integer nanocores. */
function nanocores(milli: number): number {
  return Math.round(milli * 1e6);
}

/** MilliValue() of a nanocore count (rounded up). */
const milliOfNano = (nano: number): number => Math.ceil(nano / 1e6);

/** Stable sort by key descending (cpu/memory), keeping the incoming order for ties. */
function byDescending<T>(items: T[], key: (t: T) => number): T[] {
  return items.map((item, i) => ({ item, i, k: key(item) })).sort((a, b) => b.k - a.k || a.i - b.i).map((x) => x.item);
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Exactly what `kubectl top pod [-A] [--containers] [--sort-by cpu|memory]` prints for these PodMetrics. */
export function printTopPods(metrics: readonly TopPodUsage[], podsInNamespace: readonly Pod[], opts: TopPodsOptions): TopOutput {
  if (opts.sortBy && !(TOP_SORT_FIELDS as readonly string[]).includes(opts.sortBy)) return fail(SORT_BY_ERROR);
  if (!metrics.length) {
    // verifyEmptyMetrics: pods exist but have no metrics yet (checked in the API's name order).
    for (const pod of [...podsInNamespace].sort((a, b) => byName(a.metadata as { name: string }, b.metadata as { name: string }))) {
      const ageMs = opts.nowMs - timestampMs(pod.metadata?.creationTimestamp);
      if (ageMs > METRICS_CREATION_DELAY_MS) {
        return fail(`Metrics not available for pod ${pod.metadata.namespace ?? opts.namespace}/${pod.metadata.name}, age: ${goDuration(ageMs)}`);
      }
    }
    if (podsInNamespace.length) return fail('metrics not available yet');
    return { stdout: '', stderr: opts.allNamespaces ? 'No resources found\n' : `No resources found in ${opts.namespace} namespace.\n`, exitCode: 0 };
  }
  const withNs = !!opts.allNamespaces;
  const pods = metrics.map((m) => {
    let nano = 0, bytes = 0;
    for (const c of m.containers) {
      nano += nanocores(c.cpuMilli);
      bytes += c.memoryBytes;
    }
    return { m, cpu: milliOfNano(nano), memory: bytes };
  });
  pods.sort((a, b) => (withNs && a.m.namespace !== b.m.namespace ? (a.m.namespace < b.m.namespace ? -1 : 1) : byName(a.m, b.m)));
  const sorted = opts.sortBy === 'cpu' ? byDescending(pods, (p) => p.cpu) : opts.sortBy === 'memory' ? byDescending(pods, (p) => p.memory) : pods;

  const header = opts.noHeaders ? [] : [...(withNs ? ['NAMESPACE'] : []), ...(opts.containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)', ''];
  const rows: string[][] = [];
  for (const { m, cpu, memory } of sorted) {
    const lead = withNs ? [m.namespace] : [];
    if (!opts.containers) {
      rows.push([...lead, m.name, formatMilliCPU(cpu), formatMemoryMi(memory), '']);
      continue;
    }
    let containers = [...m.containers].sort(byName);
    if (opts.sortBy === 'cpu') containers = byDescending(containers, (c) => milliOfNano(nanocores(c.cpuMilli)));
    else if (opts.sortBy === 'memory') containers = byDescending(containers, (c) => c.memoryBytes);
    for (const c of containers) rows.push([...lead, m.name, c.name, formatMilliCPU(milliOfNano(nanocores(c.cpuMilli))), formatMemoryMi(c.memoryBytes), '']);
  }
  return { stdout: formatTable(header, rows), stderr: '', exitCode: 0 };
}

/** The `N%` cell: usage over allocatable as float64(usage.MilliValue()) / float64(available.MilliValue()) * 100. */
function percent(usageMilli: number, availableMilli: number): string {
  const fraction = availableMilli !== 0 ? (usageMilli / availableMilli) * 100 : 0;
  return `${Math.trunc(fraction)}%`;
}

/** MilliValue of an allocatable quantity, or undefined when the node does not list it (kubectl then omits the %). */
function allocatableMilli(node: Node | undefined, resource: 'cpu' | 'memory'): number | undefined {
  const q = node?.status?.allocatable?.[resource];
  if (q === undefined) return undefined;
  try {
    return resource === 'cpu' ? toMilli(q) : toUnits(q) * 1000;
  } catch {
    return undefined;
  }
}

/**
 * Exactly what `kubectl top node [--sort-by cpu|memory]` prints: one row per NodeMetrics, then `<unknown>` rows for
 * listed nodes without metrics (kubectl prints those in Go map order, i.e. unordered; here in list order).
 */
export function printTopNodes(metrics: readonly TopNodeUsage[], nodes: readonly Node[], opts: TopNodesOptions = {}): TopOutput {
  if (opts.sortBy && !(TOP_SORT_FIELDS as readonly string[]).includes(opts.sortBy)) return fail(SORT_BY_ERROR);
  if (!metrics.length) return fail('metrics not available yet');
  const byNodeName = new Map<string, Node>();
  for (const n of nodes) if (n.metadata?.name) byNodeName.set(n.metadata.name, n);
  const listed = [...byNodeName.keys()].sort();
  const usages = [...metrics].sort(byName).map((m) => ({ m, cpu: milliOfNano(nanocores(m.cpuMilli)) }));
  const sorted = opts.sortBy === 'cpu' ? byDescending(usages, (u) => u.cpu) : opts.sortBy === 'memory' ? byDescending(usages, (u) => u.m.memoryBytes) : usages;

  const header = opts.noHeaders ? [] : ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)', ''];
  const rows: string[][] = [];
  const printed = new Set<string>();
  for (const { m, cpu } of sorted) {
    const node = byNodeName.get(m.name);
    const row = [m.name, formatMilliCPU(cpu)];
    const cpuAvail = node && allocatableMilli(node, 'cpu');
    if (cpuAvail !== undefined) row.push(percent(cpu, cpuAvail));
    row.push(formatMemoryMi(m.memoryBytes));
    const memAvail = node && allocatableMilli(node, 'memory');
    if (memAvail !== undefined) row.push(percent(m.memoryBytes * 1000, memAvail));
    row.push('');
    rows.push(row);
    printed.add(m.name);
  }
  for (const name of listed) if (!printed.has(name)) rows.push([name, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, '']);
  return { stdout: formatTable(header, rows), stderr: '', exitCode: 0 };
}

/** Go's time.Duration.String() for milliseconds: `45s`, `2m0s`, `1h5m30.5s`, `250ms`, `0s`. */
export function goDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0s';
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = rest % 1000 ? `.${String(rest % 1000).padStart(3, '0').replace(/0+$/, '')}` : '';
  const secs = `${s}${frac}s`;
  if (h) return `${sign}${h}h${m}m${secs}`;
  if (m) return `${sign}${m}m${secs}`;
  return `${sign}${secs}`;
}
