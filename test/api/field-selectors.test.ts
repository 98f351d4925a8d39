import { describe, expect, it } from 'vitest';
import { ApiError } from '../../source/api/errors.js';
import type { KubeObject } from '../../source/api/meta.js';
import { parseFieldSelector, supportedFieldLabels } from '../../source/api/selectors.js';

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(400);
    return (err as Error).message;
  }
  throw new Error('expected an ApiError');
}

const pod = (spec: Record<string, unknown>, status: Record<string, unknown> = {}, name = 'web-1', namespace = 'default'): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [], ...spec }, status });

describe('parseFieldSelector: syntax', () => {
  it('an empty selector matches everything', () => {
    const sel = parseFieldSelector('', 'Pod');
    expect(sel.requirements).toEqual([]);
    expect(sel.matches(pod({}))).toBe(true);
    expect(sel.toString()).toBe('');
  });

  it('reads =, == and != and prints terms sorted, == as =', () => {
    const sel = parseFieldSelector('status.phase!=Failed,spec.nodeName==node-1,metadata.name=web-1', 'Pod');
    expect(sel.toString()).toBe('metadata.name=web-1,spec.nodeName=node-1,status.phase!=Failed');
    expect(sel.requirements.map(({ field, op, value }) => ({ field, op, value }))).toEqual([
      { field: 'metadata.name', op: '=', value: 'web-1' },
      { field: 'spec.nodeName', op: '=', value: 'node-1' },
      { field: 'status.phase', op: '!=', value: 'Failed' },
    ]);
  });

  it('skips empty terms', () => {
    expect(parseFieldSelector('metadata.name=a,', 'Pod').toString()).toBe('metadata.name=a');
  });

  it('unescapes \\, \\= and \\\\ in values and escapes them again when printing', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d', 'ConfigMap');
    expect(sel.requirements[0]!.value).toBe('a,b=c\\d');
    expect(sel.toString()).toBe('metadata.name=a\\,b\\=c\\\\d');
    expect(sel.matches({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a,b=c\\d' } })).toBe(true);
  });

  it.each([
    ['foo', 'Pod', "invalid selector: 'foo'; can't understand 'foo'"],
    ['metadata.name=a,bar', 'Pod', "invalid selector: 'metadata.name=a,bar'; can't understand 'bar'"],
    ['metadata.name=a=b', 'Pod', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name!==a', 'Pod', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\x', 'Pod', 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', 'Pod', 'invalid field selector: invalid escape sequence: \\'],
    ['spec.replicas=1', 'Deployment', 'field label not supported: spec.replicas'],
    ['spec.foo=1', 'Pod', 'field label not supported: spec.foo'],
    ['metadata.name = a', 'Pod', 'field label not supported: metadata.name '], // no trimming, as upstream
    ['metadata.namespace=x', 'Node', 'field label not supported: metadata.namespace'],
    ['metadata.labels=x', 'Pod', 'field label not supported: metadata.labels'],
  ])('%j on %s → %s', (text, kind, message) => {
    expect(badRequestMessage(() => parseFieldSelector(text, kind))).toBe(message);
  });
});

describe('field values per kind', () => {
  it('Pod fields', () => {
    const p = pod({ nodeName: 'node-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'sa' },
      { phase: 'Running', podIP: '10.0.0.5', nominatedNodeName: 'node-2' });
    const yes = ['spec.nodeName=node-1', 'spec.restartPolicy=Always', 'spec.schedulerName=default-scheduler',
      'spec.serviceAccountName=sa', 'spec.hostNetwork=false', 'status.phase=Running', 'status.podIP=10.0.0.5',
      'status.nominatedNodeName=node-2', 'metadata.name=web-1', 'metadata.namespace=default', 'spec.host=node-1'];
    for (const text of yes) expect(parseFieldSelector(text, 'Pod').matches(p), text).toBe(true);
    expect(parseFieldSelector('spec.hostNetwork=true', 'Pod').matches(pod({ hostNetwork: true }))).toBe(true);
    expect(parseFieldSelector('status.podIP=10.0.0.9', 'Pod').matches(pod({}, { podIP: 'x', podIPs: [{ ip: '10.0.0.9' }] }))).toBe(true);
  });

  it('unscheduled pods have an empty spec.nodeName (the scheduler and kubelet queries)', () => {
    const pending = pod({});
    const bound = pod({ nodeName: 'n1' });
    expect(parseFieldSelector('spec.nodeName=', 'Pod').matches(pending)).toBe(true);
    expect(parseFieldSelector('spec.nodeName=', 'Pod').matches(bound)).toBe(false);
    expect(parseFieldSelector('spec.nodeName!=', 'Pod').matches(bound)).toBe(true);
    expect(parseFieldSelector('spec.nodeName!=n1', 'Pod').matches(pending)).toBe(true);
  });

  it('ANDs terms', () => {
    const sel = parseFieldSelector('spec.nodeName=n1,status.phase!=Succeeded', 'Pod');
    expect(sel.matches(pod({ nodeName: 'n1' }, { phase: 'Running' }))).toBe(true);
    expect(sel.matches(pod({ nodeName: 'n1' }, { phase: 'Succeeded' }))).toBe(false);
    expect(sel.matches(pod({ nodeName: 'n2' }, { phase: 'Running' }))).toBe(false);
  });

  it('Event fields, with source falling back to reportingComponent', () => {
    const ev: KubeObject = {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{app}', resourceVersion: '7' },
      reason: 'BackOff', type: 'Warning', reportingComponent: 'kubelet',
    };
    for (const text of ['involvedObject.kind=Pod', 'involvedObject.name=web', 'involvedObject.namespace=default',
      'involvedObject.uid=u1', 'involvedObject.apiVersion=v1', 'involvedObject.fieldPath=spec.containers{app}',
      'involvedObject.resourceVersion=7', 'reason=BackOff', 'type=Warning', 'source=kubelet', 'reportingComponent=kubelet']) {
      expect(parseFieldSelector(text, 'Event').matches(ev), text).toBe(true);
    }
    expect(parseFieldSelector('source=default-scheduler', 'Event').matches({ ...ev, source: { component: 'default-scheduler' } })).toBe(true);
  });

  it('Node spec.unschedulable is "true"/"false"', () => {
    const node = (unschedulable?: boolean): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable } });
    expect(parseFieldSelector('spec.unschedulable=false', 'Node').matches(node())).toBe(true);
    expect(parseFieldSelector('spec.unschedulable=false', 'Node').matches(node(true))).toBe(false);
    expect(parseFieldSelector('spec.unschedulable=true', 'Node').matches(node(true))).toBe(true);
    expect(parseFieldSelector('metadata.name=n1', 'Node').matches(node())).toBe(true);
  });

  it('Namespace status.phase, Secret type', () => {
    expect(parseFieldSelector('status.phase=Terminating', 'Namespace')
      .matches({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, status: { phase: 'Terminating' } })).toBe(true);
    expect(parseFieldSelector('type=kubernetes.io/tls', 'Secret')
      .matches({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls' })).toBe(true);
  });

  it('numeric fields compare as their decimal text (ReplicaSet/RC status.replicas, Job status.successful)', () => {
    const rs = (replicas?: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, status: { replicas } });
    expect(parseFieldSelector('status.replicas=3', 'ReplicaSet').matches(rs(3))).toBe(true);
    expect(parseFieldSelector('status.replicas=03', 'ReplicaSet').matches(rs(3))).toBe(false);
    expect(parseFieldSelector('status.replicas=0', 'ReplicaSet').matches(rs())).toBe(true);
    expect(parseFieldSelector('status.replicas!=0', 'ReplicationController').matches({ ...rs(2), kind: 'ReplicationController' })).toBe(true);
    expect(parseFieldSelector('status.replicas=abc', 'ReplicaSet').matches(rs(3))).toBe(false);
    expect(parseFieldSelector('status.successful=1', 'Job')
      .matches({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { succeeded: 1 } })).toBe(true);
  });

  it('other kinds support metadata.name and metadata.namespace only', () => {
    expect(supportedFieldLabels('Deployment')).toEqual(['metadata.name', 'metadata.namespace']);
    expect(supportedFieldLabels('Node')).toEqual(['metadata.name', 'spec.unschedulable']);
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'kube-system' } };
    expect(parseFieldSelector('metadata.namespace=kube-system', 'ConfigMap').matches(cm)).toBe(true);
    expect(parseFieldSelector('metadata.namespace!=kube-system', 'ConfigMap').matches(cm)).toBe(false);
  });
});

describe('equalsValue (index look-ups)', () => {
  it('returns the value an = term requires', () => {
    const sel = parseFieldSelector('spec.nodeName=n1,status.phase!=Failed', 'Pod');
    expect(sel.equalsValue('spec.nodeName')).toBe('n1');
    expect(sel.equalsValue('status.phase')).toBeUndefined();
    expect(sel.equalsValue('metadata.name')).toBeUndefined();
    expect(parseFieldSelector('spec.host=n2', 'Pod').equalsValue('spec.nodeName')).toBe('n2');
    expect(parseFieldSelector('spec.nodeName=', 'Pod').equalsValue('spec.nodeName')).toBe('');
  });
});
