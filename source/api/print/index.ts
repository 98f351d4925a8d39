/** kubectl's printing rules as pure functions: ages, pod STATUS/READY/RESTARTS/QoS, per-kind tables and `kubectl get` text. */
export { age, humanDuration, sinceMs, timestampMs } from './age.js';
export {
  type PodSummary, type QosClass, formatRestarts, podQosClass, podReady, podRestarts, podStatusReason, podSummary,
} from './pod-status.js';
export {
  type ColumnType, type KindPrinter, type Table, type TableColumn, type TableOptions, type TableRow,
  defaultTablePrinter, genericPrinter, lookupKind, printerFor, tableFor,
} from './columns.js';
export { type GetOptions, type GetOutput, formatTable, printGet } from './tabwriter.js';
export { formatLabelSelector, formatLabels, selectorString } from './format.js';
export { hpaTargets } from './hpa-targets.js';
