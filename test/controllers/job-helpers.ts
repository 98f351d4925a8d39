/** Shared fixtures for the Job and CronJob controller tests. */
import type { Event, Pod } from '../../source/api/core.js';
import type { Job, JobSpec } from '../../source/api/workloads.js';
import type { Simulation } from '../../source/cluster/simulation.js';

/** A Job spec whose busybox pods run `duration` then exit with `exitCode`. */
export function jobSpec(opts: { duration?: string; exitCode?: number; restartPolicy?: 'Never' | 'OnFailure' } & Partial<Omit<JobSpec, 'template'>> = {}): JobSpec {
  const { duration = '10s', exitCode, restartPolicy = 'Never', ...rest } = opts;
  const annotations: Record<string, string> = { 'sim.kubedrill.io/duration': duration };
  if (exitCode !== undefined) annotations['sim.kubedrill.io/exit-code'] = String(exitCode);
  return {
    ...rest,
    template: { metadata: { annotations }, spec: { restartPolicy, containers: [{ name: 'work', image: 'busybox:1.36', resources: { requests: { cpu: '10m' } } }] } },
  };
}

export function job(name: string, spec: JobSpec): Job {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default' }, spec };
}

/** Events about one object, oldest first, as `reason: message` (count > 1 appended as ` (xN)`). */
export function eventsFor(sim: Simulation, name: string, kind?: string): string[] {
  return sim.store.select<Event>('Event', { namespace: 'default' })
    .filter((e) => e.involvedObject.name === name && (kind === undefined || e.involvedObject.kind === kind))
    .sort((a, b) => Date.parse(a.firstTimestamp ?? '') - Date.parse(b.firstTimestamp ?? ''))
    .map((e) => `${e.type} ${e.reason}: ${e.message}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`);
}

/** The pods a Job owns. */
export function podsOf(sim: Simulation, j: Job): Pod[] {
  return sim.store.select<Pod>('Pod', { ownerUid: j.metadata.uid });
}

export function getJob(sim: Simulation, name: string): Job {
  return sim.store.get<Job>('Job', 'default', name);
}

/** Seconds between two RFC 3339 timestamps. */
export function secondsBetween(a: string | undefined, b: string | undefined): number {
  return (Date.parse(b ?? '') - Date.parse(a ?? '')) / 1000;
}

/** The conditions of a Job as `Type=Status/Reason`. */
export function conditionsOf(j: Job): string[] {
  return (j.status?.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason ?? ''}`);
}
