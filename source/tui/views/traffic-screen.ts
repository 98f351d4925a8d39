/**
 * `:traffic`: every Service with traffic — request rate, failed rate, availability (5 min and since it began),
 * latency, ready endpoints, model — sorted and filtered like the kind tables. `t` sets a Service's traffic live,
 * `m` follows it in the metrics pane, `enter` lists its pods, `d` / `y` describe it / its YAML.
 */
import type { Service } from '../../api/core.js';
import { TRAFFIC_COLUMNS, trafficRows } from '../model/traffic-rows.js';
import { selectorScope } from './actions.js';
import type { AppContext, Binding } from './context.js';
import { DescribeScreen, YamlScreen } from './detail-screens.js';
import { MetricsScreen } from './metrics-pane.js';
import { focusFor } from './metrics-follow.js';
import { RecordTableScreen, type RecordRow, type RecordSort } from './record-table.js';
import { trafficDialog } from './traffic-dialog.js';

export class TrafficScreen extends RecordTableScreen {
  readonly crumb = 'traffic';

  constructor(ctx: AppContext) {
    super(ctx, TRAFFIC_COLUMNS, { column: 'REQ/S', desc: true });
  }

  protected computeRows(): RecordRow[] {
    const traffic = this.ctx.controls?.traffic;
    return traffic ? trafficRows(traffic.services(), this.ctx.namespace()) : [];
  }

  protected titleText() {
    return { resource: 'traffic', scope: this.ctx.namespace() ?? 'all' };
  }

  protected override hiddenColumns(): string[] {
    return this.ctx.namespace() === undefined ? [] : ['NAMESPACE'];
  }

  protected override dropFirst(): string[] {
    return ['SOURCE', 'AVAIL'];
  }

  protected override emptyText(): string {
    return this.ctx.controls?.traffic
      ? ' no Service has traffic: `t` on a Service (:svc) sets it, or annotate one with sim.kubedrill.io/traffic'
      : ' this cluster has no simulated traffic';
  }

  protected override sorts(): RecordSort[] {
    return [
      { key: 'shift-r', label: 'Sort Rate', column: 'REQ/S', desc: true },
      { key: 'shift-f', label: 'Sort Failed', column: 'FAILED/S', desc: true },
      { key: 'shift-v', label: 'Sort Availability', column: 'AVAIL-5M' },
      { key: 'shift-l', label: 'Sort Latency', column: 'LATENCY', desc: true },
    ];
  }

  /** The selected row's Service (it may have gone). */
  private service(): Service | undefined {
    const r = this.selected();
    if (!r) return undefined;
    const [ns, name] = splitKey(r.key);
    return this.ctx.client.get<Service>('Service', ns, name);
  }

  protected ownBindings(): Binding[] {
    const withRow = (fn: (ns: string, name: string) => void) => () => {
      const r = this.selected();
      if (r) fn(...splitKey(r.key));
    };
    const withService = (fn: (svc: Service) => void) => () => {
      const svc = this.service();
      if (svc) fn(svc);
      else if (this.selected()) this.ctx.flash(`service ${this.selected()!.key} no longer exists`, 'warn');
    };
    const out: Binding[] = [
      { key: 't', label: 'Traffic', mutating: true, run: withRow((ns, name) => trafficDialog(this.ctx, ns, name, () => this.invalidate())) },
      { key: 'm', label: 'Metrics', run: withService((svc) => this.follow(svc)) },
      { key: 'enter', label: 'Pods', hidden: true, run: withService((svc) => {
        const scope = selectorScope('Service', svc);
        if (scope) this.ctx.openTable('Pod', { push: true, scope });
        else this.ctx.flash(`service ${svc.metadata.namespace}/${svc.metadata.name} selects no pods`, 'warn');
      }) },
      { key: 'd', label: 'Describe', run: withRow((ns, name) => this.ctx.push(new DescribeScreen(this.ctx, { kind: 'Service', namespace: ns, name }))) },
      { key: 'y', label: 'YAML', run: withRow((ns, name) => this.ctx.push(new YamlScreen(this.ctx, { kind: 'Service', namespace: ns, name }))) },
    ];
    // `0`–`9`: favourite namespaces, as in the kind tables.
    this.ctx.favourites().forEach((ns, i) => out.push({
      key: String(i), label: ns ?? 'all',
      run: () => {
        this.ctx.setNamespace(ns);
        this.invalidate();
        this.ctx.markDirty();
      },
    }));
    return out;
  }

  private follow(svc: Service): void {
    const focus = focusFor(this.ctx, 'Service', svc);
    if (!focus) return;
    this.ctx.metrics.setFocus(focus, this.ctx.client.now());
    this.ctx.push(new MetricsScreen(this.ctx));
  }
}

/** `ns/name` → [ns, name]. */
function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
