/**
 * `tableFor`: the rows `kubectl get <kind>` shows, as a server-side Table would carry them (column definitions with
 * priorities and types, one text cell per column). Shared by `kubedrill sim --get`, the TUI and the HTTP API.
 */
import { type KindInfo, kindInfo, resolveResource } from '../kinds.js';
import type { KubeObject } from '../meta.js';
import { age, timestampMs } from './age.js';
import { str } from './format.js';
import { AGE_COLUMN, type KindPrinter, NAME_COLUMN, type TableColumn } from './printer.js';
import {
  controllerRevisionPrinter, cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter,
  statefulSetPrinter,
} from './printers-apps.js';
import {
  endpointSlicePrinter, hpaPrinter, leasePrinter, pdbPrinter, priorityClassPrinter, pvPrinter, pvcPrinter, roleBindingPrinter,
  storageClassPrinter,
} from './printers-cluster.js';
import {
  configMapPrinter, endpointsPrinter, eventPrinter, namespacePrinter, nodePrinter, podPrinter, replicationControllerPrinter,
  resourceQuotaPrinter, secretPrinter, serviceAccountPrinter, servicePrinter,
} from './printers-core.js';
import { vpaPrinter } from './printers-vpa.js';

export type { ColumnType, KindPrinter, TableColumn } from './printer.js';

/** One printed row and the object it came from (server-side Tables carry the object too). */
export interface TableRow {
  cells: string[];
  object: KubeObject;
}

/** Columns and rows of one kind's table. */
export interface Table {
  columns: TableColumn[];
  rows: TableRow[];
}

/** Options for `tableFor`: virtual now, `-o wide`, and `-A` (prepends NAMESPACE for namespaced kinds). */
export interface TableOptions {
  nowMs: number;
  wide?: boolean;
  allNamespaces?: boolean;
}

const GO_ZERO_TIME_TEXT = '0001-01-01T00:00:00Z';

/** creationTimestamp as Go's `Time.UTC().Format(time.RFC3339)` (whole seconds, `Z`). */
function createdAt(o: KubeObject): string {
  const ms = timestampMs(o?.metadata?.creationTimestamp);
  return Number.isNaN(ms) ? GO_ZERO_TIME_TEXT : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The API server's default table for built-in kinds without a printer (LimitRange, Role, ClusterRole):
 * NAME and CREATED AT, the latter an RFC3339 timestamp rather than an age.
 */
export const defaultTablePrinter: KindPrinter = {
  columns: [NAME_COLUMN, { name: 'CREATED AT', priority: 0, type: 'date' }],
  cells: (o) => [str(o?.metadata?.name), createdAt(o)],
};

/** Kinds with no printer of their own (kubedrill.io kinds, anything unknown): NAME AGE, as for a CRD without printer columns. */
export const genericPrinter: KindPrinter = {
  columns: [NAME_COLUMN, { ...AGE_COLUMN, type: 'date' }],
  cells: (o, nowMs) => [str(o?.metadata?.name), age(o?.metadata?.creationTimestamp, nowMs)],
};

const PRINTERS: ReadonlyMap<string, KindPrinter> = new Map<string, KindPrinter>([
  ['Pod', podPrinter],
  ['Node', nodePrinter],
  ['Service', servicePrinter],
  ['Endpoints', endpointsPrinter],
  ['Namespace', namespacePrinter],
  ['Event', eventPrinter],
  ['PersistentVolume', pvPrinter],
  ['PersistentVolumeClaim', pvcPrinter],
  ['ConfigMap', configMapPrinter],
  ['Secret', secretPrinter],
  ['ServiceAccount', serviceAccountPrinter],
  ['ReplicationController', replicationControllerPrinter],
  ['LimitRange', defaultTablePrinter],
  ['ResourceQuota', resourceQuotaPrinter],
  ['Deployment', deploymentPrinter],
  ['ReplicaSet', replicaSetPrinter],
  ['StatefulSet', statefulSetPrinter],
  ['DaemonSet', daemonSetPrinter],
  ['ControllerRevision', controllerRevisionPrinter],
  ['Job', jobPrinter],
  ['CronJob', cronJobPrinter],
  ['HorizontalPodAutoscaler', hpaPrinter],
  ['VerticalPodAutoscaler', vpaPrinter],
  ['PodDisruptionBudget', pdbPrinter],
  ['StorageClass', storageClassPrinter],
  ['Lease', leasePrinter],
  ['EndpointSlice', endpointSlicePrinter],
  ['PriorityClass', priorityClassPrinter],
  ['Role', defaultTablePrinter],
  ['ClusterRole', defaultTablePrinter],
  ['RoleBinding', roleBindingPrinter],
  ['ClusterRoleBinding', roleBindingPrinter],
]);

const NAMESPACE_COLUMN: TableColumn = { name: 'NAMESPACE', priority: 0, type: 'string' };

/** Kind info for a Kind name (`Pod`) or anything kubectl accepts as a resource (`pods`, `po`, `deployments.apps`). */
export function lookupKind(kind: string): KindInfo | undefined {
  return kindInfo(kind) ?? resolveResource(kind);
}

/** The printer kubectl's table for this kind would come from; unknown kinds get the NAME/AGE printer. */
export function printerFor(kind: string): KindPrinter {
  const info = lookupKind(kind);
  return (info && PRINTERS.get(info.kind)) ?? genericPrinter;
}

/**
 * Cells for one object, every column included. Printers guard each field, so the fallback only keeps a
 * malformed object from taking down a whole table in the UI or the API.
 */
function safeCells(printer: KindPrinter, obj: KubeObject, nowMs: number): string[] {
  let cells: string[];
  try {
    cells = printer.cells(obj, nowMs);
  } catch {
    cells = [str(obj?.metadata?.name)];
  }
  while (cells.length < printer.columns.length) cells.push('<unknown>');
  cells.length = printer.columns.length;
  return cells;
}

/**
 * The table `kubectl get <kind>` prints: default columns, or all columns with `wide` (the HTTP API's server-side
 * Table should ask for `wide` and keep the priorities, as the real API server does). Rows keep the given order.
 */
export function tableFor(kind: string, objects: readonly KubeObject[], opts: TableOptions): Table {
  const info = lookupKind(kind);
  const printer = (info && PRINTERS.get(info.kind)) ?? genericPrinter;
  // kubectl never adds NAMESPACE for cluster-scoped kinds; for unknown kinds, go by the objects themselves.
  const namespaced = info ? info.namespaced : objects.some((o) => str(o?.metadata?.namespace) !== '');
  const withNamespace = opts.allNamespaces === true && namespaced;
  const visible: number[] = [];
  printer.columns.forEach((c, i) => {
    if (opts.wide || c.priority === 0) visible.push(i);
  });

  const columns = visible.map((i) => printer.columns[i]!);
  if (withNamespace) columns.unshift(NAMESPACE_COLUMN);

  const rows: TableRow[] = new Array(objects.length);
  for (let r = 0; r < objects.length; r++) {
    const obj = objects[r]!;
    const all = safeCells(printer, obj, opts.nowMs);
    const cells = visible.length === all.length ? all : visible.map((i) => all[i]!);
    if (withNamespace) cells.unshift(str(obj?.metadata?.namespace));
    rows[r] = { cells, object: obj };
  }
  return { columns, rows };
}
