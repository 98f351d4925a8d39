/** Pod validation: containers, resources, ports, probes, env, volumes, scheduling fields, and pod updates. */
import { describe, expect, it } from 'vitest';
import { clone, errorsOf, messageOf, pod, stored } from './fixtures.js';

function withContainer(patch: Record<string, unknown>): ReturnType<typeof pod> {
  const p = pod();
  Object.assign(p.spec.containers[0], patch);
  return p;
}

describe('containers', () => {
  it('requires at least one container', () => {
    const p = pod();
    p.spec.containers = [];
    expect(messageOf(p)).toBe('Pod "web-0" is invalid: spec.containers: Required value');
  });

  it('requires names and images, unique names, DNS-label names', () => {
    const p = pod();
    p.spec.containers = [{ name: 'web', image: 'nginx' }, { name: 'web', image: 'nginx' }, { name: 'Side_Car' }];
    expect(errorsOf(p)).toEqual([
      'spec.containers[1].name: Duplicate value: "web"',
      "spec.containers[2].name: Invalid value: \"Side_Car\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[2].image: Required value',
    ]);
  });

  it('refuses leading/trailing spaces in a Pod image', () => {
    expect(errorsOf(withContainer({ image: ' nginx' }))).toEqual(['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']);
  });

  it('checks the pull policy and termination message policy values', () => {
    expect(errorsOf(withContainer({ imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'Logs' }))).toEqual([
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Logs": supported values: "File", "FallbackToLogsOnError"',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });

  it('keeps init container names unique against regular containers and forbids probes on plain init containers', () => {
    const p = pod();
    p.spec.initContainers = [{ name: 'web', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } }];
    expect(errorsOf(p)).toEqual([
      'spec.initContainers[0].name: Duplicate value: "web"',
      'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
    p.spec.initContainers = [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always', readinessProbe: { exec: { command: ['true'] } } }];
    expect(errorsOf(p)).toEqual([]);
  });
});

describe('resources', () => {
  it('refuses requests above limits with upstream wording and canonical quantities', () => {
    const p = withContainer({ resources: { requests: { cpu: '1', memory: '256Mi' }, limits: { cpu: '500m', memory: '0.25Gi' } } });
    expect(messageOf(p)).toBe('Pod "web-0" is invalid: spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m');
  });

  it('reports unparseable quantities on the resource key', () => {
    expect(errorsOf(withContainer({ resources: { limits: { memory: '1GB' } } }))).toEqual([
      "spec.containers[0].resources.limits[memory]: Invalid value: \"1GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  it('refuses negative quantities and non-container resource names', () => {
    expect(errorsOf(withContainer({ resources: { requests: { cpu: '-1', pods: '1' } } }))).toEqual([
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers',
    ]);
  });

  it('needs equal requests and limits for extended resources', () => {
    expect(errorsOf(withContainer({ resources: { requests: { 'nvidia.com/gpu': '1' } } })))
      .toEqual(['spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources']);
    expect(errorsOf(withContainer({ resources: { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '2' } } })))
      .toEqual(['spec.containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2']);
  });
});

describe('ports, probes, env', () => {
  it('checks container ports: range, protocol, unique IANA names', () => {
    const p = withContainer({ ports: [{ containerPort: 70000, name: 'http' }, { containerPort: 81, name: 'http', protocol: 'ICMP' }, { name: 'A--b' }] });
    expect(errorsOf(p)).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Invalid value: "A--b": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[2].name: Invalid value: "A--b": must not contain consecutive hyphens',
      'spec.containers[0].ports[2].containerPort: Required value',
    ]);
  });

  it('refuses clashing host ports across containers', () => {
    const p = pod();
    p.spec.containers = [
      { name: 'a', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] },
      { name: 'b', image: 'x', ports: [{ containerPort: 81, hostPort: 8080 }] },
    ];
    expect(errorsOf(p)).toEqual(['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']);
  });

  it('needs exactly one probe handler, and successThreshold 1 for liveness', () => {
    const p = withContainer({
      livenessProbe: { httpGet: { port: 8080 }, exec: { command: ['true'] }, successThreshold: 2 },
      readinessProbe: { periodSeconds: -5 },
    });
    expect(errorsOf(p)).toEqual([
      'spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
      'spec.containers[0].readinessProbe.periodSeconds: Invalid value: -5: must be greater than or equal to 0',
    ]);
  });

  it('checks probe ports by number or name', () => {
    expect(errorsOf(withContainer({ readinessProbe: { tcpSocket: { port: 'HTTP' } } }))).toEqual([
      'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
  });

  it('checks env names and valueFrom sources', () => {
    const p = withContainer({
      env: [{ name: 'A=B', value: 'x' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } }, { name: 'BOTH', value: 'v', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }],
    });
    expect(errorsOf(p)).toEqual([
      "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.hostname": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ]);
  });
});

describe('volumes and mounts', () => {
  it('needs unique DNS-label names and one source; mounts must name a volume', () => {
    const p = pod();
    p.spec.volumes = [{ name: 'data', emptyDir: {} }, { name: 'data', emptyDir: {} }, { name: 'both', emptyDir: {}, hostPath: { path: '/x' } }];
    p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }, { name: 'cache', mountPath: '/data' }];
    expect(errorsOf(p)).toEqual([
      'spec.volumes[1].name: Duplicate value: "data"',
      'spec.volumes[2].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.containers[0].volumeMounts[1].name: Not found: "cache"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ]);
  });

  it('checks source fields such as claimName and secretName', () => {
    const p = pod();
    p.spec.volumes = [{ name: 'a', persistentVolumeClaim: {} }, { name: 'b', secret: { secretName: 's', defaultMode: 1000 } }];
    expect(errorsOf(p)).toEqual([
      'spec.volumes[0].persistentVolumeClaim.claimName: Required value',
      'spec.volumes[1].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
    ]);
  });
});

describe('pod spec fields', () => {
  it('checks restartPolicy, dnsPolicy and activeDeadlineSeconds', () => {
    const p = pod();
    Object.assign(p.spec, { restartPolicy: 'Sometimes', dnsPolicy: 'Google', activeDeadlineSeconds: 0 });
    expect(errorsOf(p)).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ]);
  });

  it('checks nodeSelector labels, tolerations and taint effects', () => {
    const p = pod();
    p.spec.nodeSelector = { 'disk type': 'ssd' };
    p.spec.tolerations = [
      { key: 'a', operator: 'Exists', value: 'x' },
      { operator: 'Equal', value: 'x' },
      { key: 'b', effect: 'NoSchedule', tolerationSeconds: 30 },
      { key: 'c', operator: 'Like' },
      { key: 'd', effect: 'Never' },
    ];
    const errs = errorsOf(p);
    expect(errs[0]).toMatch(/^spec\.nodeSelector: Invalid value: "disk type": name part must consist of/);
    expect(errs.slice(1)).toEqual([
      "spec.tolerations[0].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'",
      'spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      'spec.tolerations[3].operator: Unsupported value: "Like": supported values: "Equal", "Exists"',
      'spec.tolerations[4].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it('checks node affinity operators and pod affinity terms', () => {
    const p = pod();
    p.spec.affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }, { key: 'gen', operator: 'Gt', values: ['1', '2'] }] }] } },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } } } }] },
    };
    expect(errorsOf(p)).toEqual([
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100',
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Required value: can not be empty',
      expect.stringMatching(/podAffinityTerm\.topologyKey: Invalid value: "": name part must be non-empty$/),
      expect.stringMatching(/podAffinityTerm\.topologyKey: Invalid value: "": name part must consist of/),
    ]);
  });

  it('checks topology spread constraints', () => {
    const p = pod();
    p.spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'Maybe' }];
    expect(errorsOf(p)).toEqual([
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
    ]);
  });

  it('checks priority fields', () => {
    const p = pod();
    Object.assign(p.spec, { priorityClassName: 'High_Priority', preemptionPolicy: 'Always' });
    const errs = errorsOf(p);
    expect(errs[0]).toMatch(/^spec\.priorityClassName: Invalid value: "High_Priority": a lowercase RFC 1123 subdomain/);
    expect(errs[1]).toBe('spec.preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"');
  });
});

