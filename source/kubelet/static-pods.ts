/**
 * The control plane as kubeadm lays it out: etcd, kube-apiserver, kube-controller-manager and kube-scheduler run
 * as static pods from /etc/kubernetes/manifests on each control-plane node, and the kubelet publishes each as a
 * mirror pod `<component>-<node>` in kube-system.
 */
import type { Container, Pod, Probe } from '../api/core.js';
import { hexDigest } from './image-ref.js';
import { minorVersion } from './messages.js';

/** The static control-plane components. */
export const STATIC_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
/** One of the static control-plane components. */
export type StaticComponent = (typeof STATIC_COMPONENTS)[number];

/** The label that marks a control-plane node. */
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** Annotation that marks a mirror pod (its value is the static pod's config hash). */
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** etcd release kubeadm pins for a Kubernetes minor version. */
function etcdImage(kubeletVersion: string): string {
  const [, minor] = minorVersion(kubeletVersion);
  const tag = minor <= 30 ? '3.5.15-0' : minor <= 32 ? '3.5.16-0' : minor === 33 ? '3.5.21-0' : '3.6.4-0';
  return `registry.k8s.io/etcd:${tag}`;
}

/** The image each component runs, for the kubelet's version. */
export function staticImage(component: StaticComponent, kubeletVersion: string): string {
  if (component === 'etcd') return etcdImage(kubeletVersion);
  const version = /^v\d+\.\d+\.\d+/.test(kubeletVersion) ? kubeletVersion.match(/^v\d+\.\d+\.\d+/)![0] : 'v1.32.2';
  return `registry.k8s.io/${component}:${version}`;
}

/** Approximate image sizes (bytes), for node.status.images. */
export const STATIC_IMAGE_SIZES: Record<StaticComponent, number> = {
  etcd: 57_680_541, 'kube-apiserver': 28_094_003, 'kube-controller-manager': 26_266_064, 'kube-scheduler': 20_654_224,
};

const httpProbe = (host: string, path: string, port: number, scheme: 'HTTP' | 'HTTPS', failureThreshold: number, periodSeconds: number, initialDelaySeconds?: number): Probe => ({
  httpGet: { host, path, port, scheme },
  ...(initialDelaySeconds !== undefined ? { initialDelaySeconds } : {}),
  periodSeconds, timeoutSeconds: 15, failureThreshold,
});

function container(component: StaticComponent, nodeIP: string, nodeName: string, kubeletVersion: string): Container {
  const image = staticImage(component, kubeletVersion);
  const base = { name: component, image, imagePullPolicy: 'IfNotPresent' as const };
  switch (component) {
    case 'etcd':
      return {
        ...base,
        command: ['etcd', `--advertise-client-urls=https://${nodeIP}:2379`, '--data-dir=/var/lib/etcd', `--listen-client-urls=https://127.0.0.1:2379,https://${nodeIP}:2379`, '--listen-metrics-urls=http://127.0.0.1:2381', `--name=${nodeName}`],
        resources: { requests: { cpu: '100m', memory: '100Mi' } },
        livenessProbe: httpProbe('127.0.0.1', '/livez', 2381, 'HTTP', 8, 10, 10),
        readinessProbe: httpProbe('127.0.0.1', '/readyz', 2381, 'HTTP', 3, 1),
        startupProbe: httpProbe('127.0.0.1', '/readyz', 2381, 'HTTP', 24, 10, 10),
        volumeMounts: [{ name: 'etcd-data', mountPath: '/var/lib/etcd' }, { name: 'etcd-certs', mountPath: '/etc/kubernetes/pki/etcd' }],
      };
    case 'kube-apiserver':
      return {
        ...base,
        command: ['kube-apiserver', `--advertise-address=${nodeIP}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction', '--etcd-servers=https://127.0.0.1:2379', '--secure-port=6443', '--service-cluster-ip-range=10.96.0.0/12'],
        resources: { requests: { cpu: '250m' } },
        livenessProbe: httpProbe(nodeIP, '/livez', 6443, 'HTTPS', 8, 10, 10),
        readinessProbe: httpProbe(nodeIP, '/readyz', 6443, 'HTTPS', 3, 1),
        startupProbe: httpProbe(nodeIP, '/livez', 6443, 'HTTPS', 24, 10, 10),
        volumeMounts: [{ name: 'k8s-certs', mountPath: '/etc/kubernetes/pki', readOnly: true }],
      };
    case 'kube-controller-manager':
      return {
        ...base,
        command: ['kube-controller-manager', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', '--use-service-account-credentials=true'],
        resources: { requests: { cpu: '200m' } },
        livenessProbe: httpProbe('127.0.0.1', '/healthz', 10257, 'HTTPS', 8, 10, 10),
        startupProbe: httpProbe('127.0.0.1', '/healthz', 10257, 'HTTPS', 24, 10, 10),
        volumeMounts: [{ name: 'kubeconfig', mountPath: '/etc/kubernetes/controller-manager.conf', readOnly: true }],
      };
    case 'kube-scheduler':
      return {
        ...base,
        command: ['kube-scheduler', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
        resources: { requests: { cpu: '100m' } },
        livenessProbe: httpProbe('127.0.0.1', '/livez', 10259, 'HTTPS', 8, 10, 10),
        readinessProbe: httpProbe('127.0.0.1', '/readyz', 10259, 'HTTPS', 3, 1),
        startupProbe: httpProbe('127.0.0.1', '/livez', 10259, 'HTTPS', 24, 10, 10),
        volumeMounts: [{ name: 'kubeconfig', mountPath: '/etc/kubernetes/scheduler.conf', readOnly: true }],
      };
  }
}

const VOLUMES: Record<StaticComponent, Pod['spec']['volumes']> = {
  etcd: [
    { name: 'etcd-certs', hostPath: { path: '/etc/kubernetes/pki/etcd', type: 'DirectoryOrCreate' } },
    { name: 'etcd-data', hostPath: { path: '/var/lib/etcd', type: 'DirectoryOrCreate' } },
  ],
  'kube-apiserver': [{ name: 'k8s-certs', hostPath: { path: '/etc/kubernetes/pki', type: 'DirectoryOrCreate' } }],
  'kube-controller-manager': [{ name: 'kubeconfig', hostPath: { path: '/etc/kubernetes/controller-manager.conf', type: 'FileOrCreate' } }],
  'kube-scheduler': [{ name: 'kubeconfig', hostPath: { path: '/etc/kubernetes/scheduler.conf', type: 'FileOrCreate' } }],
};

/** The mirror pod the kubelet creates for a static pod on `node`. */
export function mirrorPod(component: StaticComponent, node: { name: string; uid?: string; ip: string }, kubeletVersion: string, seenAt: string): Pod {
  const hash = hexDigest(`${component}/${node.name}/${kubeletVersion}`).slice(0, 32);
  const annotations: Record<string, string> = {
    'kubernetes.io/config.hash': hash,
    [MIRROR_ANNOTATION]: hash,
    'kubernetes.io/config.seen': seenAt,
    'kubernetes.io/config.source': 'file',
  };
  if (component === 'kube-apiserver') annotations['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint'] = `${node.ip}:6443`;
  if (component === 'etcd') annotations['kubeadm.kubernetes.io/etcd.advertise-client-urls'] = `https://${node.ip}:2379`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${component}-${node.name}`, namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations,
      ownerReferences: node.uid ? [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true }] : undefined,
    },
    spec: {
      containers: [container(component, node.ip, node.name, kubeletVersion)],
      nodeName: node.name,
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      restartPolicy: 'Always',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      volumes: VOLUMES[component],
    },
  };
}

/** The static component a pod mirrors, if it is one of ours. */
export function mirrorComponent(pod: Pod): StaticComponent | undefined {
  if (!pod.metadata.annotations?.[MIRROR_ANNOTATION]) return undefined;
  const c = pod.metadata.labels?.component;
  return (STATIC_COMPONENTS as readonly string[]).includes(c ?? '') ? (c as StaticComponent) : undefined;
}
