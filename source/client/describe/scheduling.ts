/**
 * kubedrill's addition to `describe pod`: the `Scheduling (kubedrill):` section. For a pending pod it shows the
 * FailedScheduling message and a node × filter-plugin table (what kube-scheduler-simulator shows); for a scheduled pod,
 * the chosen node's per-plugin weighted scores and the leading nodes' totals.
 */
import type { Diagnosis, FilterVerdict } from '../../scheduler/diagnosis.js';
import { filterVerdicts, nodeScores } from '../../scheduler/diagnosis.js';
import type { ScoreTable } from '../../scheduler/framework.js';
import type { SchedulingRecord } from '../../scheduler/scheduler.js';
import { humanDuration } from '../../api/print/age.js';
import { rfc1123z } from './common.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter } from './layout.js';

/** Rows shown in the per-node filter table before `... and N more nodes`. */
export const MAX_NODE_ROWS = 20;
/** Nodes listed under "Top nodes" for a scheduled pod. */
export const TOP_NODES = 5;
const MAX_REASON = 48;

/** Natural order (`worker-2` before `worker-10`) so rows read the way operators name nodes. */
function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x) && /^\d/.test(y);
    if (nx && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** A filter verdict as a table cell: `ok`, `✗ <short reason>`, or `-` when the plugin did not run there. */
export function verdictCell(v: FilterVerdict): string {
  if (v.verdict === 'pass') return 'ok';
  if (v.verdict !== 'reject') return '-';
  let reason = (v.reasons ?? []).join(', ').replace(/^node\(s\) /, '');
  if (reason.length > MAX_REASON) reason = `${reason.slice(0, MAX_REASON - 1)}…`;
  return reason ? `✗ ${reason}` : '✗';
}

const when = (atMs: number, nowMs: number) => `${rfc1123z(new Date(atMs).toISOString())} (${humanDuration(nowMs - atMs)} ago)`;

/** Writes the section after the Events table; nothing for a record without a diagnosis. */
export function describeScheduling(w: PrefixWriter, record: SchedulingRecord, nowMs: number): void {
  const d = record?.diagnosis as Diagnosis | undefined;
  // The record comes from the scheduler, but a describer must not throw: skip a record of the wrong shape.
  if (!d || !Array.isArray(d.filterPlugins) || !(d.nodeStatuses instanceof Map) || !Array.isArray(d.feasibleNodes)
    || !(d.skippedFilterPlugins === undefined || d.skippedFilterPlugins instanceof Set)) return;
  w.write(LEVEL_0, 'Scheduling (kubedrill):\n');
  const at = Number.isFinite(record.at) ? when(record.at, nowMs) : '<unknown>';
  if (record.result === 'scheduled') {
    w.write(LEVEL_1, `Result:\tscheduled to ${record.node ?? '<unknown>'} at ${at}\n`);
    describeScores(w, record.scores ?? d.scores, record.node, d);
    return;
  }
  w.write(LEVEL_1, `Result:\t${record.result} at ${at}\n`);
  if (record.message) w.write(LEVEL_1, `Message:\t${record.message}\n`);
  describeFilterTable(w, d);
}

/** One row per node, rejected nodes grouped by reason (largest group first), then feasible nodes, capped at MAX_NODE_ROWS. */
function describeFilterTable(w: PrefixWriter, d: Diagnosis): void {
  const skipped = d.filterPlugins.filter((p) => d.skippedFilterPlugins?.has(p));
  const plugins = d.filterPlugins.filter((p) => !d.skippedFilterPlugins?.has(p));
  if (skipped.length > 0) w.write(LEVEL_1, `Skipped:\t${skipped.join(', ')} (PreFilter: nothing to check)\n`);
  const groups = new Map<string, string[]>();
  for (const [node, status] of d.nodeStatuses) {
    const key = `${status.plugin}\u0000${status.reasons.join(', ')}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(node);
  }
  const ordered = [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .flatMap(([, nodes]) => nodes.sort(naturalCompare));
  const rows: string[][] = [];
  for (const node of [...ordered, ...d.feasibleNodes]) {
    rows.push([node, ...cells(filterVerdicts(d, node), plugins)]);
  }
  // Nodes the record does not name: all of them when a PreFilter rejected the pod, or those outside its node set.
  const unnamed = d.numAllNodes - d.nodeStatuses.size - d.feasibleNodes.length;
  const blanket = d.preFilterStatus ?? d.absentNodesStatus;
  if (unnamed > 0 && blanket) {
    const label = unnamed === d.numAllNodes ? `(all ${unnamed} nodes)` : `(${unnamed} other nodes)`;
    rows.push([label, ...cells(filterVerdicts(d, '\u0000'), plugins)]);
  }
  if (rows.length === 0) return;
  // The heading line has no tab, so the table's columns are measured apart from Result/Message above.
  w.write(LEVEL_1, 'Filters:\n');
  w.write(LEVEL_2, `Node\t${plugins.join('\t')}\n`);
  w.write(LEVEL_2, `----\t${plugins.map((p) => '-'.repeat(p.length)).join('\t')}\n`);
  for (const row of rows.slice(0, MAX_NODE_ROWS)) w.write(LEVEL_2, `${row.join('\t')}\n`);
  if (rows.length > MAX_NODE_ROWS) w.write(LEVEL_2, `... and ${rows.length - MAX_NODE_ROWS} more nodes\n`);
}

function cells(verdicts: FilterVerdict[], plugins: readonly string[]): string[] {
  const byPlugin = new Map(verdicts.map((v) => [v.plugin as string, v]));
  return plugins.map((p) => {
    const v = byPlugin.get(p);
    return v ? verdictCell(v) : '-';
  });
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** The chosen node's weighted score per plugin, and the leading nodes' totals. */
function describeScores(w: PrefixWriter, table: ScoreTable | undefined, node: string | undefined, d: Diagnosis): void {
  if (!table || !node) {
    const why = d.usedNominatedNode ? 'the nominated node fitted' : `${d.feasibleNodes.length} feasible node(s)`;
    w.write(LEVEL_1, `Scores:\tnot computed (${why})\n`);
    return;
  }
  const chosen = nodeScores(table, node);
  if (chosen) {
    w.write(LEVEL_1, `Score of ${node} (total ${fmt(chosen.total)}):\n`);
    w.write(LEVEL_2, 'Plugin\tWeight\tRaw\tNormalized\tWeighted\n');
    w.write(LEVEL_2, '------\t------\t---\t----------\t--------\n');
    for (const p of chosen.plugins) {
      if (p.skipped) w.write(LEVEL_2, `${p.plugin}\t${p.weight}\t-\t-\t0 (skipped)\n`);
      else w.write(LEVEL_2, `${p.plugin}\t${p.weight}\t${fmt(p.raw)}\t${fmt(p.normalized)}\t${fmt(p.weighted)}\n`);
    }
  }
  const order = table.nodes.map((n, i) => ({ n, total: table.totals[i] ?? 0 }))
    .sort((a, b) => b.total - a.total || Number(b.n === node) - Number(a.n === node) || naturalCompare(a.n, b.n));
  w.write(LEVEL_1, `Top nodes (of ${table.nodes.length} scored):\n`);
  w.write(LEVEL_2, 'Node\tTotal\n');
  w.write(LEVEL_2, '----\t-----\n');
  for (const { n, total } of order.slice(0, TOP_NODES)) w.write(LEVEL_2, `${n}${n === node ? ' (chosen)' : ''}\t${fmt(total)}\n`);
}
