/**
 * kubedrill.io/v1 Cluster: the definition a simulation is built from. Messages follow upstream's style so a
 * mistake in a cluster file reads like any other API error.
 */
import {
  child, duplicate, type Errs, index, invalid, type Obj, objItems, oneOf, readArr, readBool, readInt, readNum, readObj, readStr,
  readStrArr, required,
} from './field.js';
import { validateLabels } from './meta.js';
import { cidrErrors, dns1123LabelErrors, labelValueErrors } from './names.js';
import { validateResourceList } from './resources.js';
import { validateTaints } from './scheduling.js';
import { specOf } from './workloads.js';

const NEGATIVE = 'must be greater than or equal to 0';

function nonNegativeInt(errs: Errs, parent: Obj, key: string, path: string): number | undefined {
  const v = readInt(errs, parent, key, path);
  if (v !== undefined && v < 0) invalid(errs, child(path, key), v, NEGATIVE);
  return v;
}

function validateAutoscaling(errs: Errs, pool: Obj, path: string): void {
  const auto = readObj(errs, pool, 'autoscaling', path);
  if (!auto) return;
  const p = child(path, 'autoscaling');
  readBool(errs, auto, 'enabled', p);
  const min = nonNegativeInt(errs, auto, 'min', p);
  const max = nonNegativeInt(errs, auto, 'max', p);
  if (auto.min === undefined || auto.min === null) required(errs, child(p, 'min'));
  if (auto.max === undefined || auto.max === null) required(errs, child(p, 'max'));
  if (min !== undefined && max !== undefined && max < min) invalid(errs, child(p, 'max'), max, 'must be greater than or equal to `min`');
  nonNegativeInt(errs, auto, 'provisioningDelaySeconds', p);
}

function validatePool(errs: Errs, pool: Obj, path: string, names: Set<string>): void {
  const name = readStr(errs, pool, 'name', path);
  if (!name) {
    if (pool.name === undefined || pool.name === null || pool.name === '') required(errs, child(path, 'name'));
  } else {
    // Nodes are named `<pool>-<i>`, so the pool name has to be a DNS label.
    for (const msg of dns1123LabelErrors(name)) invalid(errs, child(path, 'name'), name, msg);
    if (names.has(name)) duplicate(errs, child(path, 'name'), name);
    names.add(name);
  }
  const count = nonNegativeInt(errs, pool, 'count', path);
  if (count === undefined && (pool.count === undefined || pool.count === null)) required(errs, child(path, 'count'));
  const prefix = readStr(errs, pool, 'namePrefix', path);
  if (prefix) for (const msg of dns1123LabelErrors(prefix.replace(/-$/, 'a'))) invalid(errs, child(path, 'namePrefix'), prefix, msg);
  const capacity = validateResourceList(errs, pool, 'capacity', path, 'any');
  for (const resource of ['cpu', 'memory']) {
    const raw = (pool.capacity as Obj | undefined)?.[resource];
    if (!capacity.has(resource) && (raw === undefined || raw === null)) required(errs, index(child(path, 'capacity'), resource));
  }
  validateResourceList(errs, pool, 'reserved', path, 'any');
  validateLabels(errs, pool, 'labels', path);
  validateTaints(errs, pool, 'taints', path);
  const zones = readStrArr(errs, pool, 'zones', path) ?? [];
  const seen = new Set<string>();
  zones.forEach((zone, i) => {
    const zp = index(child(path, 'zones'), i);
    // A zone becomes the value of the topology.kubernetes.io/zone label.
    if (!zone) required(errs, zp);
    else for (const msg of labelValueErrors(zone)) invalid(errs, zp, zone, msg);
    if (seen.has(zone)) duplicate(errs, zp, zone);
    seen.add(zone);
  });
  readBool(errs, pool, 'controlPlane', path);
  readStr(errs, pool, 'instanceType', path);
  const cost = readNum(errs, pool, 'costPerHour', path);
  if (cost !== undefined && cost < 0) invalid(errs, child(path, 'costPerHour'), cost, NEGATIVE);
  validateAutoscaling(errs, pool, path);
}

/** A Cluster: at least one node pool, each well formed; control-plane settings in range. */
export function validateCluster(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  const pools = readArr(errs, spec, 'nodePools', 'spec');
  if (!pools || pools.length === 0) {
    if (!pools && spec.nodePools !== undefined && spec.nodePools !== null) return;
    required(errs, 'spec.nodePools', 'must have at least one node pool');
    return;
  }
  const names = new Set<string>();
  for (const [pool, i] of objItems(errs, pools, 'spec.nodePools')) validatePool(errs, pool, `spec.nodePools[${i}]`, names);
  readStr(errs, spec, 'kubernetesVersion', 'spec');
  readStr(errs, spec, 'region', 'spec');
  readInt(errs, spec, 'seed', 'spec');
  const cp = readObj(errs, spec, 'controlPlane', 'spec');
  if (!cp) return;
  const p = 'spec.controlPlane';
  for (const key of ['podCIDR', 'serviceCIDR']) {
    const cidr = readStr(errs, cp, key, p);
    if (cidr !== undefined) for (const msg of cidrErrors(cidr)) invalid(errs, child(p, key), cidr, msg);
  }
  nonNegativeInt(errs, cp, 'nodeMonitorGracePeriodSeconds', p);
  nonNegativeInt(errs, cp, 'podEvictionTolerationSeconds', p);
  const strategy = readStr(errs, cp, 'scoringStrategy', p);
  if (strategy !== undefined) oneOf(errs, child(p, 'scoringStrategy'), strategy, ['LeastAllocated', 'MostAllocated']);
}
