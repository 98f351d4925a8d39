/** Object metadata: names per kind, generateName, labels, annotations, owner references, finalizers, identity on update. */
import { describe, expect, it } from 'vitest';
import { clone, deployment, errorsOf, messageOf, pod, service, stored } from './fixtures.js';

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function named(obj: ReturnType<typeof pod>, name: string): ReturnType<typeof pod> {
  const copy = clone(obj);
  copy.metadata.name = name;
  return copy;
}

describe('metadata.name', () => {
  it('uses the DNS-1123 subdomain rule for most kinds, with upstream message and regex', () => {
    expect(messageOf(named(deployment(), 'Web_App'))).toBe(`Deployment.apps "Web_App" is invalid: metadata.name: Invalid value: "Web_App": ${SUBDOMAIN_MSG}`);
    expect(errorsOf(named(pod(), 'web.example.com'))).toEqual([]);
  });

  it('uses the DNS-1123 label rule for Namespaces, with the dots special case', () => {
    expect(errorsOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Team' } })).toEqual([`metadata.name: Invalid value: "Team": ${LABEL_MSG}`]);
    expect(errorsOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } })).toEqual(['metadata.name: Invalid value: "team.a": must not contain dots']);
  });

  it('uses the DNS-1035 label rule for Services (must start with a letter)', () => {
    expect(errorsOf(named(service(), '1web'))).toEqual([
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('limits length to 253 for subdomains and 63 for labels', () => {
    expect(errorsOf(named(pod(), 'a'.repeat(254)))).toContain(`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`);
    // The defaulted kubernetes.io/metadata.name label then fails too, exactly as on a real API server.
    expect(errorsOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a'.repeat(64) } })).toEqual([
      `metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
      `metadata.labels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
    ]);
  });

  it('requires a name unless generateName is given; generateName may end with a dash', () => {
    const noName = clone(pod());
    delete noName.metadata.name;
    expect(errorsOf(noName)).toEqual(['metadata.name: Required value: name or generateName is required']);
    noName.metadata.generateName = 'web-';
    expect(errorsOf(noName)).toEqual([]);
    noName.metadata.generateName = 'Web-';
    expect(errorsOf(noName)[0]).toMatch(/^metadata\.generateName: Invalid value: "Web-": a lowercase RFC 1123 subdomain/);
  });

  it('uses path-segment names for RBAC objects', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a/b', namespace: 'default' }, rules: [] };
    expect(errorsOf(role)).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
    expect(errorsOf({ ...role, metadata: { name: 'system:Reader', namespace: 'default' } })).toEqual([]);
  });
});

describe('labels and annotations', () => {
  it('checks label keys as qualified names and values as label values', () => {
    const p = pod();
    p.metadata.labels = { 'example.com/tier': 'front', 'bad key': 'x', ok: 'not valid!' };
    expect(errorsOf(p)).toEqual([
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels: Invalid value: \"not valid!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it('limits label values to 63 characters and accepts an empty value', () => {
    const p = pod();
    p.metadata.labels = { empty: '', long: 'x'.repeat(64) };
    expect(errorsOf(p)).toEqual([`metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`]);
  });

  it('limits annotations to 256 KiB in total', () => {
    const p = pod();
    p.metadata.annotations = { big: 'x'.repeat(262_145) };
    expect(errorsOf(p)).toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes']);
  });

  it('refuses a pod-deletion-cost annotation that is not an int32', () => {
    const p = pod();
    p.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': 'high' };
    expect(errorsOf(p)).toEqual(['metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "high": must be a 32bit integer']);
    p.metadata.annotations['controller.kubernetes.io/pod-deletion-cost'] = '-2147483648';
    expect(errorsOf(p)).toEqual([]);
  });
});

describe('owner references and finalizers', () => {
  it('requires apiVersion, kind, name and uid of an owner, and one controller at most', () => {
    const p = pod();
    p.metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: 'u1', controller: true },
      { apiVersion: 'apps/', kind: '', name: '', uid: '', controller: true },
    ];
    expect(errorsOf(p)).toEqual([
      'metadata.ownerReferences[1].apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences[1].kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences[1].name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences[1].uid: Invalid value: "": uid must not be empty',
      'metadata.ownerReferences: Invalid value: []v1.OwnerReference{...}: Only one reference can have Controller set to true. Found "true" in references for apps/v1, Kind=ReplicaSet, Name=a and apps/, Kind=, Name=',
    ]);
  });

  it('accepts standard and qualified finalizers only', () => {
    const p = pod();
    p.metadata.finalizers = ['foregroundDeletion', 'example.com/cleanup', 'cleanup'];
    expect(errorsOf(p)).toEqual(['metadata.finalizers[2]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified']);
  });
});

describe('identity on update', () => {
  it('keeps name, namespace and uid immutable', () => {
    const old = stored(deployment());
    const next = clone(old);
    next.metadata.uid = 'other';
    expect(errorsOf(next, old)).toEqual(['metadata.uid: Invalid value: "other": field is immutable']);
  });

  it('does not re-validate an unchanged body (a label-only update of a stored object is cheap and fine)', () => {
    const old = stored(deployment());
    const next = clone(old);
    next.metadata.labels = { team: 'a' };
    expect(errorsOf(next, old)).toEqual([]);
    next.metadata.labels = { team: 'a b' };
    expect(errorsOf(next, old)[0]).toMatch(/^metadata\.labels: Invalid value: "a b"/);
  });
});
