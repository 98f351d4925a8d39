/**
 * Strategic-merge metadata: which lists merge, and by which key, as upstream's Go types declare with
 * `patchStrategy:"merge" patchMergeKey:"…"`. Every other list is replaced whole (tolerations, args, command, taints,
 * containerStatuses…). Kept as a path table rather than per-kind schemas: no two built-in kinds use one path for
 * different things, so a path names the same field whatever the kind.
 */

/** A field in the metadata tree. `mergeKey` set: the field is a merge list ('' = a list of primitives merged as a set). */
export interface PatchMeta {
  readonly mergeKey?: string;
  readonly children: Map<string, PatchMeta>;
}

/** Where ObjectMeta sits: the object itself and every embedded template. */
const OBJECT_META = [
  'metadata', 'spec.template.metadata', 'spec.jobTemplate.metadata', 'spec.jobTemplate.spec.template.metadata',
  'template.metadata', 'spec.volumeClaimTemplates.metadata',
];
/** Where a PodSpec sits: Pod; Deployment/ReplicaSet/StatefulSet/DaemonSet/Job/ReplicationController; CronJob; PodTemplate. */
const POD_SPEC = ['spec', 'spec.template.spec', 'spec.jobTemplate.spec.template.spec', 'template.spec'];
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** Path pattern → merge key. `{meta}`, `{pod}` and `{container}` expand to the lists above. */
const MERGE_LISTS: ReadonlyArray<readonly [string, string]> = [
  ['{meta}.ownerReferences', 'uid'],
  ['{meta}.finalizers', ''],
  ['{pod}.{container}', 'name'],
  ['{pod}.{container}.ports', 'containerPort'],
  ['{pod}.{container}.env', 'name'],
  ['{pod}.{container}.volumeMounts', 'mountPath'],
  ['{pod}.{container}.volumeDevices', 'devicePath'],
  ['{pod}.volumes', 'name'],
  ['{pod}.imagePullSecrets', 'name'],
  ['{pod}.hostAliases', 'ip'],
  ['{pod}.topologySpreadConstraints', 'topologyKey'],
  ['{pod}.resourceClaims', 'name'],
  ['{pod}.schedulingGates', 'name'],
  // Pod, Node, Service, Namespace, PVC, ReplicationController, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, HPA, PDB.
  ['status.conditions', 'type'],
  ['status.podIPs', 'ip'],
  ['status.hostIPs', 'ip'],
  ['status.resourceClaimStatuses', 'name'],
  ['status.addresses', 'type'], // Node
  ['spec.podCIDRs', ''], // Node
  ['spec.ports', 'port'], // Service
  ['secrets', 'name'], // ServiceAccount
];

const PLACEHOLDERS: Record<string, readonly string[]> = { '{meta}': OBJECT_META, '{pod}': POD_SPEC, '{container}': CONTAINER_LISTS };

function expand(pattern: string): string[] {
  const match = /\{[a-z]+\}/.exec(pattern);
  if (!match) return [pattern];
  const alternatives = PLACEHOLDERS[match[0]]!;
  return alternatives.flatMap((alt) => expand(pattern.slice(0, match.index) + alt + pattern.slice(match.index + match[0].length)));
}

interface MutableMeta {
  mergeKey?: string;
  children: Map<string, MutableMeta>;
}

function buildTree(): PatchMeta {
  const root: MutableMeta = { children: new Map() };
  for (const [pattern, mergeKey] of MERGE_LISTS) {
    for (const path of expand(pattern)) {
      let node = root;
      for (const segment of path.split('.')) {
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = { children: new Map() }));
        node = child;
      }
      node.mergeKey = mergeKey;
    }
  }
  return root;
}

/** The metadata tree for built-in kinds (list elements share their list's node). */
export const BUILTIN_PATCH_META: PatchMeta = buildTree();
