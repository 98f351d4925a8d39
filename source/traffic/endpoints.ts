/**
 * Where a Service's requests go: the ready endpoints of its EndpointSlices, as kube-proxy programs them. Slices are
 * found through the label index (`kubernetes.io/service-name`), never by scanning pods; a stale slice (endpoint
 * controller down) keeps routing to whatever it lists, which is how dead backends turn into failed requests.
 */
import type { EndpointSlice } from '../api/cluster-kinds.js';
import { selectorFromSet } from '../api/selectors.js';
import type { ApiStore } from '../store/store.js';

/** discovery.LabelServiceName. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** One ready endpoint backed by a pod. */
export interface PodEndpoint { namespace: string; name: string; uid?: string }

/** A Service's ready endpoints: pods, plus endpoints with no pod behind them (external, served as is). */
export interface ReadyEndpoints { pods: PodEndpoint[]; external: number }

/** The ready endpoints of a Service, one per pod (a pod listed in two slices during a resync counts once). */
export function readyEndpoints(store: ApiStore, namespace: string, service: string): ReadyEndpoints {
  const slices = store.select<EndpointSlice>('EndpointSlice', { namespace, selector: selectorFromSet({ [SERVICE_NAME_LABEL]: service }) });
  const pods: PodEndpoint[] = [];
  const seen = new Set<string>();
  let external = 0;
  for (const slice of slices) {
    for (const ep of slice.endpoints ?? []) {
      // conditions.ready unset means "unknown", which consumers treat as ready.
      if (ep.conditions?.ready === false) continue;
      const ref = ep.targetRef;
      if (!ref || ref.kind !== 'Pod' || !ref.name) {
        external++;
        continue;
      }
      const ns = ref.namespace ?? namespace;
      const key = ref.uid ?? `${ns}/${ref.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pods.push({ namespace: ns, name: ref.name, uid: ref.uid });
    }
  }
  return { pods, external };
}
