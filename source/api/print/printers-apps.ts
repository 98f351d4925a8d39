/** Table printers for apps/v1 and batch/v1 kinds, ported from upstream's server-side printers. */
import type { KubeObject } from '../meta.js';
import type { ControllerRevision, CronJob, DaemonSet, Deployment, Job, ReplicaSet, StatefulSet } from '../workloads.js';
import { age, humanDuration, timestampMs } from './age.js';
import { NONE, boolPtr, containerCells, formatLabelSelector, formatLabels, int, list, record, selectorString, str } from './format.js';
import { AGE_COLUMN, CONTAINER_COLUMNS, type KindPrinter, NAME_COLUMN, col } from './printer.js';
import { replicas } from './printers-core.js';

const nameOf = (o: KubeObject): string => str(o?.metadata?.name);
const ageOf = (o: KubeObject, nowMs: number): string => age(o?.metadata?.creationTimestamp, nowMs);
const SELECTOR_WIDE = col('SELECTOR', 'string', 1);

/** deployments: NAME READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR. */
export const deploymentPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('READY'), col('UP-TO-DATE'), col('AVAILABLE'), AGE_COLUMN, ...CONTAINER_COLUMNS, SELECTOR_WIDE],
  cells(o, nowMs) {
    const d = o as Deployment;
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    // Unlike the other workloads, deployments print an empty selector as '' and a bad one as <invalid>.
    const selector = selectorString(d.spec?.selector) ?? '<invalid>';
    return [
      nameOf(d), `${int(d.status?.readyReplicas)}/${replicas(d.spec?.replicas)}`, String(int(d.status?.updatedReplicas)),
      String(int(d.status?.availableReplicas)), ageOf(d, nowMs), names, images, selector,
    ];
  },
};

/** replicasets: NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR. */
export const replicaSetPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('DESIRED', 'integer'), col('CURRENT', 'integer'), col('READY', 'integer'), AGE_COLUMN,
    ...CONTAINER_COLUMNS, SELECTOR_WIDE,
  ],
  cells(o, nowMs) {
    const rs = o as ReplicaSet;
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      nameOf(rs), String(replicas(rs.spec?.replicas)), String(int(rs.status?.replicas)), String(int(rs.status?.readyReplicas)),
      ageOf(rs, nowMs), names, images, formatLabelSelector(rs.spec?.selector),
    ];
  },
};

/** statefulsets: NAME READY AGE | CONTAINERS IMAGES. */
export const statefulSetPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('READY'), AGE_COLUMN, ...CONTAINER_COLUMNS],
  cells(o, nowMs) {
    const sts = o as StatefulSet;
    const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
    return [nameOf(sts), `${int(sts.status?.readyReplicas)}/${replicas(sts.spec?.replicas)}`, ageOf(sts, nowMs), names, images];
  },
};

/** daemonsets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE | CONTAINERS IMAGES SELECTOR. */
export const daemonSetPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('DESIRED', 'integer'), col('CURRENT', 'integer'), col('READY', 'integer'), col('UP-TO-DATE', 'integer'),
    col('AVAILABLE', 'integer'), col('NODE SELECTOR'), AGE_COLUMN, ...CONTAINER_COLUMNS, SELECTOR_WIDE,
  ],
  cells(o, nowMs) {
    const ds = o as DaemonSet;
    const st = record(ds.status);
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return [
      nameOf(ds), String(int(st.desiredNumberScheduled)), String(int(st.currentNumberScheduled)), String(int(st.numberReady)),
      String(int(st.updatedNumberScheduled)), String(int(st.numberAvailable)), formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageOf(ds, nowMs), names, images, formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** `metav1.GetControllerOf` rendered as upstream's formatResourceName: `statefulset.apps/web`, or `<none>`. */
function controllerOf(o: KubeObject): string {
  const ref = list(o?.metadata?.ownerReferences).map(record).find((r) => r.controller === true);
  if (!ref) return NONE;
  const apiVersion = str(ref.apiVersion);
  const group = apiVersion.split('/').length === 2 ? apiVersion.split('/')[0] : '';
  const kind = str(ref.kind);
  if (kind === '' && group === '') return str(ref.name);
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${str(ref.name)}`;
}

/** controllerrevisions: NAME CONTROLLER REVISION AGE. */
export const controllerRevisionPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('CONTROLLER'), col('REVISION'), AGE_COLUMN],
  cells: (o, nowMs) => [nameOf(o), controllerOf(o), String(int((o as ControllerRevision).revision)), ageOf(o, nowMs)],
};

/** hasJobCondition: the first condition of that type decides. */
function jobCondition(conditions: unknown, type: string): boolean {
  const cond = list(conditions).map(record).find((c) => c.type === type);
  return cond?.status === 'True';
}

/** Job STATUS: Complete, Failed, Terminating, Suspended, FailureTarget, else Running (in that precedence). */
function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (jobCondition(conditions, 'Complete')) return 'Complete';
  if (jobCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (jobCondition(conditions, 'Suspended')) return 'Suspended';
  if (jobCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** Job COMPLETIONS: `<succeeded>/<completions>`, or `/1` (`of <parallelism>` when parallelism > 1) when unset. */
function jobCompletions(job: Job): string {
  const succeeded = int(job.status?.succeeded);
  if (typeof job.spec?.completions === 'number') return `${succeeded}/${int(job.spec.completions)}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Job DURATION: completion − start, or now − start while running; '' before the job starts. */
function jobDuration(job: Job, nowMs: number): string {
  const start = timestampMs(job.status?.startTime);
  if (Number.isNaN(start)) return '';
  const completion = timestampMs(job.status?.completionTime);
  return humanDuration((Number.isNaN(completion) ? nowMs : completion) - start);
}

/** jobs: NAME STATUS COMPLETIONS DURATION AGE | CONTAINERS IMAGES SELECTOR. */
export const jobPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('STATUS'), col('COMPLETIONS'), col('DURATION'), AGE_COLUMN, ...CONTAINER_COLUMNS, SELECTOR_WIDE],
  cells(o, nowMs) {
    const job = o as Job;
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return [
      nameOf(job), jobStatus(job), jobCompletions(job), jobDuration(job, nowMs), ageOf(job, nowMs),
      names, images, formatLabelSelector(job.spec?.selector),
    ];
  },
};

/** cronjobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE | CONTAINERS IMAGES SELECTOR. */
export const cronJobPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('SCHEDULE'), col('TIMEZONE'), col('SUSPEND', 'boolean'), col('ACTIVE', 'integer'), col('LAST SCHEDULE'),
    AGE_COLUMN, ...CONTAINER_COLUMNS, SELECTOR_WIDE,
  ],
  cells(o, nowMs) {
    const cj = o as CronJob;
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
    const last = cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, nowMs) : NONE;
    return [
      nameOf(cj), str(cj.spec?.schedule), typeof cj.spec?.timeZone === 'string' ? cj.spec.timeZone : NONE, boolPtr(cj.spec?.suspend),
      String(list(cj.status?.active).length), last, ageOf(cj, nowMs), names, images, formatLabelSelector(jobSpec?.selector),
    ];
  },
};
