/** core/v1 volumes: pod Volume sources, PersistentVolume and PersistentVolumeClaim specs and statuses. */
import { type Definition, type FieldType, PKG, any, arr, bool, def, doc, int, int64, map, obj, quantity, ref, req, str, time } from './dsl.js';

/** Sources the simulator does not model stay free-form, but their names are known so real manifests raise no warning. */
const freeForm = (names: string[]): Record<string, FieldType> => Object.fromEntries(names.map((name) => [name, any]));

const keyToPath = arr(obj({ key: req(str), path: req(str), mode: int }));
const downwardApiFile = obj({
  path: req(str), fieldRef: ref('ObjectFieldSelector'), resourceFieldRef: ref('ResourceFieldSelector'), mode: int,
});
const hostPath = doc(obj({ path: req(str, 'path of the directory on the host.'), type: str }), 'hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container.');
const nfs = obj({ server: req(str), path: req(str), readOnly: bool });
const csiSecretRef = ref('LocalObjectReference');

export const volumeDefinitions: Record<string, Definition> = {
  Volume: def(PKG.core, 'Volume represents a named volume in a pod that may be accessed by any container in the pod.', obj({
    name: req(str, "name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"),
    hostPath,
    emptyDir: doc(obj({ medium: str, sizeLimit: quantity }), "emptyDir represents a temporary directory that shares a pod's lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir"),
    secret: doc(obj({ secretName: str, items: keyToPath, defaultMode: int, optional: bool }), 'secret represents a secret that should populate this volume. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret'),
    configMap: doc(obj({ name: str, items: keyToPath, defaultMode: int, optional: bool }), 'configMap represents a configMap that should populate this volume'),
    persistentVolumeClaim: doc(obj({ claimName: req(str), readOnly: bool }), 'persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims'),
    downwardAPI: doc(obj({ items: arr(downwardApiFile), defaultMode: int }), 'downwardAPI represents downward API about the pod that should populate this volume'),
    projected: doc(obj({
      defaultMode: int,
      sources: arr(obj({
        secret: obj({ name: str, items: keyToPath, optional: bool }),
        configMap: obj({ name: str, items: keyToPath, optional: bool }),
        downwardAPI: obj({ items: arr(downwardApiFile) }),
        serviceAccountToken: obj({ audience: str, expirationSeconds: int64, path: req(str) }),
        clusterTrustBundle: any,
        podCertificate: any,
      })),
    }), 'projected items for all in one resources secrets, configmaps, and downward API'),
    nfs,
    csi: obj({
      driver: req(str), readOnly: bool, fsType: str, volumeAttributes: map(str), nodePublishSecretRef: csiSecretRef,
    }),
    ephemeral: doc(obj({ volumeClaimTemplate: obj({ metadata: ref('ObjectMeta'), spec: req(ref('PersistentVolumeClaimSpec')) }) }), 'ephemeral represents a volume that is handled by a cluster storage driver. The volume\'s lifecycle is tied to the pod that defines it.'),
    image: obj({ reference: str, pullPolicy: str }),
    ...freeForm([
      'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs',
      'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
      'scaleIO', 'storageos',
    ]),
  })),
  PersistentVolumeClaimSpec: def(PKG.core, 'PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes', obj({
    accessModes: doc(arr(str), 'accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1'),
    selector: doc(ref('LabelSelector'), 'selector is a label query over volumes to consider for binding.'),
    resources: doc(obj({
      limits: doc(map(quantity), 'Limits describes the maximum amount of compute resources allowed.'),
      requests: doc(map(quantity), 'Requests describes the minimum amount of compute resources required.'),
    }), 'resources represents the minimum resources the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#resources'),
    volumeName: doc(str, 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    storageClassName: doc(str, 'storageClassName is the name of the StorageClass required by the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#class-1'),
    volumeMode: doc(str, 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.'),
    dataSource: ref('TypedLocalObjectReference'),
    dataSourceRef: obj({ apiGroup: str, kind: req(str), name: req(str), namespace: str }),
    volumeAttributesClassName: str,
  })),
  PersistentVolumeClaimStatus: def(PKG.core, 'PersistentVolumeClaimStatus is the current status of a persistent volume claim.', obj({
    phase: doc(str, 'phase represents the current phase of PersistentVolumeClaim. One of Pending, Bound, Lost.'),
    accessModes: arr(str),
    capacity: doc(map(quantity), 'capacity represents the actual resources of the underlying volume.'),
    conditions: arr(obj({ type: req(str), status: req(str), lastProbeTime: time, lastTransitionTime: time, reason: str, message: str })),
    allocatedResources: map(quantity),
    allocatedResourceStatuses: map(str),
    currentVolumeAttributesClassName: str,
    modifyVolumeStatus: obj({ targetVolumeAttributesClassName: str, status: req(str) }),
  })),
  PersistentVolumeSpec: def(PKG.core, 'PersistentVolumeSpec is the specification of a persistent volume.', obj({
    capacity: doc(map(quantity), "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
    accessModes: doc(arr(str), 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes'),
    claimRef: doc(ref('ObjectReference'), 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    persistentVolumeReclaimPolicy: doc(str, 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated).'),
    storageClassName: doc(str, 'storageClassName is the name of StorageClass to which this persistent volume belongs. Empty value means that this volume does not belong to any StorageClass.'),
    mountOptions: arr(str),
    volumeMode: str,
    nodeAffinity: doc(obj({ required: ref('NodeSelector') }), 'nodeAffinity defines constraints that limit what nodes this volume can be accessed from.'),
    volumeAttributesClassName: str,
    hostPath,
    nfs,
    local: obj({ path: req(str), fsType: str }),
    csi: obj({
      driver: req(str), volumeHandle: req(str), readOnly: bool, fsType: str, volumeAttributes: map(str),
      controllerPublishSecretRef: any, nodeStageSecretRef: any, nodePublishSecretRef: any,
      controllerExpandSecretRef: any, nodeExpandSecretRef: any,
    }),
    ...freeForm([
      'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc', 'flocker',
      'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
      'scaleIO', 'storageos',
    ]),
  })),
  PersistentVolumeStatus: def(PKG.core, 'PersistentVolumeStatus is the current status of a persistent volume.', obj({
    phase: doc(str, 'phase indicates if a volume is available, bound to a claim, or released by a claim. One of Pending, Available, Bound, Released, Failed.'),
    message: str,
    reason: str,
    lastPhaseTransitionTime: time,
  })),
};
