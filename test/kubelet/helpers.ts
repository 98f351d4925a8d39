/** Kubelet test fixtures: an engine with namespaces, a KubeletPool with the real catalogue, nodes and pods. */
import { readFileSync } from 'node:fs';
import type { Container, Event, Node, Pod } from '../../source/api/core.js';
import type { Engine } from '../../source/engine/engine.js';
import { KubeletPool } from '../../source/kubelet/kubelet-pool.js';
import { parseProfileCatalog } from '../../source/kubelet/profiles.js';
import { podStatusReason } from '../../source/api/print/pod-status.js';
import { testEngine } from '../helpers.js';

export const catalog = parseProfileCatalog(readFileSync(new URL('../../fixtures/images.yaml', import.meta.url), 'utf8'), 'fixtures/images.yaml');

export interface Sim { engine: Engine; pool: KubeletPool }

/** An engine (frozen store objects) with a registered KubeletPool and the given nodes. */
export function sim(opts: { nodes?: Node[]; kubeletVersion?: string; seed?: number } = {}): Sim {
  const engine = testEngine({ seed: opts.seed ?? 7 });
  const pool = new KubeletPool(engine, { catalog, kubeletVersion: opts.kubeletVersion ?? 'v1.32.2' });
  engine.register(pool);
  for (const n of opts.nodes ?? [node('node-1')]) pool.addNode(n);
  engine.settle();
  return { engine, pool };
}

/** A worker node: 4 CPU, 16Gi (15Gi allocatable), 110 pods, podCIDR 10.244.<i>.0/24. */
export function node(name: string, extra: { index?: number; cpu?: string; memory?: string; allocMemory?: string; pods?: string; labels?: Record<string, string>; podCIDR?: string } = {}): Node {
  const i = extra.index ?? 1;
  const podCIDR = extra.podCIDR ?? `10.244.${i}.0/24`;
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
    spec: { podCIDR, podCIDRs: [podCIDR] },
    status: {
      capacity: { cpu: extra.cpu ?? '4', memory: extra.memory ?? '16Gi', pods: extra.pods ?? '110' },
      allocatable: { cpu: extra.cpu ?? '4', memory: extra.allocMemory ?? extra.memory ?? '15Gi', pods: extra.pods ?? '110' },
      addresses: [{ type: 'InternalIP', address: `172.16.0.${10 + i}` }, { type: 'Hostname', address: name }],
    },
  };
}

/** A pod bound to `nodeName`. */
export function boundPod(name: string, nodeName: string, containers: Partial<Container>[] = [{}], extra: { annotations?: Record<string, string>; restartPolicy?: 'Always' | 'OnFailure' | 'Never'; initContainers?: Partial<Container>[]; spec?: Partial<Pod['spec']>; namespace?: string } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: extra.namespace ?? 'default', annotations: extra.annotations },
    spec: {
      nodeName,
      containers: containers.map((c, i) => ({ name: i === 0 ? 'app' : `c${i}`, image: 'nginx:1.27', ...c })) as Container[],
      ...(extra.initContainers ? { initContainers: extra.initContainers.map((c, i) => ({ name: `init-${i}`, image: 'busybox:1.36', ...c })) as Container[] } : {}),
      ...(extra.restartPolicy ? { restartPolicy: extra.restartPolicy } : {}),
      ...extra.spec,
    },
  };
}

export function getPod(engine: Engine, name: string, namespace = 'default'): Pod | undefined {
  return engine.store.tryGet<Pod>('Pod', namespace, name);
}

/** The STATUS column for a pod, as kubectl prints it. */
export function statusOf(engine: Engine, name: string, namespace = 'default'): string {
  const pod = getPod(engine, name, namespace);
  return pod ? podStatusReason(pod) : '<gone>';
}

/** Events about an object, oldest first: `Reason: message`. */
export function eventsFor(engine: Engine, name: string, kind = 'Pod'): string[] {
  return engine.store.select<Event>('Event')
    .filter((e) => e.involvedObject.name === name && e.involvedObject.kind === kind)
    .sort((a, b) => Number(BigInt('0x' + a.metadata.name!.split('.').pop()!) - BigInt('0x' + b.metadata.name!.split('.').pop()!)))
    .map((e) => `${e.reason}: ${e.message}`);
}

export function eventObjects(engine: Engine, name: string, kind = 'Pod'): Event[] {
  return engine.store.select<Event>('Event').filter((e) => e.involvedObject.name === name && e.involvedObject.kind === kind);
}
