/** What screens and actions see of the app: the client, shared caches, and the app's services (flash, dialogs, navigation). */
import type { ClusterClient, SimulationControls } from '../../client/cluster-client.js';
import type { ClusterSummary } from '../model/cluster-summary.js';
import type { MetricsRecorder } from '../model/metrics.js';
import type { ObjectCache } from '../model/object-cache.js';
import type { UsageReader } from '../model/usage.js';
import type { Dialog } from './dialog.js';
import type { Line } from './lines.js';

/** A key binding: shown in the header hints and the help, refused in read-only mode when mutating. */
export interface Binding {
  key: string;
  label: string;
  run: () => void;
  /** Changes the cluster: hidden and refused with --readonly. */
  mutating?: boolean;
  /** Left out of the header hints (still in the help). */
  hidden?: boolean;
}

export type FlashLevel = 'info' | 'warn' | 'error';

/** A full-screen view on the stack (overview, table, describe, YAML, logs, help). */
export interface Screen {
  readonly type: string;
  /** Crumb text, e.g. `pods`, `describe`. */
  readonly crumb: string;
  bindings(): Binding[];
  /** Draw into exactly `height` lines of `width` cells. */
  render(width: number, height: number): Line[];
  /** The filter / search prompt (`/`): live text while typing; absent when the screen has none. */
  setFilter?(text: string): void;
  filterText?(): string;
  /** Called on each app tick; returns true when the screen's content changed (logs followed, describe refreshed). */
  tick?(): boolean;
  dispose(): void;
}

/** Services the app offers to screens and actions. */
export interface AppContext {
  readonly client: ClusterClient;
  readonly controls: SimulationControls | undefined;
  readonly readonly: boolean;
  readonly cache: ObjectCache;
  readonly summary: ClusterSummary;
  readonly metrics: MetricsRecorder;
  /** Pod and node usage for columns and sorts: metrics-server's samples (see model/usage.ts). */
  readonly usage: UsageReader;
  /** The favourite namespace in use; undefined = all namespaces. */
  namespace(): string | undefined;
  setNamespace(ns: string | undefined): void;
  /** `0`–`9` favourites: index 0 is all namespaces (undefined). */
  favourites(): (string | undefined)[];
  flash(text: string, level?: FlashLevel): void;
  openDialog(d: Dialog): void;
  push(s: Screen): void;
  /** Replace everything above the overview with `s` (what `:` does). */
  replace(s: Screen): void;
  pop(): void;
  /** Open a table view of a kind: pushed on top (drill-down) or replacing the views above the overview. */
  openTable(kind: string, opts?: { scope?: import('../model/table-model.js').Scope; select?: import('../../api/meta.js').KubeObject; push?: boolean; filter?: string }): void;
  /** Run a `:` command line. */
  command(line: string): void;
  markDirty(): void;
  /** Wall-clock milliseconds (highlights and refresh pacing; never used for cluster time). */
  wallNow(): number;
  /** Follow a drain's progress lines in the flash line. */
  watchDrain(node: string, handle: import('../../client/cluster-client.js').DrainHandle): void;
}
