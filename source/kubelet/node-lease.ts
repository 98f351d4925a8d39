/** The node Lease the kubelet holds in kube-node-lease: created at registration, renewed every 10 s. */
import type { Namespace } from '../api/core.js';
import type { Lease } from '../api/cluster-kinds.js';
import { isApiError } from '../api/errors.js';
import type { ApiStore } from '../store/store.js';

/** Namespace of the node Leases. */
export const LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's lease duration (renewed every quarter of it). */
export const LEASE_DURATION_SECONDS = 40;

/** Create or renew `kube-node-lease/<node>` (holderIdentity = node, 40 s, renewTime = now as MicroTime), owned by the Node. */
export function renewLease(store: ApiStore, nodeName: string, nodeUid: string | undefined, renewTime: string): void {
  try {
    const lease = store.tryGet<Lease>('Lease', LEASE_NAMESPACE, nodeName);
    if (lease) {
      store.update<Lease>({ ...lease, spec: { ...lease.spec, holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime } });
      return;
    }
    ensureNamespace(store, LEASE_NAMESPACE);
    store.create<Lease>({
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: {
        name: nodeName, namespace: LEASE_NAMESPACE,
        ownerReferences: nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] : undefined,
      },
      spec: { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
    });
  } catch (err) {
    if (!isApiError(err)) throw err; // e.g. the namespace is terminating: try again at the next heartbeat
  }
}

/** Create a namespace if it does not exist (kube-node-lease, kube-system). */
export function ensureNamespace(store: ApiStore, name: string): void {
  if (store.tryGet('Namespace', undefined, name)) return;
  try {
    store.create<Namespace>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (err) {
    if (!isApiError(err, 'AlreadyExists')) throw err;
  }
}
