/** The shape of a per-kind table printer: column definitions (as in a server-side Table) plus a row function. */
import type { KubeObject } from '../meta.js';

/** A Table column's value type, as in meta/v1 TableColumnDefinition.type. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

/** One column: the header kubectl prints (upper-cased), its priority (0 default, 1 only with `-o wide`) and type. */
export interface TableColumn {
  /** Header as kubectl prints it, e.g. `PORT(S)`, `NOMINATED NODE`. */
  name: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: number;
  type: ColumnType;
  /** `name` marks the object-name column (meta/v1 TableColumnDefinition.format). */
  format?: 'name';
}

/**
 * A kind's printer. `cells` returns every column's text, wide-only ones included, in column order — the
 * API server likewise always generates wide rows and kubectl drops priority>0 columns unless `-o wide`.
 */
export interface KindPrinter {
  columns: readonly TableColumn[];
  cells(obj: KubeObject, nowMs: number): string[];
}

/** A column definition; `name` is given as kubectl prints it. */
export function col(name: string, type: ColumnType = 'string', priority = 0): TableColumn {
  return { name, priority, type };
}

/** The NAME column every printer starts with. */
export const NAME_COLUMN: TableColumn = { name: 'NAME', priority: 0, type: 'string', format: 'name' };

/** The AGE column (upstream types it `string`: the cell is a HumanDuration). */
export const AGE_COLUMN: TableColumn = col('AGE');

/** Wide-only CONTAINERS and IMAGES columns shared by the workload printers. */
export const CONTAINER_COLUMNS: readonly TableColumn[] = [col('CONTAINERS', 'string', 1), col('IMAGES', 'string', 1)];
