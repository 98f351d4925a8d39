/** Builders for realistic objects in the printing tests. */
import type { KubeObject } from '../../../source/api/meta.js';

/** Virtual now used across the printing tests. */
export const NOW = Date.parse('2026-01-01T12:00:00Z');

/** RFC3339 timestamp `ms` before NOW, in whole seconds like the API server writes. */
export function ago(ms: number): string {
  return new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;
export const D = 24 * H;

/** An object of `kind` with metadata filled in; `rest` supplies spec/status/other top-level fields. */
export function obj(apiVersion: string, kind: string, name: string, rest: Record<string, unknown> = {},
  meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: 'default', creationTimestamp: ago(5 * M), uid: `uid-${name}`, ...meta },
    ...rest,
  };
}
