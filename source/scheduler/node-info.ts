/**
 * framework.NodeInfo: one node with its assigned pods and the running totals the filters and scores read
 * (requested, non-zero requested, host ports, images). Updated incrementally; clone() is cheap for dry runs.
 */
import type { Node, Pod, Taint } from '../api/core.js';
import { toMilli, toUnits } from '../api/quantity.js';
import { HostPortInfo, podHostPorts } from './host-ports.js';
import { isScalarResourceName, podRequests } from './pod-resources.js';
import { NO_LABELS, podKey } from './types.js';

/** kubelet's default --max-pods, used when a node reports no `pods` allocatable. */
export const DEFAULT_MAX_PODS = 110;

const NO_IMAGES: ReadonlyMap<string, number> = new Map();

function safe(parse: (q: string) => number, q: string | undefined): number {
  try { return parse(q as string); } catch { return 0; }
}

/** The scheduler's view of one node. */
export class NodeInfo {
  private current: Node | undefined;
  /** The node's labels, kept next to the totals: every filter and score reads them for each node it visits. */
  private nodeLabels: Readonly<Record<string, string>> = NO_LABELS;
  private nodeTaints: readonly Taint[] | undefined;
  private nodeUnschedulable = false;
  /** Assigned (bound or assumed) pods, in arrival order; removal swaps the last pod in, as upstream does. */
  pods: Pod[] = [];

  allocatableMilliCPU = 0;
  allocatableMemory = 0;
  allocatableEphemeralStorage = 0;
  allocatablePods = 0;
  allocatableScalar: ReadonlyMap<string, number> | undefined;

  requestedMilliCPU = 0;
  requestedMemory = 0;
  requestedEphemeralStorage = 0;
  requestedScalar: Map<string, number> | undefined;
  /** Requests with 100m / 200Mi for containers that set none: what NodeResourcesFit scoring adds up. */
  nonZeroRequestedMilliCPU = 0;
  nonZeroRequestedMemory = 0;

  usedPorts = new HostPortInfo();
  /** Image name (as node.status.images lists it) → size in bytes. */
  imageSizes: ReadonlyMap<string, number> = NO_IMAGES;

  /** Position in the snapshot's node list (used for per-cycle arrays); -1 when not listed. */
  index = -1;

  constructor(readonly name: string, node?: Node) {
    if (node) this.setNode(node);
  }

  /** undefined while pods reference a node the snapshot has not seen yet. */
  get node(): Node | undefined {
    return this.current;
  }

  set node(node: Node | undefined) {
    this.current = node;
    this.nodeLabels = node?.metadata.labels ?? NO_LABELS;
    this.nodeTaints = node?.spec?.taints;
    this.nodeUnschedulable = node?.spec?.unschedulable === true;
  }

  /** The node's labels (never undefined). */
  get labels(): Readonly<Record<string, string>> {
    return this.nodeLabels;
  }

  /** spec.taints (undefined when none or no node). */
  get taints(): readonly Taint[] | undefined {
    return this.nodeTaints;
  }

  /** spec.unschedulable (a cordoned node). */
  get unschedulable(): boolean {
    return this.nodeUnschedulable;
  }

  /** Replace the Node object, re-reading allocatable and images. */
  setNode(node: Node): void {
    this.node = node;
    const alloc = node.status?.allocatable ?? {};
    this.allocatableMilliCPU = safe(toMilli, alloc.cpu);
    this.allocatableMemory = safe(toUnits, alloc.memory);
    this.allocatableEphemeralStorage = safe(toUnits, alloc['ephemeral-storage']);
    this.allocatablePods = 'pods' in alloc ? safe(toUnits, alloc.pods) : DEFAULT_MAX_PODS;
    let scalar: Map<string, number> | undefined;
    for (const name in alloc) if (isScalarResourceName(name)) (scalar ??= new Map()).set(name, safe(toUnits, alloc[name]));
    this.allocatableScalar = scalar;
    const images = node.status?.images;
    if (!images?.length) this.imageSizes = NO_IMAGES;
    else {
      const sizes = new Map<string, number>();
      for (const img of images) for (const n of img.names ?? []) sizes.set(n, img.sizeBytes ?? 0);
      this.imageSizes = sizes;
    }
  }

  /** Add an assigned pod and its requests and ports. */
  addPod(pod: Pod): void {
    this.pods.push(pod);
    this.account(pod, 1);
  }

  /** Remove a pod (matched by uid, else namespace/name); false when it was not here. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const pods = this.pods;
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i]!;
      if (p === pod || podKey(p) === key) {
        pods[i] = pods[pods.length - 1]!;
        pods.pop();
        // Subtract what was added (the stored object), not the caller's possibly newer version.
        this.account(p, -1);
        return true;
      }
    }
    return false;
  }

  private account(pod: Pod, sign: 1 | -1): void {
    const r = podRequests(pod);
    this.requestedMilliCPU += sign * r.milliCPU;
    this.requestedMemory += sign * r.memory;
    this.requestedEphemeralStorage += sign * r.ephemeralStorage;
    this.nonZeroRequestedMilliCPU += sign * r.nonZeroMilliCPU;
    this.nonZeroRequestedMemory += sign * r.nonZeroMemory;
    if (r.scalar) {
      const m = (this.requestedScalar ??= new Map());
      for (const [k, n] of r.scalar) m.set(k, (m.get(k) ?? 0) + sign * n);
    }
    const ports = podHostPorts(pod);
    if (ports.length) {
      if (sign > 0) this.usedPorts.add(ports);
      else this.usedPorts.remove(ports);
    }
  }

  /** Requested amount of a scalar resource. */
  requestedScalarOf(name: string): number {
    return this.requestedScalar?.get(name) ?? 0;
  }

  /** Allocatable amount of a scalar resource. */
  allocatableScalarOf(name: string): number {
    return this.allocatableScalar?.get(name) ?? 0;
  }

  /** An independent copy for "what if" evaluation (nominated pods, preemption); the Node object is shared. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.pods = this.pods.slice();
    c.allocatableMilliCPU = this.allocatableMilliCPU;
    c.allocatableMemory = this.allocatableMemory;
    c.allocatableEphemeralStorage = this.allocatableEphemeralStorage;
    c.allocatablePods = this.allocatablePods;
    c.allocatableScalar = this.allocatableScalar;
    c.requestedMilliCPU = this.requestedMilliCPU;
    c.requestedMemory = this.requestedMemory;
    c.requestedEphemeralStorage = this.requestedEphemeralStorage;
    c.requestedScalar = this.requestedScalar ? new Map(this.requestedScalar) : undefined;
    c.nonZeroRequestedMilliCPU = this.nonZeroRequestedMilliCPU;
    c.nonZeroRequestedMemory = this.nonZeroRequestedMemory;
    c.usedPorts = this.usedPorts.isEmpty ? new HostPortInfo() : this.usedPorts.clone();
    c.imageSizes = this.imageSizes;
    c.index = this.index;
    return c;
  }
}
