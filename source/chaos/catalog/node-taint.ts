/**
 * node-taint (Litmus node-taint): add a taint to Nodes. NoSchedule keeps new pods off (they go Pending with the
 * scheduler's "untolerated taint" message), NoExecute also evicts running pods that do not tolerate it (the
 * taint-eviction controller). Revert removes that taint only — and leaves it if the operator removed or changed it.
 */
import type { Node, Taint } from '../../api/core.js';
import { labelValueErrors, qualifiedNameErrors } from '../../api/label-selector.js';
import type { FaultType, ResolvedTarget } from '../types.js';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

const sameSlot = (t: Taint, key: string, effect: string): boolean => t.key === key && t.effect === effect;
const show = (t: Taint): string => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

export const nodeTaint: FaultType = {
  type: 'node-taint',
  description: 'Add a taint to nodes (NoSchedule keeps new pods off; NoExecute also evicts pods that do not tolerate it); revert removes it.',
  appliesTo: ['Node'],
  params: [
    { name: 'key', type: 'string', description: 'taint key', default: 'kubedrill.io/fault' },
    { name: 'value', type: 'string', description: 'taint value', default: '' },
    { name: 'effect', type: 'string', description: `taint effect: ${EFFECTS.join(', ')}`, default: 'NoSchedule' },
  ],
  validateParams(params) {
    const problems: string[] = [];
    const keyErrs = qualifiedNameErrors(params.key as string);
    if (keyErrs.length) problems.push(`params.key: not a valid taint key: ${keyErrs.join('; ')}`);
    const valueErrs = labelValueErrors(params.value as string);
    if (valueErrs.length) problems.push(`params.value: not a valid taint value: ${valueErrs.join('; ')}`);
    if (!(EFFECTS as readonly string[]).includes(params.effect as string)) problems.push(`params.effect: must be one of ${EFFECTS.join(', ')}, got ${JSON.stringify(params.effect)}`);
    return problems;
  },
  checkTargets(_sim, targets, params) {
    const problems: string[] = [];
    for (const t of targets) {
      const existing = (t.object as Node).spec?.taints?.find((x) => sameSlot(x, params.key as string, params.effect as string));
      if (existing) problems.push(`params.key: ${t.ref} already has the taint ${show(existing)}`);
    }
    return problems;
  },
  inject({ sim }, targets, params) {
    const key = params.key as string, effect = params.effect as Taint['effect'], value = params.value as string;
    const taint: Taint = { key, ...(value ? { value } : {}), effect, ...(effect === 'NoExecute' ? { timeAdded: sim.engine.clock.timestamp() } : {}) };
    const tainted: { target: ResolvedTarget; uid?: string }[] = [];
    for (const t of targets) {
      const node = sim.store.get<Node>('Node', undefined, t.name);
      sim.store.update<Node>({ ...node, spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), taint] } });
      tainted.push({ target: t, uid: node.metadata.uid });
    }
    return () => {
      const notes: string[] = [];
      for (const { target, uid } of tainted) {
        const node = sim.store.tryGet<Node>('Node', undefined, target.name);
        const mine = node?.spec?.taints?.find((x) => sameSlot(x, key, effect));
        if (!node || node.metadata.uid !== uid) notes.push(`${target.ref} is gone`);
        else if (!mine) notes.push(`the taint ${show(taint)} was already removed from ${target.ref}`);
        else if ((mine.value ?? '') !== value) notes.push(`the taint on ${target.ref} was changed since the fault (now ${show(mine)}); left as it is`);
        else {
          const { taints: all, ...spec } = node.spec!;
          const taints = all!.filter((x) => x !== mine);
          sim.store.update<Node>({ ...node, spec: taints.length ? { ...spec, taints } : spec });
        }
      }
      return notes.join('; ') || undefined;
    };
  },
};
