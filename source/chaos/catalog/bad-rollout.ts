/**
 * bad-rollout: the operator error behind most outages — a new version that crash-loops, never passes its
 * readiness probe, or whose image tag does not exist. It changes the workload's pod template the way `kubectl set
 * image` would (new tag, plus the behaviour as `sim.kubedrill.io/<container>.*` template annotations), so the
 * controller rolls it out as usual; revert rolls back to the template from before the fault — unless the
 * operator changed the template since (rolled back or fixed forward), which it leaves as it is.
 */
import type { Container, PodTemplateSpec } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { canonicalJson } from '../../controllers/deployment/hash.js';
import { SIM_PREFIX } from '../../kubelet/annotations.js';
import type { FaultParams, FaultType, ResolvedTarget } from '../types.js';

type Workload = KubeObject & { spec: { template: PodTemplateSpec } };

const FAILURES = ['crash', 'readiness', 'image-pull'] as const;
/** A tag the image catalogue (fixtures/images.yaml) maps to "not found" on every pull. */
const MISSING_TAG = 'broken';
/** The tag a crashing or unready new version gets unless an image is given. */
const NEXT_TAG = 'next';

/** `repo[:tag][@digest]` with the tag replaced (a registry port is not a tag). */
export function withTag(image: string, tag: string): string {
  const at = image.indexOf('@');
  const bare = at >= 0 ? image.slice(0, at) : image;
  const colon = bare.lastIndexOf(':');
  const repo = colon > bare.lastIndexOf('/') ? bare.slice(0, colon) : bare;
  return `${repo}:${tag}`;
}

function container(template: PodTemplateSpec, name: string | undefined): Container | undefined {
  const cs = template.spec.containers;
  return name === undefined ? cs[0] : cs.find((c) => c.name === name);
}

/** The broken template: the container's new image and the behaviour that makes it fail. */
function brokenTemplate(template: PodTemplateSpec, c: Container, params: FaultParams): PodTemplateSpec {
  const failure = params.failure as (typeof FAILURES)[number];
  const image = (params.image as string | undefined) ?? withTag(c.image ?? 'unknown', failure === 'image-pull' ? MISSING_TAG : NEXT_TAG);
  const annotations = { ...template.metadata?.annotations };
  if (failure === 'crash') annotations[`${SIM_PREFIX}${c.name}.crash-after`] = `${(params.crashAfter as number) / 1000}s`;
  if (failure === 'readiness') annotations[`${SIM_PREFIX}${c.name}.fail-readiness`] = 'true';
  return {
    ...template,
    metadata: { ...template.metadata, annotations },
    spec: { ...template.spec, containers: template.spec.containers.map((x) => (x === c ? { ...x, image } : x)) },
  };
}

export const badRollout: FaultType = {
  type: 'bad-rollout',
  description: 'Roll out a new version that crash-loops, fails its readiness probe, or has an image tag that does not exist; revert rolls back to the previous pod template.',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet'],
  params: [
    { name: 'failure', type: 'string', description: `how the new version fails: ${FAILURES.join(', ')}`, default: 'crash' },
    { name: 'image', type: 'string', description: `the new image (default: the current one tagged :${NEXT_TAG}, or :${MISSING_TAG} for image-pull)` },
    { name: 'container', type: 'string', description: 'the container to change (default: the first)' },
    { name: 'crashAfter', type: 'duration', description: 'how long the new version runs before it crashes (failure=crash)', default: '5s' },
  ],
  validateParams(params) {
    const problems: string[] = [];
    if (!(FAILURES as readonly string[]).includes(params.failure as string)) problems.push(`params.failure: must be one of ${FAILURES.join(', ')}, got ${JSON.stringify(params.failure)}`);
    if ((params.crashAfter as number) <= 0) problems.push('params.crashAfter: must be longer than 0s');
    if (params.image !== undefined && !/^\S+$/.test(params.image as string)) problems.push(`params.image: not an image reference: ${JSON.stringify(params.image)}`);
    return problems;
  },
  checkTargets(_sim, targets, params) {
    const problems: string[] = [];
    for (const t of targets) {
      const template = (t.object as Workload).spec.template;
      const c = container(template, params.container as string | undefined);
      if (!c) {
        problems.push(`params.container: ${t.ref} has no container ${JSON.stringify(params.container)} (containers: ${template.spec.containers.map((x) => x.name).join(', ')})`);
      } else if (params.failure === 'readiness' && !c.readinessProbe) {
        problems.push(`params.failure: readiness needs a readiness probe, and container ${JSON.stringify(c.name)} of ${t.ref} has none (its pods would be Ready anyway)`);
      }
    }
    return problems;
  },
  inject({ sim }, targets, params) {
    const changes: { target: ResolvedTarget; uid?: string; before: PodTemplateSpec; after: string; beforeJson: string }[] = [];
    for (const t of targets) {
      const current = sim.store.get<Workload>(t.kind, t.namespace, t.name);
      const before = current.spec.template;
      const c = container(before, params.container as string | undefined)!;
      const updated = sim.store.update<Workload>({ ...current, spec: { ...current.spec, template: brokenTemplate(before, c, params) } });
      changes.push({ target: t, uid: current.metadata.uid, before, after: canonicalJson(updated.spec.template), beforeJson: canonicalJson(before) });
    }
    return () => {
      const notes: string[] = [];
      for (const ch of changes) {
        const now = sim.store.tryGet<Workload>(ch.target.kind, ch.target.namespace, ch.target.name);
        if (!now || now.metadata.uid !== ch.uid) {
          notes.push(`${ch.target.ref} is gone; nothing to roll back`);
          continue;
        }
        const json = canonicalJson(now.spec.template);
        if (json === ch.after) sim.store.update<Workload>({ ...now, spec: { ...now.spec, template: ch.before } });
        else if (json === ch.beforeJson) notes.push(`${ch.target.ref} was already rolled back`);
        else notes.push(`the pod template of ${ch.target.ref} was changed since the fault; left as it is`);
      }
      return notes.join('; ') || undefined;
    };
  },
};
