/**
 * Control-plane faults: the scheduler or the controller manager stops, the API server refuses connections or
 * answers late. The seed's point: during a control-plane failure nothing new can be deployed, but the site keeps
 * running — kubelets keep their containers and traffic keeps flowing to the endpoints it had; when the component
 * returns, it works through what queued up meanwhile.
 */
import { apiServerOf } from '../../cluster/api-server.js';
import { controllerFactories } from '../../cluster/controller-manager.js';
import type { Simulation } from '../../cluster/simulation.js';
import { componentGate, staticPod } from '../component-gate.js';
import type { FaultType } from '../types.js';

/** The fault manager's own component: it keeps running so faults can still be reverted. */
const CHAOS = 'chaos';
/**
 * Left at full speed by api-server-slow: work these do on their own timers would be skipped between round trips
 * rather than delayed (scrapes, autoscaler scans), and the cost meter and traffic are not API clients' round trips.
 */
const SLOW_EXEMPT = new Set([CHAOS, 'cost', 'metrics-server', 'cluster-autoscaler', 'traffic']);

/** kube-controller-manager's loops as the simulation runs them (plus the garbage collector and the HPA, which live there upstream). */
export function controllerManagerComponents(sim: Simulation): string[] {
  const names = controllerFactories(sim.cluster).flatMap((f) => f.names);
  return [...names, 'garbage-collector', 'horizontal-pod-autoscaler'];
}

/** Every component that talks to the API server: all but the fault manager. */
function apiClients(sim: Simulation): string[] {
  return sim.engine.componentNames().filter((n) => n !== CHAOS);
}

const schedulerDown: FaultType = {
  type: 'scheduler-down',
  description: 'kube-scheduler stops: new pods stay Pending (no FailedScheduling events, nobody tries); running pods are untouched. On revert the queue is scheduled.',
  appliesTo: ['ControlPlane'],
  controlPlaneComponent: 'kube-scheduler',
  params: [],
  inject({ sim, id }) {
    const gate = componentGate(sim);
    gate.hold(id, ['scheduler', staticPod('kube-scheduler')]);
    return () => gate.release(id);
  },
};

const controllerManagerDown: FaultType = {
  type: 'controller-manager-down',
  description: 'kube-controller-manager stops: no replacement pods, rollouts, endpoint updates, node health checks, HPA or garbage collection; running pods keep running.',
  appliesTo: ['ControlPlane'],
  controlPlaneComponent: 'kube-controller-manager',
  params: [],
  inject({ sim, id }) {
    const gate = componentGate(sim);
    gate.hold(id, [...controllerManagerComponents(sim), staticPod('kube-controller-manager')]);
    return () => gate.release(id);
  },
};

const apiServerDown: FaultType = {
  type: 'api-server-down',
  description: 'kube-apiserver refuses connections: kubectl and the UI get "connection refused", scheduler, controllers and kubelet status writes pause; containers keep running and serving. On revert everything catches up.',
  appliesTo: ['ControlPlane'],
  controlPlaneComponent: 'kube-apiserver',
  params: [],
  inject({ sim, id }) {
    const gate = componentGate(sim);
    const api = apiServerOf(sim);
    api.setDown(id, true);
    gate.hold(id, apiClients(sim));
    return () => {
      api.setDown(id, false);
      gate.release(id);
    };
  },
};

const apiServerSlow: FaultType = {
  type: 'api-server-slow',
  description: 'kube-apiserver answers late: every client request takes the added latency, and the scheduler, controllers and kubelets see changes and get writes through only once per round trip.',
  appliesTo: ['ControlPlane'],
  controlPlaneComponent: 'kube-apiserver',
  params: [{ name: 'latency', type: 'duration', description: 'added to every request (one round trip)', default: '2s' }],
  validateParams(params) {
    const ms = params.latency as number;
    return ms >= 1 && ms <= 600_000 ? [] : [`params.latency: must be from 1ms to 10m, got ${ms}ms`];
  },
  inject({ sim, id }, _targets, params) {
    const latency = params.latency as number;
    const gate = componentGate(sim);
    const api = apiServerOf(sim);
    api.setLatency(id, latency);
    gate.hold(id, apiClients(sim).filter((n) => !SLOW_EXEMPT.has(n)), 'slow');
    const cancel = sim.engine.every(latency, () => gate.pulse(), `chaos:${id}:round-trip`);
    return () => {
      cancel();
      api.setLatency(id, undefined);
      gate.release(id);
    };
  },
};

/** The control-plane faults (etcd data loss with snapshot restore is not in the catalogue yet). */
export const controlPlaneFaults: FaultType[] = [schedulerDown, controllerManagerDown, apiServerDown, apiServerSlow];
