/**
 * `d` on a node group: what the Cluster Autoscaler knows of it, as `kubectl describe` lays things out — sizes,
 * health and scale-up state, price and bill, its nodes, the unneeded ones (scale-down candidates, since when) and
 * the ones scale-down cannot remove with the reason, then the group's activity. Refreshed as the clock moves.
 */
import type { Node } from '../../api/core.js';
import { sinceMs } from '../../api/print/index.js';
import { NODE_POOL_LABEL } from '../../client/cluster-client.js';
import { dollars, price as priceText } from '../model/money.js';
import { theme } from '../theme.js';
import type { AppContext } from './context.js';
import { REFRESH_WALL_MS, TextScreen } from './detail-screens.js';
import { clockText } from './header.js';
import { type Line, seg } from './lines.js';

/** `Label:` padded as kubectl describe pads its top-level fields. */
const field = (label: string, value: string | number) => `${`${label}:`.padEnd(22)}${value}`;

/** The describe text of one node group. */
export function describeNodeGroup(ctx: AppContext, group: string): string[] {
  const a = ctx.controls?.autoscaling;
  if (!a) return ['this cluster has no simulated autoscaler'];
  const now = ctx.client.now();
  const g = a.nodeGroups().find((x) => x.name === group);
  const cost = a.costByGroup().find((c) => c.group === group);
  if (!g && !cost) return [`node group "${group}" not found`];
  const nodes = ctx.client.list<Node>('Node').filter((n) => n.metadata.labels?.[NODE_POOL_LABEL] === group).map((n) => n.metadata.name ?? '').sort();
  const out = [field('Name', group), field('Autoscaled', g ? 'true' : 'false')];
  if (g) {
    out.push(
      field('Min size', g.minSize), field('Max size', g.maxSize), field('Target size', g.target), field('Registered nodes', g.current),
      field('Upcoming nodes', g.upcoming), field('Deleting nodes', g.deleting), field('Health', g.health), field('Scale-up', g.scaleUp),
      field('Backoff until', g.backoffUntil === undefined ? '<none>' : clockText(g.backoffUntil)),
      field('Provisioning delay', `${g.provisioningDelaySeconds}s`),
    );
  }
  const price = cost?.costPerHour ?? g?.costPerHour ?? 0;
  out.push(
    field('Price per node-hour', priceText(price)),
    field('Cost now', `${dollars((cost?.nodes ?? 0) * price)}/h (${cost?.nodes ?? 0} nodes billed)`),
    field('Cost so far', `${dollars(cost?.cost ?? 0)} (${(cost?.nodeHours ?? 0).toFixed(2)} node-hours)`),
    field('Nodes', nodes.length ? nodes.join(', ') : '<none>'),
  );
  out.push('Unneeded Nodes:');
  if (g?.unneeded.length) for (const u of g.unneeded) out.push(`  ${u.node.padEnd(24)} unneeded for ${sinceMs(u.since, now)}`);
  else out.push('  <none>');
  out.push('Unremovable Nodes:');
  const mine = new Set(nodes);
  const blocked = a.unremovableNodes().filter((u) => mine.has(u.node));
  for (const u of blocked) {
    const pod = u.blockingPod ? ` (pod ${u.blockingPod.pod.metadata.namespace}/${u.blockingPod.pod.metadata.name}: ${u.blockingPod.reason}${u.blockingPod.message ? `, ${u.blockingPod.message}` : ''})` : '';
    const util = u.utilization ? ` utilization ${Math.round(u.utilization.utilization * 100)}% ${u.utilization.resourceName}` : '';
    out.push(`  ${u.node.padEnd(24)} ${u.reason}${pod}${util}`);
  }
  if (!blocked.length) out.push('  <none>');
  out.push('Activity:');
  const entries = a.activity().filter((e) => e.group === group || e.group === undefined);
  if (!entries.length) out.push('  <none>');
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    out.push(`  ${clockText(e.at).slice(7)}  ${sinceMs(e.at, now).padStart(5)} ago  ${e.reason.padEnd(18)} ${e.message}`);
  }
  return out;
}

export class NodeGroupDescribeScreen extends TextScreen {
  readonly type = 'describe';
  readonly crumb = 'describe';
  private lastNow = -1;
  private lastWall = -Infinity;

  constructor(ctx: AppContext, readonly group: string) {
    super(ctx);
    this.tick();
  }

  title(): Line {
    return [seg(' describe', theme.title, { bold: true }), seg(`(nodegroup/${this.group}) `, theme.titleCount, { bold: true })];
  }

  tick(): boolean {
    if (this.ctx.client.now() === this.lastNow || this.ctx.wallNow() - this.lastWall < REFRESH_WALL_MS) return false;
    this.lastNow = this.ctx.client.now();
    this.lastWall = this.ctx.wallNow();
    this.viewer.setLines(describeNodeGroup(this.ctx, this.group));
    return true;
  }
}
