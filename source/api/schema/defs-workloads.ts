/** apps/v1 and batch/v1 kinds: Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision, Job, CronJob. */
import {
  type Definition, PKG, any, arr, bool, def, doc, int, int64, intOrString, kindObject, obj, ref, req, specDoc, statusDoc,
  str, time,
} from './dsl.js';

const workloadCondition = obj({
  type: req(str), status: req(str), lastUpdateTime: time, lastTransitionTime: time, reason: str, message: str,
});
const condition = obj({ type: req(str), status: req(str), lastTransitionTime: time, reason: str, message: str });
const SELECTOR_DOC = 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.';
const MIN_READY_DOC = 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)';
const MAX_UNAVAILABLE_DOC = 'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%.';
const MAX_SURGE_DOC = 'The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. Defaults to 25%.';

export const workloadDefinitions: Record<string, Definition> = {
  Deployment: def(PKG.apps, 'Deployment enables declarative updates for Pods and ReplicaSets.', kindObject({
    spec: doc(ref('DeploymentSpec'), specDoc('Deployment')),
    status: doc(ref('DeploymentStatus'), statusDoc('Deployment')),
  })),
  DeploymentSpec: def(PKG.apps, 'DeploymentSpec is the specification of the desired behavior of the Deployment.', obj({
    replicas: doc(int, 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.'),
    selector: req(ref('LabelSelector'), SELECTOR_DOC),
    template: req(ref('PodTemplateSpec'), 'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".'),
    strategy: doc(obj({
      type: doc(str, 'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.'),
      rollingUpdate: doc(obj({
        maxUnavailable: doc(intOrString, MAX_UNAVAILABLE_DOC),
        maxSurge: doc(intOrString, MAX_SURGE_DOC),
      }), 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.'),
    }), 'The deployment strategy to use to replace existing pods with new ones.'),
    minReadySeconds: doc(int, MIN_READY_DOC),
    revisionHistoryLimit: doc(int, 'The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.'),
    paused: doc(bool, 'Indicates that the deployment is paused.'),
    progressDeadlineSeconds: doc(int, 'The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s.'),
  })),
  DeploymentStatus: def(PKG.apps, 'DeploymentStatus is the most recently observed status of the Deployment.', obj({
    observedGeneration: doc(int64, 'The generation observed by the deployment controller.'),
    replicas: doc(int, 'Total number of non-terminating pods targeted by this deployment (their labels match the selector).'),
    updatedReplicas: doc(int, 'Total number of non-terminating pods targeted by this deployment that have the desired template spec.'),
    readyReplicas: doc(int, 'Total number of non-terminating pods targeted by this Deployment with a Ready Condition.'),
    availableReplicas: doc(int, 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
    unavailableReplicas: doc(int, 'Total number of unavailable pods targeted by this deployment.'),
    terminatingReplicas: int,
    conditions: doc(arr(workloadCondition), "Represents the latest available observations of a deployment's current state."),
    collisionCount: int,
  })),
  ReplicaSet: def(PKG.apps, 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', kindObject({
    spec: doc(obj({
      replicas: doc(int, 'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.'),
      minReadySeconds: doc(int, MIN_READY_DOC),
      selector: req(ref('LabelSelector'), 'Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template\'s labels.'),
      template: doc(ref('PodTemplateSpec'), 'Template is the object that describes the pod that will be created if insufficient replicas are detected.'),
    }), specDoc('ReplicaSet')),
    status: doc(obj({
      replicas: req(int), fullyLabeledReplicas: int, readyReplicas: int, availableReplicas: int, terminatingReplicas: int,
      observedGeneration: int64, conditions: arr(condition),
    }), statusDoc('ReplicaSet')),
  })),
  StatefulSet: def(PKG.apps, 'StatefulSet represents a set of pods with consistent identities.', kindObject({
    spec: doc(obj({
      replicas: doc(int, 'replicas is the desired number of replicas of the given Template. Defaults to 1.'),
      selector: req(ref('LabelSelector'), "selector is a label query over pods that should match the replica count. It must match the pod template's labels."),
      template: req(ref('PodTemplateSpec'), 'template is the object that describes the pod that will be created if insufficient replicas are detected. Each pod stamped out by the StatefulSet will fulfill this Template, but have a unique identity from the rest of the StatefulSet.'),
      volumeClaimTemplates: doc(arr(ref('PersistentVolumeClaim')), 'volumeClaimTemplates is a list of claims that pods are allowed to reference. The StatefulSet controller is responsible for mapping network identities to claims in a way that maintains the identity of a pod.'),
      serviceName: doc(str, 'serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set.'),
      podManagementPolicy: doc(str, 'podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`. `Parallel` launches or terminates all Pods in parallel.'),
      updateStrategy: doc(obj({
        type: str,
        rollingUpdate: obj({ partition: int, maxUnavailable: intOrString }),
      }), 'updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.'),
      revisionHistoryLimit: doc(int, "revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history. Defaults to 10."),
      minReadySeconds: doc(int, MIN_READY_DOC),
      persistentVolumeClaimRetentionPolicy: obj({ whenDeleted: str, whenScaled: str }),
      ordinals: obj({ start: int }),
    }), specDoc('StatefulSet')),
    status: doc(obj({
      observedGeneration: int64, replicas: req(int), readyReplicas: int, currentReplicas: int, updatedReplicas: int,
      currentRevision: str, updateRevision: str, collisionCount: int, conditions: arr(condition), availableReplicas: int,
    }), statusDoc('StatefulSet')),
  })),
  DaemonSet: def(PKG.apps, 'DaemonSet represents the configuration of a daemon set.', kindObject({
    spec: doc(obj({
      selector: req(ref('LabelSelector'), "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels."),
      template: req(ref('PodTemplateSpec'), "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified)."),
      updateStrategy: doc(obj({
        type: str,
        rollingUpdate: obj({ maxUnavailable: intOrString, maxSurge: intOrString }),
      }), 'An update strategy to replace existing DaemonSet pods with new pods.'),
      minReadySeconds: doc(int, MIN_READY_DOC),
      revisionHistoryLimit: int,
    }), specDoc('DaemonSet')),
    status: doc(obj({
      currentNumberScheduled: req(int), numberMisscheduled: req(int), desiredNumberScheduled: req(int), numberReady: req(int),
      observedGeneration: int64, updatedNumberScheduled: int, numberAvailable: int, numberUnavailable: int,
      collisionCount: int, conditions: arr(condition),
    }), statusDoc('DaemonSet')),
  })),
  ControllerRevision: def(PKG.apps, 'ControllerRevision implements an immutable snapshot of state data.', kindObject({
    data: doc(any, 'Data is the serialized representation of the state.'),
    revision: req(int64, 'Revision indicates the revision of the state represented by Data.'),
  })),
  Job: def(PKG.batch, 'Job represents the configuration of a single job.', kindObject({
    spec: doc(ref('JobSpec'), specDoc('job')),
    status: doc(obj({
      conditions: arr(obj({
        type: req(str), status: req(str), lastProbeTime: time, lastTransitionTime: time, reason: str, message: str,
      })),
      startTime: time, completionTime: time, active: int, succeeded: int, failed: int, terminating: int,
      completedIndexes: str, failedIndexes: str,
      uncountedTerminatedPods: obj({ succeeded: arr(str), failed: arr(str) }),
      ready: int,
    }), statusDoc('job')),
  })),
  JobSpec: def(PKG.batch, 'JobSpec describes how the job execution will look like.', obj({
    parallelism: doc(int, 'Specifies the maximum desired number of pods the job should run at any given time.'),
    completions: doc(int, 'Specifies the desired number of successfully finished pods the job should be run with.'),
    activeDeadlineSeconds: doc(int64, 'Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.'),
    podFailurePolicy: obj({
      rules: req(arr(obj({
        action: req(str),
        onExitCodes: obj({ containerName: str, operator: req(str), values: req(arr(int)) }),
        onPodConditions: arr(obj({ type: req(str), status: str })),
      }))),
    }),
    successPolicy: obj({ rules: req(arr(obj({ succeededIndexes: str, succeededCount: int }))) }),
    backoffLimit: doc(int, 'Specifies the number of retries before marking this job failed. Defaults to 6.'),
    backoffLimitPerIndex: int,
    maxFailedIndexes: int,
    selector: doc(ref('LabelSelector'), 'A label query over pods that should match the pod count. Normally, the system sets this field for you.'),
    manualSelector: bool,
    template: req(ref('PodTemplateSpec'), 'Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are "Never" or "OnFailure".'),
    ttlSecondsAfterFinished: doc(int, 'ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).'),
    completionMode: str,
    suspend: doc(bool, 'suspend specifies whether the Job controller should create Pods or not.'),
    podReplacementPolicy: str,
    managedBy: str,
  })),
  CronJob: def(PKG.batch, 'CronJob represents the configuration of a single cron job.', kindObject({
    spec: doc(obj({
      schedule: req(str, 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      timeZone: str,
      startingDeadlineSeconds: doc(int64, 'Optional deadline in seconds for starting the job if it misses scheduled time for any reason.'),
      concurrencyPolicy: doc(str, 'Specifies how to treat concurrent executions of a Job. Valid values are: "Allow" (default), "Forbid", "Replace".'),
      suspend: doc(bool, 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.'),
      jobTemplate: req(obj({ metadata: ref('ObjectMeta'), spec: ref('JobSpec') }), 'Specifies the job that will be created when executing a CronJob.'),
      successfulJobsHistoryLimit: doc(int, 'The number of successful finished jobs to retain. Value must be non-negative integer. Defaults to 3.'),
      failedJobsHistoryLimit: doc(int, 'The number of failed finished jobs to retain. Value must be non-negative integer. Defaults to 1.'),
    }), specDoc('cron job')),
    status: doc(obj({
      active: arr(ref('ObjectReference')), lastScheduleTime: time, lastSuccessfulTime: time,
    }), statusDoc('cron job')),
  })),
};
