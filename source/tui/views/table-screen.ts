/** A full-screen table view (`:pods`, `enter` drill-downs): the table, its keys, and the `/` filter. */
import type { KubeObject } from '../../api/meta.js';
import { kindBindings } from './actions.js';
import type { AppContext, Binding, Screen } from './context.js';
import type { Line } from './lines.js';
import { TableView, type TableViewOptions } from './table-view.js';

export class TableScreen implements Screen {
  readonly type = 'table';
  readonly view: TableView;

  constructor(private readonly ctx: AppContext, kind: string, opts: TableViewOptions & { select?: KubeObject; filter?: string }) {
    this.view = new TableView(ctx, kind, opts);
    if (opts.filter) this.setFilter(opts.filter);
    if (opts.select) this.view.model.reselect(opts.select);
  }

  get crumb(): string {
    return this.view.resource;
  }

  bindings(): Binding[] {
    return [...this.view.namespaceBindings(), ...kindBindings(this.ctx, this.view), ...this.view.navigationBindings()];
  }

  setFilter(text: string): void {
    try {
      this.view.model.setFilter(text);
    } catch (err) {
      this.ctx.flash(`filter: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  }

  filterText(): string {
    return this.view.model.filter?.text ?? '';
  }

  tick(): boolean {
    return this.view.highlightExpired();
  }

  render(width: number, height: number): Line[] {
    return this.view.render(width, height, true);
  }

  dispose(): void {
    this.view.dispose();
  }
}
