/** VolumeZone: a bound PV labelled with zones/regions can only be used from nodes in one of them. */
import type { FilterPlugin, PreFilterResult } from '../framework.js';
import {
  LABEL_REGION, LABEL_REGION_BETA, LABEL_ZONE, LABEL_ZONE_BETA, rejection,
} from '../types.js';
import { podClaims } from './pod-claims.js';

/** ErrReasonConflict. */
export const REASON_VOLUME_ZONE = 'node(s) had no available volume zone';

const TOPOLOGY_LABELS = [LABEL_ZONE_BETA, LABEL_REGION_BETA, LABEL_ZONE, LABEL_REGION] as const;
const GA_LABEL: Readonly<Record<string, string>> = { [LABEL_ZONE_BETA]: LABEL_ZONE, [LABEL_REGION_BETA]: LABEL_REGION };
const REJECTED = rejection('VolumeZone', 'UnschedulableAndUnresolvable', REASON_VOLUME_ZONE);
const SKIP: PreFilterResult<readonly PVTopology[]> = Object.freeze({ skip: true });

interface PVTopology { readonly key: string; readonly values: ReadonlySet<string> }

/** The VolumeZone filter. */
export const volumeZone: FilterPlugin<readonly PVTopology[]> = {
  name: 'VolumeZone',
  preFilter(ctx) {
    const out: PVTopology[] = [];
    for (const c of podClaims(ctx.pod)) {
      const pvName = ctx.options.volumes.getPVC(c.namespace, c.name)?.spec.volumeName;
      if (!pvName) continue; // unbound claims are VolumeBinding's concern
      const labels = ctx.options.volumes.getPV(pvName)?.metadata.labels;
      if (!labels) continue;
      for (const key of TOPOLOGY_LABELS) {
        const v = labels[key];
        // Multi-zone volumes list their zones joined by "__" (LabelZonesToSet).
        if (v !== undefined) out.push({ key, values: new Set(v.split('__').map((z) => z.trim())) });
      }
    }
    return out.length ? { state: out } : SKIP;
  },
  filter(_ctx, topologies, info) {
    const labels = info.labels;
    // A node with no zone or region labels at all is not constrained.
    if (!TOPOLOGY_LABELS.some((k) => k in labels)) return undefined;
    for (const t of topologies) {
      const v = labels[t.key] ?? (GA_LABEL[t.key] ? labels[GA_LABEL[t.key]!] : undefined);
      if (v === undefined || !t.values.has(v)) return REJECTED;
    }
    return undefined;
  },
};
