/** Gathers what `kubectl describe` shows beside the object itself (events, related objects, scheduling) and renders it. */
import type { Pod } from '../api/core.js';
import { describeObject } from './describe/index.js';
import type { KubeObject } from '../api/meta.js';
import type { InProcessClient } from './in-process.js';

export function describeFor(client: InProcessClient, kind: string, namespace: string | undefined, name: string): string {
  const obj = client.get<KubeObject>(kind, namespace, name);
  if (!obj) throw new Error(`Error from server (NotFound): ${kind.toLowerCase()}s "${name}" not found`);
  const uid = obj.metadata.uid!;
  const related: NonNullable<Parameters<typeof describeObject>[1]['related']> = {};
  if (kind === 'Node') related.nodePods = client.podsOnNode(name).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  if (kind === 'Deployment') related.replicaSets = client.ownedBy('ReplicaSet', uid);
  if (['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController'].includes(kind)) related.pods = client.ownedBy<Pod>('Pod', uid);
  if (kind === 'Service') related.endpoints = client.get('Endpoints', namespace, name);
  return describeObject(obj, {
    nowMs: client.now(),
    events: client.eventsFor(obj),
    related,
    scheduling: kind === 'Pod' ? client.schedulingRecord(obj as Pod) : undefined,
  });
}
