/** meta/v1 definitions and the small core/v1 reference types every group uses. */
import { type Definition, PKG, any, arr, bool, def, doc, int64, map, obj, ref, req, str, time } from './dsl.js';

const LABELS_DOC = 'Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels';
const ANNOTATIONS_DOC = 'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations';

export const metaDefinitions: Record<string, Definition> = {
  ObjectMeta: def(PKG.meta, 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.', obj({
    name: doc(str, 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'),
    generateName: doc(str, 'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.'),
    namespace: doc(str, 'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces'),
    selfLink: doc(str, 'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
    uid: doc(str, 'UID is the unique in time and space value for this object. Populated by the system. Read-only.'),
    resourceVersion: doc(str, 'An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Populated by the system. Read-only.'),
    generation: doc(int64, 'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.'),
    creationTimestamp: doc(time, 'CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only.'),
    deletionTimestamp: doc(time, 'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested by the user. Read-only.'),
    deletionGracePeriodSeconds: doc(int64, 'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. Read-only.'),
    labels: doc(map(str), LABELS_DOC),
    annotations: doc(map(str), ANNOTATIONS_DOC),
    ownerReferences: doc(arr(ref('OwnerReference')), 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.'),
    finalizers: doc(arr(str), 'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.'),
    managedFields: doc(arr(ref('ManagedFieldsEntry')), 'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.'),
  })),
  OwnerReference: def(PKG.meta, 'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.', obj({
    apiVersion: req(str, 'API version of the referent.'),
    kind: req(str, 'Kind of the referent.'),
    name: req(str, 'Name of the referent.'),
    uid: req(str, 'UID of the referent.'),
    controller: doc(bool, 'If true, this reference points to the managing controller.'),
    blockOwnerDeletion: doc(bool, 'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.'),
  })),
  ManagedFieldsEntry: def(PKG.meta, 'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.', obj({
    manager: str, operation: str, apiVersion: str, time, fieldsType: str, fieldsV1: any, subresource: str,
  })),
  LabelSelector: def(PKG.meta, 'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.', obj({
    matchLabels: doc(map(str), 'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.'),
    matchExpressions: doc(arr(ref('LabelSelectorRequirement')), 'matchExpressions is a list of label selector requirements. The requirements are ANDed.'),
  })),
  LabelSelectorRequirement: def(PKG.meta, 'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.', obj({
    key: req(str, 'key is the label key that the selector applies to.'),
    operator: req(str, "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist."),
    values: doc(arr(str), 'values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.'),
  })),
  Condition: def(PKG.meta, 'Condition contains details for one aspect of the current state of this API Resource.', obj({
    type: req(str, 'type of condition in CamelCase or in foo.example.com/CamelCase.'),
    status: req(str, 'status of the condition, one of True, False, Unknown.'),
    observedGeneration: int64,
    lastTransitionTime: req(time, 'lastTransitionTime is the last time the condition transitioned from one status to another.'),
    reason: req(str, "reason contains a programmatic identifier indicating the reason for the condition's last transition."),
    message: req(str, 'message is a human readable message indicating details about the transition.'),
  })),
  ObjectReference: def(PKG.core, 'ObjectReference contains enough information to let you inspect or modify the referred object.', obj({
    kind: str, namespace: str, name: str, uid: str, apiVersion: str, resourceVersion: str,
    fieldPath: doc(str, 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].'),
  })),
  LocalObjectReference: def(PKG.core, 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', obj({
    name: doc(str, 'Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names'),
  })),
  TypedLocalObjectReference: def(PKG.core, 'TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.', obj({
    apiGroup: str, kind: req(str), name: req(str),
  })),
};
