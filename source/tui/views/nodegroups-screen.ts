/**
 * `:nodegroups`: the node pools and what the Cluster Autoscaler does with them — MIN MAX CURRENT UPCOMING TARGET,
 * what each costs per hour now and so far, health, scale-up state, last activity — and below the table the
 * autoscaler's recent activity, newest first. `enter` lists a group's nodes, `d` describes a group (sizes, cost,
 * unneeded and unremovable nodes with the reason, its activity).
 */
import type { Node } from '../../api/core.js';
import { NODE_POOL_LABEL } from '../../client/cluster-client.js';
import { NODEGROUP_COLUMNS, nodeGroupRows } from '../model/nodegroup-rows.js';
import { theme } from '../theme.js';
import type { AppContext, Binding } from './context.js';
import { NodeGroupDescribeScreen } from './nodegroup-describe.js';
import { clockText } from './header.js';
import { type Line, boxLines, seg } from './lines.js';
import { RecordTableScreen, type RecordRow, type RecordSort } from './record-table.js';

/** Rows of the activity pane at most (as many as fit, up to this; the describe screen has each group's whole log). */
const ACTIVITY_ROWS = 200;

export class NodeGroupsScreen extends RecordTableScreen {
  readonly crumb = 'nodegroups';

  constructor(ctx: AppContext) {
    super(ctx, NODEGROUP_COLUMNS, { column: 'NAME', desc: false });
  }

  protected computeRows(): RecordRow[] {
    const a = this.ctx.controls?.autoscaling;
    if (!a) return [];
    return nodeGroupRows(a.nodeGroups(), a.costByGroup(), a.activity(), this.ctx.client.now()).map((r) => ({ ...r, fault: r.health !== 'ok' }));
  }

  protected titleText() {
    return { resource: 'nodegroups' };
  }

  protected override dropFirst(): string[] {
    return ['LAST ACTIVITY', 'SCALE-UP', 'COST SO FAR'];
  }

  protected override emptyText(): string {
    return this.ctx.controls?.autoscaling ? ' no node pools' : ' this cluster has no simulated autoscaler';
  }

  protected override sorts(): RecordSort[] {
    return [
      { key: 'shift-c', label: 'Sort Cost', column: 'COST SO FAR', desc: true },
      { key: 'shift-h', label: 'Sort $/hour', column: '$/HOUR', desc: true },
      { key: 'shift-a', label: 'Sort Activity', column: 'LAST ACTIVITY' },
    ];
  }

  protected ownBindings(): Binding[] {
    const withRow = (fn: (group: string) => void) => () => {
      const r = this.selected();
      if (r) fn(r.key);
    };
    return [
      { key: 'enter', label: 'Nodes', hidden: true, run: withRow((group) => this.ctx.openTable('Node', {
        push: true, scope: { label: `pool:${group}`, matches: (n) => (n as Node).metadata.labels?.[NODE_POOL_LABEL] === group },
      })) },
      { key: 'd', label: 'Describe', run: withRow((group) => this.ctx.push(new NodeGroupDescribeScreen(this.ctx, group))) },
    ];
  }

  /** The autoscaler's recent activity, newest first: `00:12:30 workers ScaledUpGroup Scale-up: …`. */
  private renderActivity(width: number, height: number): Line[] {
    const entries = this.ctx.controls?.autoscaling?.activity() ?? [];
    const lines: Line[] = [];
    for (let i = entries.length - 1; i >= 0 && lines.length < Math.min(ACTIVITY_ROWS, height - 2); i--) {
      const e = entries[i]!;
      const warn = /fail|timedout|timed out|backoff|NotTriggerScaleUp/i.test(`${e.reason} ${e.message}`);
      lines.push([
        seg(` ${clockText(e.at).slice(7)} `, theme.hint), seg(`${e.group ?? '-'} `, theme.titleCount),
        seg(`${e.reason} `, warn ? 'yellow' : theme.title, { bold: true }), seg(e.message, theme.info),
      ]);
    }
    if (!lines.length) lines.push([seg(' no scale-up or scale-down yet', theme.hint)]);
    return boxLines([seg(' autoscaler activity ', theme.title, { bold: true })], lines, width, height);
  }

  override render(width: number, height: number): Line[] {
    // The table takes what its rows need (up to about half); the activity log the rest, when there is room.
    const tableH = Math.min(height, Math.max(5, Math.min(this.rows().length + 3, Math.floor(height * 0.6))));
    const activityH = height - tableH;
    if (activityH < 4) return this.renderTable(width, height);
    return [...this.renderTable(width, tableH), ...this.renderActivity(width, activityH)];
  }
}
