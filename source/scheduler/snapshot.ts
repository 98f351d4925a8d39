/**
 * The scheduler's cache/snapshot: NodeInfos in upstream's zone-interleaved order, plus the indexes that keep
 * PodTopologySpread and InterPodAffinity proportional to the pods they select (pods by namespace and label,
 * pods with affinity), image spread, and nominated pods. The scheduler component keeps it current from watch events.
 */
import type { Node, Pod } from '../api/core.js';
import { NOTHING, type Selector } from '../api/label-selector.js';
import { NodeInfo } from './node-info.js';
import { type AffinityPodEntry, type AntiAffinityTermEntry, AntiAffinityTermIndex, affinityPodEntry } from './affinity-index.js';
import { podAffinityInfo } from './pod-affinity-terms.js';
import { TopologyDomainCache, type TopologyDomains, sameLabels } from './topology-domains.js';
import {
  LABEL_REGION, LABEL_REGION_BETA, LABEL_ZONE, LABEL_ZONE_BETA, NO_LABELS, podKey, podNamespace,
} from './types.js';

/** Options for a snapshot. */
export interface SnapshotOptions {
  /** Labels of a namespace, for namespaceSelector in pod affinity terms; default: only kubernetes.io/metadata.name. */
  namespaceLabels?: (namespace: string) => Readonly<Record<string, string>> | undefined;
}

type PodNodes = Map<Pod, NodeInfo>;
interface NamespacePods { all: PodNodes; byLabel: Map<string, Map<string, PodNodes>> }

