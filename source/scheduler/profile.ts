/** The default profile: filter plugins in upstream's order, score plugins with their weights. */
import type { FilterPlugin, ScorePlugin } from './framework.js';
import { balancedAllocationScore } from './plugins/balanced-allocation.js';
import { imageLocalityScore } from './plugins/image-locality.js';
import { interPodAffinityFilter } from './plugins/inter-pod-affinity.js';
import { interPodAffinityScore } from './plugins/inter-pod-affinity-score.js';
import { nodeAffinityFilter, nodeAffinityScore } from './plugins/node-affinity.js';
import { nodeName } from './plugins/node-name.js';
import { nodePorts } from './plugins/node-ports.js';
import { nodeResourcesFitFilter, nodeResourcesFitScore } from './plugins/node-resources-fit.js';
import { nodeUnschedulable } from './plugins/node-unschedulable.js';
import { podTopologySpreadFilter } from './plugins/pod-topology-spread.js';
import { podTopologySpreadScore } from './plugins/pod-topology-spread-score.js';
import { taintTolerationFilter, taintTolerationScore } from './plugins/taint-toleration.js';
import { volumeBinding } from './plugins/volume-binding.js';
import { volumeZone } from './plugins/volume-zone.js';

/** Filters in the order getDefaultPlugins lists them; a node stops at the first rejection. */
export const DEFAULT_FILTER_PLUGINS: readonly FilterPlugin[] = Object.freeze([
  nodeUnschedulable,
  nodeName,
  taintTolerationFilter,
  nodeAffinityFilter,
  nodePorts,
  nodeResourcesFitFilter,
  volumeBinding,
  volumeZone,
  podTopologySpreadFilter,
  interPodAffinityFilter,
] as FilterPlugin[]);

/** Score plugins in upstream order with weights 3, 2, 1, 2, 2, 1, 1. */
export const DEFAULT_SCORE_PLUGINS: readonly ScorePlugin[] = Object.freeze([
  taintTolerationScore,
  nodeAffinityScore,
  nodeResourcesFitScore,
  podTopologySpreadScore,
  interPodAffinityScore,
  balancedAllocationScore,
  imageLocalityScore,
] as ScorePlugin[]);
