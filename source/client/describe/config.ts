/** describe for ConfigMap, Secret, Namespace and ServiceAccount (describe.go). */
import { Buffer } from 'node:buffer';
import type { Event } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { NONE, list, record, str } from '../../api/print/format.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, records, rfc1123z } from './common.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './layout.js';

function header(w: PrefixWriter, obj: KubeObject, namespaced = true): Record<string, unknown> {
  const meta = record(obj?.metadata);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  if (namespaced) w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  return meta;
}

/** Decoded length of a base64 value as the API holds Secret data. */
const decodedLength = (v: unknown) => Buffer.from(str(v), 'base64').length;

/** `kubectl describe configmap`: each key with its value, then binary keys with byte counts. */
export function describeConfigMap(cm: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  header(w, cm);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = record(cm?.data);
  for (const k of Object.keys(data).sort()) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${str(data[k])}\n`);
    w.write(LEVEL_0, '\n');
  }
  w.write(LEVEL_0, '\nBinaryData\n====\n');
  const binary = record(cm?.binaryData);
  for (const k of Object.keys(binary).sort()) w.write(LEVEL_0, `${k}: ${decodedLength(binary[k])} bytes\n`);
  w.write(LEVEL_0, '\n');
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** `kubectl describe secret`: byte counts only (a service-account token is shown, as upstream does). */
export function describeSecret(secret: KubeObject): string {
  const w = new PrefixWriter();
  header(w, secret);
  const type = str(secret?.type);
  w.write(LEVEL_0, `\nType:\t${type}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = record(secret?.data);
  for (const k of Object.keys(data).sort()) {
    if (k === 'token' && type === 'kubernetes.io/service-account-token') {
      w.write(LEVEL_0, `${k}:\t${Buffer.from(str(data[k]), 'base64').toString('utf8')}\n`);
    } else {
      w.write(LEVEL_0, `${k}:\t${decodedLength(data[k])} bytes\n`);
    }
  }
  return w.toString();
}

/** DescribeResourceQuotas: one Name / Resource Used Hard block per quota, sorted by name. */
function describeQuotas(w: PrefixWriter, quotas: readonly KubeObject[]): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  const name = (q: Record<string, unknown>) => str(record(q.metadata).name);
  const byName = records(quotas).sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  for (const q of byName) {
    w.write(LEVEL_1, `Name:\t${name(q)}\n`);
    const scopes = list(record(q.spec).scopes).map(str).sort();
    if (scopes.length > 0) w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const status = record(q.status);
    const hard = record(status.hard);
    const used = record(status.used);
    for (const r of Object.keys(hard).sort()) w.write(LEVEL_1, `${r}\t${str(used[r]) || '0'}\t${str(hard[r])}\n`);
  }
}

/** DescribeLimitRanges: one row per limit type and resource. */
function describeLimitRanges(w: PrefixWriter, ranges: readonly KubeObject[]): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of records(ranges)) {
    for (const raw of list(record(lr.spec).limits)) {
      const item = record(raw);
      const fields = ['min', 'max', 'defaultRequest', 'default', 'maxLimitRequestRatio'].map((f) => record(item[f]));
      const names = [...new Set(fields.flatMap((f) => Object.keys(f)))].sort();
      for (const name of names) {
        const cells = fields.map((f) => (f[name] === undefined ? '-' : str(f[name])));
        w.write(LEVEL_0, ` ${str(item.type)}\t${name}\t${cells.join('\t')}\n`);
      }
    }
  }
}

/** `kubectl describe namespace`, with the namespace's quotas and limit ranges when given. */
export function describeNamespace(ns: KubeObject, quotas: readonly KubeObject[] | undefined, limitRanges: readonly KubeObject[] | undefined): string {
  const w = new PrefixWriter();
  header(w, ns, false);
  const status = record(ns?.status);
  w.write(LEVEL_0, `Status:\t${str(status.phase)}\n`);
  const conditions = records(status.conditions);
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(LEVEL_1, `${str(c.type)}\t${str(c.status)}\t${rfc1123z(c.lastTransitionTime)}\t${str(c.reason)}\t${str(c.message)}\n`);
    }
  }
  w.write(LEVEL_0, '\n');
  describeQuotas(w, list<KubeObject>(quotas));
  w.write(LEVEL_0, '\n');
  describeLimitRanges(w, list<KubeObject>(limitRanges));
  return w.toString();
}

/** `kubectl describe serviceaccount` (token secrets are not looked up: listed as `<none>`). */
export function describeServiceAccount(sa: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  header(w, sa);
  const rows: [string, string[]][] = [
    ['Image pull secrets:', list(sa?.imagePullSecrets).map((s) => str(record(s).name))],
    ['Mountable secrets: ', list(sa?.secrets).map((s) => str(record(s).name))],
    ['Tokens:            ', []],
  ];
  for (const [title, names] of rows) {
    if (names.length === 0) w.write(LEVEL_0, `${title}\t${NONE}\n`);
    names.forEach((name, i) => w.write(LEVEL_0, `${i === 0 ? title : '                   '}\t${name}\n`));
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}
