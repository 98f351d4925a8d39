/** Resource names and quantities: container requests/limits, resource lists of nodes, quotas and claims. */
import { compareQuantities, formatQuantity, parseQuantity, type Quantity, QuantityError } from '../quantity.js';
import { child, type Errs, forbidden, index, invalid, invalidText, type Obj, readObj, required } from './field.js';
import { qualifiedNameErrors } from './names.js';

/** How a resource name is checked, by the kind of list it appears in. */
export type ResourceNameRule = 'container' | 'any' | 'quota' | 'none';

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** Native resources have no domain, or a kubernetes.io domain; everything else is an extended resource. */
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
/** Requests may be below limits only for native, non-hugepage resources (helper.IsOvercommitAllowed). */
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);
const isStandard = (name: string): boolean => STANDARD_RESOURCES.has(name) || isHugePages(name)
  || name.startsWith('requests.hugepages-') || name.startsWith('limits.hugepages-');

/** validateResourceName / validateContainerResourceName / ValidateResourceQuotaResourceName. */
function resourceNameErrors(errs: Errs, name: string, rule: ResourceNameRule, field: string): void {
  if (rule === 'none') return;
  const qualified = qualifiedNameErrors(name);
  for (const msg of qualified) invalid(errs, field, name, msg);
  if (qualified.length > 0) return;
  if (name.includes('/')) {
    if (rule === 'container' && !isNative(name) && name.startsWith('requests.')) invalid(errs, field, name, "doesn't follow extended resource name standard");
    return;
  }
  if (!isStandard(name)) invalid(errs, field, name, 'must be a standard resource type or fully qualified');
  if (rule === 'container' && !CONTAINER_RESOURCES.has(name) && !isHugePages(name)) invalid(errs, field, name, 'must be a standard resource for containers');
  if (rule === 'quota' && !isStandard(name)) invalid(errs, field, name, 'must be a standard resource for quota');
}

/** Parse one quantity field; a parse failure is reported with upstream's quantity grammar message. */
export function quantityAt(errs: Errs, value: unknown, field: string): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    if (value !== undefined && value !== null) invalid(errs, field, value, 'must be a quantity (string or number)');
    return undefined;
  }
  try {
    return parseQuantity(value);
  } catch (err) {
    if (err instanceof QuantityError) {
      invalid(errs, field, value, err.message);
      return undefined;
    }
    invalid(errs, field, value, String(err));
    return undefined;
  }
}

/** ValidateResourceQuantityValue: not negative, integer for countable resources. */
function quantityValueErrors(errs: Errs, name: string, q: Quantity, field: string): void {
  if (q.nano < 0n) invalid(errs, field, formatQuantity(q), 'must be greater than or equal to 0');
  const countable = INTEGER_RESOURCES.has(name) || (!isNative(name) && !name.startsWith('requests.'));
  if (countable && q.nano % 1_000_000_000n !== 0n) invalidText(errs, field, formatQuantity(q), 'must be an integer');
}

/** A ResourceList at parent[key]: each entry parsed, named and range-checked. Returns the parsed quantities. */
export function validateResourceList(errs: Errs, parent: Obj, key: string, path: string, rule: ResourceNameRule): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  const list = readObj(errs, parent, key, path);
  if (!list) return out;
  const base = child(path, key);
  for (const name of Object.keys(list)) {
    const field = index(base, name);
    resourceNameErrors(errs, name, rule, field);
    const q = quantityAt(errs, list[name], field);
    if (!q) continue;
    quantityValueErrors(errs, name, q, field);
    out.set(name, q);
  }
  return out;
}

/** ValidateContainerResourceRequirements: names, quantities, requests ≤ limits (= for non-overcommittable). */
export function validateResourceRequirements(errs: Errs, resources: Obj, path: string): void {
  const limits = validateResourceList(errs, resources, 'limits', path, 'container');
  const requests = validateResourceList(errs, resources, 'requests', path, 'container');
  const reqPath = child(path, 'requests');
  for (const [name, q] of requests) {
    const limit = limits.get(name);
    if (limit) {
      const cmp = compareQuantities(q, limit);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        invalid(errs, reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`);
      } else if (cmp > 0) {
        invalid(errs, reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`);
      }
    } else if (!overcommitAllowed(name)) {
      required(errs, child(path, 'limits'), 'Limit must be set for non overcommitable resources');
    }
  }
  const cpuOrMemory = ['cpu', 'memory'].some((r) => limits.has(r) || requests.has(r));
  const hugePages = [...limits.keys(), ...requests.keys()].some(isHugePages);
  if (hugePages && !cpuOrMemory) forbidden(errs, path, 'HugePages require cpu or memory');
}
