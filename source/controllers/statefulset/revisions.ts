/**
 * A StatefulSet's revision history (getStatefulSetRevisions / truncateHistory): the update revision is the
 * current template's; an equal older revision is renumbered (a rollback), otherwise a new one is created.
 */
import type { Pod } from '../../api/core.js';
import type { ControllerRevision, StatefulSet } from '../../api/workloads.js';
import {
  createControllerRevision, deleteRevision, equalRevision, newControllerRevision, revisionPatch, setRevisionNumber,
} from '../controller-revision.js';
import type { StatefulSetContext } from './context.js';
import { podRevision } from './stateful-pod.js';

/** The revisions a sync works with. */
export interface SetRevisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

/** getStatefulSetRevisions; `revisions` must be sorted by revision number. */
export function statefulSetRevisions(ctx: StatefulSetContext, set: StatefulSet, revisions: readonly ControllerRevision[]): SetRevisions {
  let collisionCount = set.status?.collisionCount ?? 0;
  const last = revisions[revisions.length - 1];
  const next = last ? (last.revision ?? 0) + 1 : 1;
  const candidate = newControllerRevision(set, set.spec.template.metadata?.labels, revisionPatch(set.spec.template), next, collisionCount,
    set.metadata.annotations);
  const equal = revisions.filter((r) => equalRevision(r, candidate));
  let update: ControllerRevision;
  if (equal.length && equalRevision(last, equal[equal.length - 1])) {
    // The newest revision already holds this template: nothing changed.
    update = last!;
  } else if (equal.length) {
    // An older revision holds it (a rollback): it becomes the newest by number.
    update = setRevisionNumber(ctx.store, equal[equal.length - 1]!, candidate.revision);
  } else {
    ({ revision: update, collisionCount } = createControllerRevision(ctx.store, set, candidate, collisionCount));
  }
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount };
}

/**
 * truncateHistory: revisions that are neither current, update, nor worn by a pod are history; the oldest go
 * until at most revisionHistoryLimit remain.
 */
export function truncateHistory(ctx: StatefulSetContext, set: StatefulSet, pods: readonly Pod[], revisions: readonly ControllerRevision[],
  revs: SetRevisions): void {
  const live = new Set<string>([revs.current.metadata.name!, revs.update.metadata.name!]);
  for (const p of pods) live.add(podRevision(p));
  const history = revisions.filter((r) => !live.has(r.metadata.name!));
  const limit = set.spec.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return;
  for (const r of history.slice(0, history.length - limit)) deleteRevision(ctx.store, r);
}
