/** The compatibility corpus (real manifests, unchanged): every document defaults and validates cleanly, with upstream's values. */
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../source/api/defaults/index.js';
import { formatFieldError } from '../../../source/api/errors.js';
import { validateObject } from '../../../source/api/validation/index.js';
import type { Loose } from '../validation/fixtures.js';

const CORPUS = '/work/shared/corpus';

/** Every document of every corpus file, as the store would hold it before admission (namespace and uid filled). */
function load(): Array<{ file: string; obj: Loose }> {
  const out: Array<{ file: string; obj: Loose }> = [];
  for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(`${CORPUS}/${file}`, 'utf8'))) {
      const obj = doc.toJS() as Loose;
      if (!obj) continue;
      obj.metadata.uid = `uid-${obj.metadata.name}`;
      if (!['StorageClass', 'PersistentVolume', 'Namespace', 'Node'].includes(obj.kind)) obj.metadata.namespace ??= 'default';
      applyDefaults(obj);
      out.push({ file, obj });
    }
  }
  return out;
}

const docs = load();
const find = (file: string, kind: string, name: string): Loose => docs.find((d) => d.file === file && d.obj.kind === kind && d.obj.metadata.name === name)!.obj;

describe('corpus', () => {
  it('holds the documents we expect', () => {
    expect(docs.length).toBeGreaterThan(40);
  });

  it.each(docs.map((d) => [`${d.file}: ${d.obj.kind}/${d.obj.metadata.name}`, d.obj]))('%s is valid after defaulting', (_label, obj) => {
    expect(validateObject(obj).map(formatFieldError)).toEqual([]);
  });

  it('defaults online-boutique Deployments as a real cluster does', () => {
    const frontend = find('online-boutique.yaml', 'Deployment', 'frontend');
    expect(frontend.spec).toMatchObject({
      replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    const pod = frontend.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, serviceAccount: 'frontend' });
    expect(pod.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(pod.containers[0].readinessProbe).toMatchObject({ initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, httpGet: { scheme: 'HTTP', port: 8080 } });
  });

  it('defaults the guestbook NodePort Service with Cluster external traffic and targetPort = port', () => {
    expect(find('guestbook-all-in-one.yaml', 'Service', 'frontend').spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Cluster', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
    expect(find('guestbook-all-in-one.yaml', 'Deployment', 'frontend').spec.replicas).toBe(3);
  });

  it('defaults Services: ClusterIP by default, LoadBalancer gets Cluster traffic policy and node ports allocation', () => {
    expect(find('online-boutique.yaml', 'Service', 'frontend').spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }] });
    expect(find('online-boutique.yaml', 'Service', 'frontend-external').spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
    expect(find('cassandra-service.yaml', 'Service', 'cassandra').spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 9042, targetPort: 9042, protocol: 'TCP' }] });
  });

  it('defaults the cassandra StatefulSet and its claim template', () => {
    const sts = find('cassandra-statefulset.yaml', 'StatefulSet', 'cassandra');
    expect(sts.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(sts.spec.volumeClaimTemplates[0]).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    expect(sts.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(find('cassandra-statefulset.yaml', 'StorageClass', 'fast')).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  it('fills the vLLM HPA behavior around what the manifest sets', () => {
    const h = find('vllm-hpa.yaml', 'HorizontalPodAutoscaler', 'gemma-server-hpa');
    expect(h.spec.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 30, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    expect(h.spec.metrics[0].pods.target.averageValue).toBe(4);
  });

  it('keeps the cockroachdb PDB as written (no policy/v1 defaults)', () => {
    expect(find('cockroachdb-statefulset.yaml', 'PodDisruptionBudget', 'cockroachdb-budget').spec).toEqual({ selector: { matchLabels: { app: 'cockroachdb' } }, minAvailable: '67%' });
  });
});
