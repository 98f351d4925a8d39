/** Pod QoS class (upstream `GetPodQOS`), computed from container requests and limits. */
import type { Container, Pod } from '../core.js';

/** A pod's quality-of-service class as kubectl describe and the kubelet's eviction order see it. */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

// Only cpu and memory decide QoS (isSupportedQoSComputeResource); hugepages, ephemeral-storage etc. do not.
const QOS_RESOURCES = ['cpu', 'memory'] as const;

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d{1,3})|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXP: Record<string, bigint> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };

/**
 * Exact value of a quantity in nano-units, rounded up like the API server rounds sub-nano values.
 * Exact integers matter here: QoS compares summed requests to summed limits for equality.
 */
function nanoUnits(q: unknown): bigint | undefined {
  const text = typeof q === 'number' && Number.isFinite(q) ? String(q) : q;
  if (typeof text !== 'string') return undefined;
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const [, sign, number, exponent, suffix] = m as unknown as [string, string, string, string | undefined, string | undefined];
  const dot = number.indexOf('.');
  const digits = dot < 0 ? number : number.slice(0, dot) + number.slice(dot + 1);
  const fraction = dot < 0 ? 0 : number.length - dot - 1;
  let exp10 = 9 - fraction;
  let shift2 = 0n;
  if (exponent !== undefined) exp10 += Number(exponent);
  else if (suffix !== undefined && suffix in BINARY_EXP) shift2 = BINARY_EXP[suffix]!;
  else if (suffix !== undefined) exp10 += DECIMAL_EXP[suffix]!;
  let value = BigInt(digits || '0') << shift2;
  if (exp10 >= 0) value *= 10n ** BigInt(exp10);
  else {
    const div = 10n ** BigInt(-exp10);
    value = (value + div - 1n) / div;
  }
  return sign === '-' ? -value : value;
}

/** Adds the positive cpu/memory quantities of one resource list to `into`, noting in `found` which were positive. */
function addPositive(list: Record<string, unknown>, into: Map<string, bigint>, found?: Set<string>): void {
  for (const name of QOS_RESOURCES) {
    const v = nanoUnits(list[name]);
    if (v === undefined || v <= 0n) continue;
    into.set(name, (into.get(name) ?? 0n) + v);
    found?.add(name);
  }
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * QoS class of a pod. Guaranteed: every container (init included) has cpu and memory limits and the summed
 * requests equal the summed limits; BestEffort: no cpu/memory request or limit anywhere; otherwise Burstable.
 * A missing request defaults to the limit, as API defaulting does before upstream computes the class.
 */
export function podQosClass(pod: Pod): QosClass {
  const spec = asRecord(pod?.spec);
  const containers: unknown[] = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
  ];
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  for (const c of containers) {
    const resources = asRecord((c as Container | undefined)?.resources);
    const limitList = asRecord(resources.limits);
    const requestList = { ...limitList, ...asRecord(resources.requests) };
    addPositive(requestList, requests);
    const limitsFound = new Set<string>();
    addPositive(limitList, limits, limitsFound);
    if (!limitsFound.has('cpu') || !limitsFound.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