/** utilnode.GetZoneKey: region + ":\0:" + zone, or "" when the node has neither label. */
export function zoneKey(node: Node): string {
  const l = node.metadata.labels ?? NO_LABELS;
  const zone = l[LABEL_ZONE] ?? l[LABEL_ZONE_BETA] ?? '';
  const region = l[LABEL_REGION] ?? l[LABEL_REGION_BETA] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The same object, or the same uid at the same resourceVersion (identical content by the API's contract). */
function samePodVersion(a: Pod, b: Pod): boolean {
  if (a === b) return true;
  const rv = a.metadata.resourceVersion;
  return rv !== undefined && rv === b.metadata.resourceVersion && a.metadata.uid === b.metadata.uid;
}

/** Nodes and assigned pods as the scheduler sees them. */
export class Snapshot {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly zoneOf = new Map<string, string>();
  private readonly zones = new Map<string, NodeInfo[]>();
  private list: NodeInfo[] | undefined;
  private readonly placed = new Map<string, { pod: Pod; info: NodeInfo }>();
  private readonly byNamespace = new Map<string, NamespacePods>();
  /** Assigned pods with any pod (anti-)affinity stanza → their node. */
  readonly podsWithAffinity: PodNodes = new Map();
  /** Assigned pods with required anti-affinity terms → their node. */
  readonly podsWithRequiredAntiAffinity: PodNodes = new Map();
  private readonly affinityPods = new Map<Pod, AffinityPodEntry>();
  private readonly antiAffinityTerms = new AntiAffinityTermIndex();
  private readonly imageNodes = new Map<string, number>();
  private readonly domains = new TopologyDomainCache();
  private generation = 0;
  private readonly nominatedByNode = new Map<string, Pod[]>();
  private readonly nominatedNodeOf = new Map<string, string>();
  private readonly nsLabels: (namespace: string) => Readonly<Record<string, string>>;
  private readonly defaultNsLabels = new Map<string, Readonly<Record<string, string>>>();

  constructor(options: SnapshotOptions = {}) {
    const custom = options.namespaceLabels;
    this.nsLabels = (ns) => custom?.(ns) ?? this.defaultLabelsOf(ns);
  }

  private defaultLabelsOf(ns: string): Readonly<Record<string, string>> {
    let l = this.defaultNsLabels.get(ns);
    if (!l) this.defaultNsLabels.set(ns, (l = Object.freeze({ 'kubernetes.io/metadata.name': ns })));
    return l;
  }

  // ---- nodes ----

  /** Add a node or replace its object (labels, taints, allocatable, images may all change). */
  upsertNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    this.generation++;
    if (info.node) this.countImages(info, -1);
    if (!sameLabels(info.labels, node.metadata.labels ?? NO_LABELS)) this.domains.clear();
    info.setNode(node);
    this.countImages(info, 1);
    const zone = zoneKey(node);
    const before = this.zoneOf.get(name);
    if (before !== zone) {
      if (before !== undefined) this.leaveZone(info, before);
      this.zoneOf.set(name, zone);
      let members = this.zones.get(zone);
      if (!members) this.zones.set(zone, (members = []));
      members.push(info);
      this.list = undefined;
    }
  }

  /** Remove a node; pods still bound to it stay known (as upstream's cache does) but the node is not listed. */
  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info?.node) return;
    this.generation++;
    this.countImages(info, -1);
    const zone = this.zoneOf.get(name);
    if (zone !== undefined) this.leaveZone(info, zone);
    this.zoneOf.delete(name);
    info.node = undefined;
    info.index = -1;
    if (info.pods.length === 0) this.infos.delete(name);
    this.list = undefined;
    this.domains.clear();
  }

  private leaveZone(info: NodeInfo, zone: string): void {
    const members = this.zones.get(zone);
    if (!members) return;
    const i = members.indexOf(info);
    if (i >= 0) members.splice(i, 1);
    if (members.length === 0) this.zones.delete(zone);
    this.list = undefined;
  }

  private countImages(info: NodeInfo, delta: 1 | -1): void {
    for (const name of info.imageSizes.keys()) {
      const n = (this.imageNodes.get(name) ?? 0) + delta;
      if (n > 0) this.imageNodes.set(name, n);
      else this.imageNodes.delete(name);
    }
  }

  /** NodeTree.list(): one node from each zone in turn, so a partial search still spans zones. */
  nodeInfoList(): readonly NodeInfo[] {
    if (this.list) return this.list;
    const zones = [...this.zones.values()];
    const out: NodeInfo[] = [];
    for (let i = 0; ; i++) {
      let any = false;
      for (const members of zones) {
        if (i < members.length) { out.push(members[i]!); any = true; }
      }
      if (!any) break;
    }
    out.forEach((info, i) => { info.index = i; });
    this.domains.clear(); // positions moved
    return (this.list = out);
  }

  /** Which listed nodes carry all of `keys`, and each key's values among them (cached until nodes change). */
  topologyDomains(keys: readonly string[]): TopologyDomains {
    return this.domains.get(keys, this.nodeInfoList());
  }

  /** Number of listed nodes. */
  get numNodes(): number {
    return this.nodeInfoList().length;
  }

  /** A listed node by name. */
  get(name: string): NodeInfo | undefined {
    const info = this.infos.get(name);
    return info?.node ? info : undefined;
  }

  /** Changes whenever a node is added, replaced or removed, so values derived only from nodes can be cached. */
  get nodeGeneration(): number {
    return this.generation;
  }

  /** How many nodes report an image under this name (ImageStateSummary.NumNodes). */
  imageNumNodes(name: string): number {
    return this.imageNodes.get(name) ?? 0;
  }

  // ---- pods ----

  /** Add (or move) an assigned pod; pods without spec.nodeName and finished pods are ignored. */
  addPod(pod: Pod): void {
    // The scheduler assumes a pod onto its node and then hears the same bind from its watch: nothing to redo.
    const at = this.placed.get(podKey(pod));
    if (at && samePodVersion(at.pod, pod) && at.info.name === pod.spec?.nodeName && !isTerminal(pod)) {
      this.nominate(pod, undefined);
      return;
    }
    this.unplace(pod);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || isTerminal(pod)) return;
    this.nominate(pod, undefined);
    let info = this.infos.get(nodeName);
    if (!info) this.infos.set(nodeName, (info = new NodeInfo(nodeName)));
    info.addPod(pod);
    this.placed.set(podKey(pod), { pod, info });
    this.index(pod, info, true);
  }

  /** A pod changed (bound, relabelled, finished, deleted-with-grace): replace the old version. */
  updatePod(_oldPod: Pod, newPod: Pod): void {
    this.addPod(newPod);
  }

  /** Forget a pod (deleted); also drops its nomination. */
  removePod(pod: Pod): void {
    this.nominate(pod, undefined);
    this.unplace(pod);
  }

  private unplace(pod: Pod): void {
    const key = podKey(pod);
    const at = this.placed.get(key);
    if (!at) return;
    this.placed.delete(key);
    at.info.removePod(at.pod);
    this.index(at.pod, at.info, false);
    if (!at.info.node && at.info.pods.length === 0) this.infos.delete(at.info.name);
  }

  /** The node an assigned pod is on. */
  nodeOfPod(pod: Pod): NodeInfo | undefined {
    return this.placed.get(podKey(pod))?.info;
  }

  private index(pod: Pod, info: NodeInfo, add: boolean): void {
    const ns = podNamespace(pod);
    let nsp = this.byNamespace.get(ns);
    if (!nsp) {
      if (!add) return;
      this.byNamespace.set(ns, (nsp = { all: new Map(), byLabel: new Map() }));
    }
    const labels = pod.metadata.labels ?? NO_LABELS;
    if (add) nsp.all.set(pod, info);
    else nsp.all.delete(pod);
    for (const k in labels) {
      const v = labels[k]!;
      let values = nsp.byLabel.get(k);
      if (!values) {
        if (!add) continue;
        nsp.byLabel.set(k, (values = new Map()));
      }
      let set = values.get(v);
      if (add) {
        if (!set) values.set(v, (set = new Map()));
        set.set(pod, info);
      } else if (set) {
        set.delete(pod);
        if (set.size === 0) values.delete(v);
        if (values.size === 0) nsp.byLabel.delete(k);
      }
    }
    if (!add && nsp.all.size === 0) this.byNamespace.delete(ns);
    const aff = podAffinityInfo(pod);
    if (aff.hasPodAffinity) {
      if (add) {
        this.podsWithAffinity.set(pod, info);
        this.affinityPods.set(pod, affinityPodEntry(pod, info, aff));
      } else {
        this.podsWithAffinity.delete(pod);
        this.affinityPods.delete(pod);
      }
    }
    if (aff.requiredAntiAffinity.length) {
      if (add) {
        this.podsWithRequiredAntiAffinity.set(pod, info);
        this.antiAffinityTerms.add(pod, info, aff.requiredAntiAffinity);
      } else {
        this.podsWithRequiredAntiAffinity.delete(pod);
        this.antiAffinityTerms.remove(pod);
      }
    }
  }

  /**
   * Call fn for each assigned pod in `namespace` on a listed node whose labels match `selector`, visiting only the
   * smallest label posting list the selector's equality requirements allow. Returns how many pods were examined.
   */
  forEachMatchingPod(namespace: string, selector: Selector, fn: (pod: Pod, info: NodeInfo) => void): number {
    if (selector === NOTHING) return 0;
    const nsp = this.byNamespace.get(namespace);
    if (!nsp) return 0;
    let candidates = nsp.all;
    for (const [k, v] of selector.equalities) {
      const posting = nsp.byLabel.get(k)?.get(v);
      if (!posting) return 0;
      if (posting.size < candidates.size) candidates = posting;
    }
    let visited = 0;
    for (const [pod, info] of candidates) {
      visited++;
      if (info.node && selector.matches(pod.metadata.labels ?? NO_LABELS)) fn(pod, info);
    }
    return visited;
  }

  /** Assigned pods with any pod (anti-)affinity stanza, with their node and compiled terms (podsWithAffinity's order). */
  podsWithAffinityTerms(): IterableIterator<AffinityPodEntry> {
    return this.affinityPods.values();
  }

  /**
   * Call fn for existing pods' required anti-affinity terms that could select a pod with these labels (a superset
   * of the matching ones, found through one selector equality per term). Returns how many terms were examined.
   */
  forEachAntiAffinityTermFor(labels: Readonly<Record<string, string>>, fn: (entry: AntiAffinityTermEntry) => void): number {
    return this.antiAffinityTerms.forEachCandidate(labels, fn);
  }

  /** Namespaces that have assigned pods. */
  namespaces(): IterableIterator<string> {
    return this.byNamespace.keys();
  }

  /** A namespace's labels for namespaceSelector matching. */
  namespaceLabels = (namespace: string): Readonly<Record<string, string>> => this.nsLabels(namespace);

  // ---- nominated pods ----

  /** Record (or with undefined, clear) status.nominatedNodeName for a pending pod. */
  nominate(pod: Pod, nodeName: string | undefined): void {
    const key = podKey(pod);
    const before = this.nominatedNodeOf.get(key);
    if (before !== undefined) {
      const list = this.nominatedByNode.get(before);
      if (list) {
        const i = list.findIndex((p) => podKey(p) === key);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.nominatedByNode.delete(before);
      }
      this.nominatedNodeOf.delete(key);
    }
    if (!nodeName) return;
    let list = this.nominatedByNode.get(nodeName);
    if (!list) this.nominatedByNode.set(nodeName, (list = []));
    list.push(pod);
    this.nominatedNodeOf.set(key, nodeName);
  }

  /** Whether any pod is nominated anywhere (lets the filter loop skip the per-node nominated-pods look-up). */
  get hasNominatedPods(): boolean {
    return this.nominatedByNode.size > 0;
  }

  /** Pods nominated to run on a node (not yet bound), or undefined. */
  nominatedPodsOn(nodeName: string): readonly Pod[] | undefined {
    return this.nominatedByNode.get(nodeName);
  }
}
