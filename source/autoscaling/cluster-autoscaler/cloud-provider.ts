/**
 * The simulated cloud's instance API: the instances CA has requested and not yet deleted, whether or not their
 * kubelet has registered a Node. It is the "CA hook" billing uses: a cloud bills an instance from the moment it
 * is requested, so cost accounting must see instances before their Node exists. One registry per engine, so the
 * cluster autoscaler and the cost meter meet here without holding references to each other.
 */
import type { Engine } from '../../engine/engine.js';

/** One VM of a node group, named as the Node it registers. */
export interface CloudInstance {
  readonly name: string;
  readonly group: string;
  /** Virtual epoch ms of the create request. */
  readonly requestedAt: number;
}

/** A change to the instance set, delivered synchronously in the order it happened. */
export interface CloudInstanceEvent {
  readonly type: 'created' | 'deleted';
  readonly instance: CloudInstance;
  readonly at: number;
}

/** Instances requested from the simulated cloud by the cluster autoscaler. */
export class SimulatedCloud {
  private readonly live = new Map<string, CloudInstance>();
  private readonly listeners = new Set<(e: CloudInstanceEvent) => void>();

  /** Request an instance; throws if one of that name is still running. */
  create(instance: CloudInstance): void {
    if (this.live.has(instance.name)) throw new Error(`cloud: instance "${instance.name}" already exists`);
    this.live.set(instance.name, instance);
    this.emit({ type: 'created', instance, at: instance.requestedAt });
  }

  /** Terminate an instance (no-op when unknown: static nodes were never created through the cloud API). */
  delete(name: string, at: number): boolean {
    const instance = this.live.get(name);
    if (!instance) return false;
    this.live.delete(name);
    this.emit({ type: 'deleted', instance, at });
    return true;
  }

  has(name: string): boolean {
    return this.live.has(name);
  }

  get(name: string): CloudInstance | undefined {
    return this.live.get(name);
  }

  /** Live instances in creation order. */
  instances(): CloudInstance[] {
    return [...this.live.values()];
  }

  /** Listen to instance changes; returns the unsubscribe function. */
  subscribe(fn: (e: CloudInstanceEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: CloudInstanceEvent): void {
    for (const fn of this.listeners) fn(e);
  }
}

const clouds = new WeakMap<Engine, SimulatedCloud>();

/** The simulated cloud of one simulation (created on first use). */
export function cloudOf(engine: Engine): SimulatedCloud {
  let cloud = clouds.get(engine);
  if (!cloud) clouds.set(engine, (cloud = new SimulatedCloud()));
  return cloud;
}
