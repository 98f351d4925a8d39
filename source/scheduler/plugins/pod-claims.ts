/** The PersistentVolumeClaims a pod's volumes refer to (persistentVolumeClaim and generic ephemeral volumes). */
import type { Pod } from '../../api/core.js';
import { podNamespace } from '../types.js';

/** One claim reference; `ephemeral` claims are named `<pod>-<volume>` and created by the ephemeral volume controller. */
export interface ClaimRef { readonly namespace: string; readonly name: string; readonly ephemeral: boolean }

/** The pod's claim references in volume order. */
export function podClaims(pod: Pod): ClaimRef[] {
  const out: ClaimRef[] = [];
  const ns = podNamespace(pod);
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push({ namespace: ns, name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v['ephemeral']) out.push({ namespace: ns, name: `${pod.metadata.name ?? ''}-${v.name}`, ephemeral: true });
  }
  return out;
}
