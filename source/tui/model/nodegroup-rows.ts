/**
 * The node-group view's rows: every node pool of the Cluster with what the Cluster Autoscaler knows of it (min, max,
 * registered, upcoming, target size, health, its last activity) and what it costs (per hour now, so far). Pools the
 * autoscaler does not manage show their nodes and cost, with `-` for the autoscaler's columns.
 */
import type { ActivityEntry, GroupCost, NodeGroupView } from '../../client/cluster-client.js';
import { sinceMs } from '../../api/print/index.js';
import { healthColor } from '../theme.js';
import { dollars, price as priceText } from './money.js';
import type { Health } from './health.js';

/** The node-group view's columns (the last five only when wide). */
export const NODEGROUP_COLUMNS = [
  { name: 'NAME' }, { name: 'MIN' }, { name: 'MAX' }, { name: 'CURRENT' }, { name: 'UPCOMING' }, { name: 'TARGET' }, { name: '$/HOUR' },
  { name: 'COST SO FAR' }, { name: 'HEALTH' }, { name: 'SCALE-UP' }, { name: 'LAST ACTIVITY' },
  { name: 'DELETING', priority: 1 }, { name: 'UNNEEDED', priority: 1 }, { name: '$/NODE-HOUR', priority: 1 }, { name: 'NODE-HOURS', priority: 1 },
  { name: 'PROVISIONING', priority: 1 },
] as const;

/** One node group as a row. */
export interface NodeGroupRow {
  key: string;
  cells: string[];
  sortKeys: (string | number)[];
  health: Health;
  color: string;
  /** Whether the Cluster Autoscaler manages the group. */
  autoscaled: boolean;
}

const NONE = '-';

/** The newest activity entry of each group (entries oldest first). */
export function lastActivityByGroup(activity: readonly ActivityEntry[]): Map<string, ActivityEntry> {
  const out = new Map<string, ActivityEntry>();
  for (const e of activity) if (e.group !== undefined) out.set(e.group, e);
  return out;
}

/** `ScaledUpGroup (2m ago)`. */
export function activityText(e: ActivityEntry | undefined, nowMs: number): string {
  return e ? `${e.reason} (${sinceMs(e.at, nowMs)} ago)` : '<none>';
}

/**
 * A group's health as a row colour: error when unhealthy or backed off after a failed scale-up, pending while a
 * scale-up is in progress or nodes are on their way, else ok.
 */
export function groupHealth(g: NodeGroupView | undefined): Health {
  if (!g) return 'ok';
  if (g.health === 'Unhealthy' || g.scaleUp === 'Backoff' || g.scaleUp === 'Unhealthy') return 'error';
  if (g.scaleUp === 'InProgress' || g.upcoming > 0 || g.deleting > 0) return 'pending';
  return 'ok';
}

/** Rows for the pools (in the Cluster's order, from the cost meter) and any autoscaled group the meter does not list. */
export function nodeGroupRows(groups: readonly NodeGroupView[], costs: readonly GroupCost[], activity: readonly ActivityEntry[], nowMs: number): NodeGroupRow[] {
  const views = new Map(groups.map((g) => [g.name, g]));
  const last = lastActivityByGroup(activity);
  const names = [...costs.map((c) => c.group)];
  for (const g of groups) if (!names.includes(g.name)) names.push(g.name);
  const costOf = new Map(costs.map((c) => [c.group, c]));
  return names.map((name) => {
    const g = views.get(name);
    const c = costOf.get(name);
    const price = c?.costPerHour ?? g?.costPerHour ?? 0;
    const billed = c?.nodes ?? (g ? g.current + g.upcoming : 0);
    const rate = billed * price;
    const current = g ? g.current : c?.nodes ?? 0;
    const health = groupHealth(g);
    const n = (v: number | undefined) => (v === undefined ? NONE : String(v));
    const cells = [
      name, n(g?.minSize), n(g?.maxSize), String(current), n(g?.upcoming), n(g?.target), dollars(rate), dollars(c?.cost ?? 0),
      g ? g.health : NONE, g ? g.scaleUp : NONE, activityText(last.get(name), nowMs),
      n(g?.deleting), g ? String(g.unneeded.length) : NONE, priceText(price), (c?.nodeHours ?? 0).toFixed(2),
      g ? `${g.provisioningDelaySeconds}s` : NONE,
    ];
    const num = (v: number | undefined) => v ?? -1;
    const sortKeys: (string | number)[] = [
      name, num(g?.minSize), num(g?.maxSize), current, num(g?.upcoming), num(g?.target), rate, c?.cost ?? 0, cells[8]!, cells[9]!,
      -(last.get(name)?.at ?? -Infinity), num(g?.deleting), num(g?.unneeded.length), price, c?.nodeHours ?? 0, num(g?.provisioningDelaySeconds),
    ];
    return { key: name, cells, sortKeys, health, color: healthColor(health), autoscaled: !!g };
  });
}
