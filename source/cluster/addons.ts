/**
 * What kubeadm puts into kube-system after the control plane is up (the `addon` phase): kube-proxy as a DaemonSet
 * on every node with its ConfigMap and ServiceAccount, and CoreDNS — a 2-replica Deployment, its Corefile
 * ConfigMap, ServiceAccount and the `kube-dns` Service at the tenth address of the service range (10.96.0.10).
 */
import type { KubeObject } from '../api/meta.js';

/** kubelet --cluster-domain default. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** The CoreDNS image kubeadm v1.32 deploys. */
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';

export interface AddonOptions {
  /** The cluster's version, e.g. `v1.32.4` (kube-proxy's image tag). */
  kubernetesVersion: string;
  /** The DNS domain (default cluster.local). */
  clusterDomain?: string;
  /** --service-cluster-ip-range: kube-dns gets its tenth address (default 10.96.0.0/12 → 10.96.0.10). */
  serviceCIDR?: string;
  /** The pod network, kube-proxy's clusterCIDR (default 10.244.0.0/16). */
  podCIDR?: string;
  /** The API server endpoint kube-proxy's kubeconfig points at (default control-plane:6443). */
  controlPlaneEndpoint?: string;
}

/** A Service's DNS name as CoreDNS serves it: `<svc>.<namespace>.svc.<cluster domain>`. */
export function serviceDnsName(svc: KubeObject, clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  return `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}.svc.${clusterDomain}`;
}

/** kubeadm's DNS IP: the tenth address of the service range. */
export function dnsServiceIP(serviceCIDR = '10.96.0.0/12'): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/\d+$/.exec(serviceCIDR);
  if (!m) throw new Error(`invalid service CIDR "${serviceCIDR}"`);
  const n = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]) + 10;
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** kubeadm's Corefile. */
export function corefile(clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${clusterDomain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${clusterDomain}
       disable denial ${clusterDomain}
    }
    loop
    reload
    loadbalance
}
`;
}

/** The kube-proxy ConfigMap's KubeProxyConfiguration (kubeadm's defaults, iptables mode). */
function kubeProxyConfig(podCIDR: string): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${podCIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
kind: KubeProxyConfiguration
metricsBindAddress: ""
mode: ""
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
`;
}

function kubeProxyKubeconfig(endpoint: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://${endpoint}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
`;
}

const NS = 'kube-system';
const DNS_LABELS = { 'k8s-app': 'kube-dns' };

/** The kube-system addon objects, in apply order (accounts and config before the workloads that use them). */
export function addonObjects(opts: AddonOptions): KubeObject[] {
  const domain = opts.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const version = opts.kubernetesVersion.startsWith('v') ? opts.kubernetesVersion : `v${opts.kubernetesVersion}`;
  const controlPlaneToleration = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: NS } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: NS } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: NS }, data: { Corefile: corefile(domain) } },
    {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: NS, labels: { app: 'kube-proxy' } },
      data: { 'config.conf': kubeProxyConfig(opts.podCIDR ?? '10.244.0.0/16'), 'kubeconfig.conf': kubeProxyKubeconfig(opts.controlPlaneEndpoint ?? 'control-plane:6443') },
    },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: {
        name: 'kube-dns', namespace: NS,
        labels: { ...DNS_LABELS, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        selector: { ...DNS_LABELS }, clusterIP: dnsServiceIP(opts.serviceCIDR),
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: NS, labels: { ...DNS_LABELS } },
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: { ...DNS_LABELS } },
        template: {
          metadata: { labels: { ...DNS_LABELS } },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [{
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                }],
              },
            },
            tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, controlPlaneToleration],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [{
              name: 'coredns', image: COREDNS_IMAGE, imagePullPolicy: 'IfNotPresent',
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              args: ['-conf', '/etc/coredns/Corefile'],
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              securityContext: {
                allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true,
              },
              livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
            }],
            dnsPolicy: 'Default',
            volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy', namespace: NS, labels: { 'k8s-app': 'kube-proxy' } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-proxy' } },
          spec: {
            priorityClassName: 'system-node-critical',
            containers: [{
              name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${version}`, imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
              ],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            }],
            hostNetwork: true,
            serviceAccountName: 'kube-proxy',
            volumes: [
              { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
            ],
            // Runs on every node, the tainted control plane included.
            tolerations: [{ operator: 'Exists' }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
          },
        },
      },
    },
  ];
}