describe('pod updates', () => {
  it('allows changing an image', () => {
    const old = stored(pod());
    const next = clone(old);
    next.spec.containers[0].image = 'nginx:1.28';
    expect(errorsOf(next, old)).toEqual([]);
  });

  it('forbids any other spec change, naming what changed', () => {
    const old = stored(pod());
    const next = clone(old);
    next.spec.nodeName = 'node-1';
    const [err] = errorsOf(next, old);
    expect(err).toContain('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n');
    expect(err).toContain('spec.nodeName: nil -> "node-1"');
  });

  it('allows adding tolerations but not changing existing ones (except tolerationSeconds)', () => {
    const base = pod();
    base.spec.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
    const old = stored(base);
    const next = clone(old);
    next.spec.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }, { key: 'b', operator: 'Exists' }];
    expect(errorsOf(next, old)).toEqual([]);
    next.spec.tolerations = [{ key: 'b', operator: 'Exists' }];
    expect(errorsOf(next, old)).toEqual(['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });

  it('refuses adding or removing containers, and raising activeDeadlineSeconds', () => {
    const base = pod();
    base.spec.activeDeadlineSeconds = 60;
    const old = stored(base);
    const next = clone(old);
    next.spec.activeDeadlineSeconds = 120;
    expect(errorsOf(next, old)).toEqual(['spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value']);
    next.spec.activeDeadlineSeconds = 60;
    next.spec.containers.push({ name: 'b', image: 'x' });
    expect(errorsOf(next, old)).toEqual(['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('allows removing scheduling gates but not adding them', () => {
    const base = pod();
    base.spec.schedulingGates = [{ name: 'example.com/quota' }];
    const old = stored(base);
    const next = clone(old);
    next.spec.schedulingGates = [];
    expect(errorsOf(next, old)).toEqual([]);
    next.spec.schedulingGates = [{ name: 'example.com/quota' }, { name: 'example.com/other' }];
    expect(errorsOf(next, old)).toEqual(["spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/other'"]);
  });
});
