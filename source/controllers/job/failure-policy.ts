/** podFailurePolicy matching (pod_failure_policy.go): which rule a failed pod hits, and what that means for the Job. */
import type { ContainerStatus, Pod } from '../../api/core.js';
import type { PodFailurePolicyRule } from '../../api/workloads.js';

/** The outcome for one failed pod: a FailJob message, whether it counts toward backoffLimit, and the action hit. */
export interface PolicyMatch {
  failJobMessage?: string;
  countFailed: boolean;
  action?: PodFailurePolicyRule['action'];
}

const NO_RULE: PolicyMatch = { countFailed: true };

function matchingContainer(statuses: ContainerStatus[] | undefined, req: NonNullable<PodFailurePolicyRule['onExitCodes']>): ContainerStatus | undefined {
  for (const s of statuses ?? []) {
    const terminated = s.state?.terminated;
    // A container still terminating has no exit code to match; exit 0 never matches.
    if (!terminated || terminated.exitCode === 0) continue;
    if (req.containerName !== undefined && req.containerName !== s.name) continue;
    const listed = (req.values ?? []).includes(terminated.exitCode);
    if (req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false) return s;
  }
  return undefined;
}

/** matchPodFailurePolicy: the first rule whose requirement the pod meets decides. FailIndex needs backoffLimitPerIndex. */
export function matchPodFailurePolicy(policy: { rules?: PodFailurePolicyRule[] } | undefined, pod: Pod): PolicyMatch {
  if (!policy) return NO_RULE;
  const rules = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.onExitCodes) {
      const s = matchingContainer(pod.status?.containerStatuses, rule.onExitCodes)
        ?? matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (!s) continue;
      switch (rule.action) {
        case 'Ignore': return { countFailed: false, action: 'Ignore' };
        case 'Count': return { countFailed: true, action: 'Count' };
        case 'FailJob': return {
          countFailed: true, action: 'FailJob',
          failJobMessage: `Container ${s.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${s.state!.terminated!.exitCode} matching FailJob rule at index ${index}`,
        };
        default: continue; // FailIndex without per-index back-off: the rule is skipped, as upstream
      }
    } else if (rule.onPodConditions) {
      const condition = (pod.status?.conditions ?? []).find((c) => rule.onPodConditions!.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      if (!condition) continue;
      switch (rule.action) {
        case 'Ignore': return { countFailed: false, action: 'Ignore' };
        case 'Count': return { countFailed: true, action: 'Count' };
        case 'FailJob': return {
          countFailed: true, action: 'FailJob',
          failJobMessage: `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${condition.type} matching FailJob rule at index ${index}`,
        };
        default: continue;
      }
    }
  }
  return NO_RULE;
}
