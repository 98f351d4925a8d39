import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  describeObject, formatDiagnostic, loadManifestPaths, loadManifestText, type LoadResult,
} from '../../source/api/manifest.js';
import {
  MAX_MANIFEST_BYTES, MAX_NODES_PER_DOCUMENT, MAX_NODES_PER_FILE, splitFieldPath,
} from '../../source/api/manifest-load.js';

/** Diagnostics as `line: severity: message`, the part tests care about. */
function diags(r: LoadResult): string[] {
  return r.diagnostics.map((d) => `${d.line}: ${d.severity}: ${d.message}`);
}

const deployment = (extra = '', name = 'web') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
${extra}`;

describe('loadManifestText: documents and positions', () => {
  it('loads multi-document YAML with each object at the line of its first key, skipping empty documents', () => {
    const text = `# leading comment
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
---
# only a comment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  colour: blue
`;
    const r = loadManifestText(text, 'app.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [describeObject(o.object), o.source])).toEqual([
      ['Namespace/shop', { file: 'app.yaml', line: 3 }],
      ['ConfigMap/settings (shop)', { file: 'app.yaml', line: 11 }],
    ]);
  });

  it('flattens kind: List, each item keeping its own line', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: a
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: b
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: c
    spec:
      replicas: -3
      selector: {matchLabels: {app: c}}
      template:
        metadata: {labels: {app: c}}
        spec: {containers: [{name: x, image: x}]}
`;
    const r = loadManifestText(text, 'list.yaml');
    expect(r.objects.map((o) => [o.object.metadata.name, o.source.line])).toEqual([['a', 4], ['b', 8]]);
    expect(diags(r)).toEqual([
      '17: error: Deployment.apps "c" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0',
    ]);
  });

  it('fills kind and apiVersion of typed list items (DeploymentList)', () => {
    const text = JSON.stringify({
      apiVersion: 'v1', kind: 'ConfigMapList', items: [{ metadata: { name: 'x' }, data: { a: 'b' } }],
    });
    const r = loadManifestText(text, 'list.json');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[0]!.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
  });

  it('loads JSON: a single object and a List, with lines', () => {
    const single = '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "one"},\n  "data": {"a": "1"}\n}\n';
    expect(loadManifestText(single, 'one.json').objects.map((o) => o.object.metadata.name)).toEqual(['one']);
    const list = `{
\t"apiVersion": "v1",
\t"kind": "List",
\t"items": [
\t\t{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}},
\t\t{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "b"}, "type": 7}
\t]
}`;
    const r = loadManifestText(list, 'list.json');
    expect(r.objects.map((o) => [o.object.metadata.name, o.source.line])).toEqual([['a', 5]]);
    expect(diags(r)).toEqual(['6: error: Secret "b" is invalid: type: expected string, got number 7']);
  });

  it('returns nothing for an empty or comment-only file', () => {
    expect(loadManifestText('', 'empty.yaml')).toEqual({ objects: [], diagnostics: [] });
    expect(loadManifestText('# nothing here\n---\n', 'c.yaml')).toEqual({ objects: [], diagnostics: [] });
  });

  it('reads YAML as Kubernetes does (YAML 1.1 scalars, timestamps and base-60 stay strings)', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: x
  annotations:
    when: 2024-01-02T03:04:05Z
    port: 22:22
data:
  a: "plain"
`;
    const r = loadManifestText(text, 'x.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[0]!.object.metadata.annotations).toEqual({ when: '2024-01-02T03:04:05Z', port: '22:22' });
    // 0644 is octal in YAML 1.1 (420), which validation accepts as a file mode; read as decimal 644 it would fail.
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: busybox}]
  volumes:
    - name: cfg
      configMap: {name: x, defaultMode: 0644}
`;
    const p = loadManifestText(pod, 'p.yaml');
    expect(p.diagnostics).toEqual([]);
    expect((p.objects[0]!.object.spec as { volumes: { configMap: { defaultMode: number } }[] }).volumes[0]!.configMap.defaultMode).toBe(420);
  });

  it('keeps the object undefaulted and drops null fields like the API decoder', () => {
    const r = loadManifestText(deployment('status: {}\n').replace('metadata:\n  name: web', 'metadata:\n  name: web\n  creationTimestamp: null'), 'd.yaml');
    expect(r.diagnostics).toEqual([]);
    const obj = r.objects[0]!.object;
    expect(obj.metadata).toEqual({ name: 'web' });
    const spec = obj.spec as Record<string, unknown>;
    expect(spec.strategy).toBeUndefined();
    expect(spec.revisionHistoryLimit).toBeUndefined();
  });
});

describe('loadManifestText: problems, each with file and line', () => {
  it('reports YAML syntax errors with yaml\'s message at their line, and keeps loading other documents', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n';
    const r = loadManifestText(text, 's.yaml');
    expect(r.objects.map((o) => o.object.metadata.name)).toEqual(['ok']);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', file: 's.yaml', line: 9 });
    expect(r.diagnostics[0]!.message).toMatch(/^invalid YAML: /);
  });

  it('rejects duplicate keys as go-yaml does', () => {
    const r = loadManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n', 'dup.yaml');
    expect(diags(r)).toEqual(['5: error: mapping key "name" already defined at line 4']);
  });

  it('rejects documents that are not objects', () => {
    expect(diags(loadManifestText('- a\n- b\n', 'seq.yaml'))).toEqual([
      '1: error: expected a Kubernetes object (a mapping with apiVersion and kind), found a sequence',
    ]);
    expect(diags(loadManifestText('---\njust text\n', 'str.yaml'))).toEqual([
      '2: error: expected a Kubernetes object (a mapping with apiVersion and kind), found a string',
    ]);
  });

  it('reports missing apiVersion and kind as kubectl does', () => {
    expect(diags(loadManifestText('metadata:\n  name: x\n', 'm.yaml'))).toEqual(['1: error: error validating data: apiVersion not set, kind not set']);
    expect(diags(loadManifestText('kind: ConfigMap\nmetadata:\n  name: x\n', 'm.yaml'))).toEqual(['1: error: error validating data: apiVersion not set']);
    expect(diags(loadManifestText('apiVersion: v1\nkind: 7\n', 'm.yaml'))).toEqual(['1: error: error validating data: kind must be a string']);
  });

  it('rejects an unknown kind in kubectl\'s words, at the kind line', () => {
    const r = loadManifestText('apiVersion: example.com/v1\nmetadata:\n  name: w\nkind: Widget\n', 'w.yaml');
    expect(r.diagnostics).toEqual([{
      severity: 'error', file: 'w.yaml', line: 4, object: 'Widget/w', message: 'no matches for kind "Widget" in version "example.com/v1"',
    }]);
    // A typo of a simulated kind in a core group is unknown too: only real kinds are skipped.
    expect(diags(loadManifestText('apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n', 't.yaml')))
      .toEqual(['2: error: no matches for kind "Deploymnet" in version "apps/v1"']);
  });

  it('skips real Kubernetes and add-on kinds it does not simulate, with a warning', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: tls}
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old}
`;
    const r = loadManifestText(text, 'k.yaml');
    expect(r.objects).toEqual([]);
    expect(diags(r)).toEqual([
      '2: warning: kind NetworkPolicy (networking.k8s.io/v1) is not simulated; skipped',
      '6: warning: kind CustomResourceDefinition (apiextensions.k8s.io/v1) is not simulated; skipped',
      '10: warning: kind Certificate (cert-manager.io/v1) is not simulated; skipped',
      '14: warning: kind Ingress (extensions/v1beta1) is not simulated; skipped',
    ]);
  });

  it('rejects an apiVersion a simulated kind is not served at, at the apiVersion line', () => {
    const r = loadManifestText('kind: Deployment\napiVersion: apps/v1beta2\nmetadata: {name: x}\n', 'v.yaml');
    expect(diags(r)).toEqual(['2: error: no matches for kind "Deployment" in version "apps/v1beta2" (Deployment is served as apps/v1)']);
  });

  it('loads removed-but-compatible versions as the served one, with the API server\'s deprecation warning', () => {
    const text = `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: a}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: a}}
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: none}
spec:
  maxUnavailable: 1
  selector: {}
`;
    const r = loadManifestText(text, 'pdb.yaml');
    expect(diags(r)).toEqual([
      '1: warning: policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget; loaded as policy/v1',
      '8: warning: policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget; loaded as policy/v1',
    ]);
    expect(r.objects.map((o) => o.object.apiVersion)).toEqual(['policy/v1', 'policy/v1']);
    expect((r.objects[0]!.object.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'a' } });
    // v1beta1's empty selector matched no pods; in v1 it would match all, so upstream's conversion keeps "none".
    expect((r.objects[1]!.object.spec as { selector: unknown }).selector).toEqual({
      matchExpressions: [{ key: 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match', operator: 'Exists' }],
    });
  });

  it('converts autoscaling/v1 HPAs to autoscaling/v2', () => {
    const text = `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  targetCPUUtilizationPercentage: 70
`;
    const r = loadManifestText(text, 'hpa.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[0]!.object.apiVersion).toBe('autoscaling/v2');
    expect(r.objects[0]!.object.spec).toMatchObject({
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  it('warns about unknown fields at their line and drops them, as the API server does', () => {
    const r = loadManifestText(deployment('  strategyy: Recreate\n').replace('image: nginx:1.27', 'image: nginx:1.27\n          imagePullPolicyy: Always'), 'u.yaml');
    expect(diags(r)).toEqual([
      '18: warning: Deployment.apps "web": unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
      '19: warning: Deployment.apps "web": unknown field "spec.strategyy"',
    ]);
    expect(r.diagnostics[0]!.object).toBe('Deployment/web');
    const spec = r.objects[0]!.object.spec as { strategyy?: unknown; template: { spec: { containers: Record<string, unknown>[] } } };
    expect(spec.strategyy).toBeUndefined();
    expect(spec.template.spec.containers[0]).toEqual({ name: 'nginx', image: 'nginx:1.27' });
  });

  it('reports wrong types as errors at the field line and does not load the object', () => {
    const r = loadManifestText(deployment().replace('replicas: 2', 'replicas: "2"'), 't.yaml');
    expect(r.objects).toEqual([]);
    expect(diags(r)).toEqual(['6: error: Deployment.apps "web" is invalid: spec.replicas: expected integer, got string "2"']);
  });

  it('reports validation errors with upstream\'s message at the first bad field', () => {
    const r = loadManifestText(deployment().replace('image: nginx:1.27', 'image: ""'), 'e.yaml');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ line: 17, severity: 'error', object: 'Deployment/web' });
    expect(r.diagnostics[0]!.message).toMatch(/^Deployment\.apps "web" is invalid: spec\.template\.spec\.containers\[0\]\.image: Required value/);
  });

  it('points a missing field at its deepest ancestor present in the file', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';
    const r = loadManifestText(text, 'm.yaml');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.line).toBe(5); // spec.selector is missing: the line of `spec`
    expect(r.diagnostics[0]!.message).toMatch(/^Deployment\.apps "web" is invalid: \[?spec\.selector: Required value/);
  });

  it('warns when one object is defined twice', () => {
    const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {a: "${data}"}\n`;
    const r = loadManifestText(`${cm('1')}---\n${cm('2')}`, 'd.yaml');
    expect(r.objects).toHaveLength(2);
    expect(diags(r)).toEqual(['7: warning: ConfigMap/x (default) is defined again (first at d.yaml:1)']);
  });
});

describe('loadManifestText: hostile input is refused quickly with a clear error', () => {
  it('caps the size', () => {
    const r = loadManifestText(`a: "${'x'.repeat(MAX_MANIFEST_BYTES)}"\n`, 'huge.yaml');
    expect(diags(r)).toEqual([`1: error: file is too large: ${MAX_MANIFEST_BYTES + 6} bytes (the limit is ${MAX_MANIFEST_BYTES} bytes)`]);
  });

  it('refuses an alias bomb', () => {
    const bomb = `apiVersion: v1
kind: ConfigMap
metadata: {name: lol}
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
`;
    expect(diags(loadManifestText(bomb, 'bomb.yaml'))).toEqual([
      '1: error: invalid YAML: Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('refuses deep nesting of every shape', () => {
    const deep = '1: error: nesting too deep: more than 100 levels';
    expect(diags(loadManifestText('['.repeat(2_000_000), 'flow.yaml'))).toEqual([deep]);
    expect(diags(loadManifestText(`${'{a: '.repeat(101)}1${'}'.repeat(101)}`, 'map.yaml'))).toEqual([deep]);
    expect(diags(loadManifestText(`${'- '.repeat(2_000_000)}x`, 'dash.yaml'))).toEqual([deep]);
    expect(diags(loadManifestText(`a: ${'- '.repeat(2_000_000)}x`, 'dash-after-key.yaml'))).toEqual([deep]);
    const block = `${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`;
    expect(diags(loadManifestText(block, 'block.yaml'))).toEqual(['101: error: nesting too deep: more than 100 levels']);
    // 100 levels is allowed: the limit is not off by one.
    expect(diags(loadManifestText(`${'['.repeat(100)}${']'.repeat(100)}`, 'ok.yaml'))).toEqual([
      '1: error: expected a Kubernetes object (a mapping with apiVersion and kind), found a sequence',
    ]);
  });

  it('refuses documents and files with more nodes than any real manifest', () => {
    expect(diags(loadManifestText('- 1\n'.repeat(MAX_NODES_PER_DOCUMENT + 1), 'seq.yaml'))).toEqual([
      `${MAX_NODES_PER_DOCUMENT + 1}: error: too many YAML nodes: more than ${MAX_NODES_PER_DOCUMENT} in one document`,
    ]);
    const doc = `${'- 1\n'.repeat(MAX_NODES_PER_DOCUMENT / 2)}---\n`;
    const docs = doc.repeat(MAX_NODES_PER_FILE / (MAX_NODES_PER_DOCUMENT / 2) + 1);
    const r = loadManifestText(docs, 'many.yaml');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe(`too many YAML nodes: more than ${MAX_NODES_PER_FILE} in one file`);
  });

  it('refuses mapping keys that are collections (JavaScript objects cannot hold them; stringifying is exponential)', () => {
    expect(diags(loadManifestText(`${'? '.repeat(60)}x\n`, 'q.yaml'))).toEqual(['1: error: mapping keys must be strings']);
    expect(diags(loadManifestText('[a]: 1\n', 'k.yaml'))).toEqual(['1: error: mapping keys must be strings']);
  });
});

describe('loadManifestPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubedrill-manifest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  mkdirSync(join(dir, 'b-dir', 'nested'), { recursive: true });
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'z.yaml'), cm('z'));
  writeFileSync(join(dir, 'a.yml'), cm('a'));
  writeFileSync(join(dir, 'b-dir', 'nested', 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
  writeFileSync(join(dir, 'b-dir', 'notes.txt'), 'not a manifest');
  writeFileSync(join(dir, 'manifest.txt'), cm('txt'));
  symlinkSync(dir, join(dir, 'b-dir', 'loop'));

  it('walks directories recursively in sorted order, picking *.yaml, *.yml and *.json, following symlinks once', () => {
    const r = loadManifestPaths([dir]);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => o.object.metadata.name)).toEqual(['a', 'c', 'z']);
    expect(r.objects.map((o) => o.source.file)).toEqual([join(dir, 'a.yml'), join(dir, 'b-dir', 'nested', 'c.json'), join(dir, 'z.yaml')]);
  });

  it('loads a file named explicitly whatever its extension', () => {
    expect(loadManifestPaths([join(dir, 'manifest.txt')]).objects.map((o) => o.object.metadata.name)).toEqual(['txt']);
  });

  it('names unreadable paths and empty directories', () => {
    const missing = join(dir, 'missing.yaml');
    const r = loadManifestPaths([missing, join(dir, 'empty')]);
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `${missing}: error: cannot read: no such file or directory`,
      `${join(dir, 'empty')}: warning: no manifests found (looked for *.yaml, *.yml and *.json)`,
    ]);
  });
});

describe('formatDiagnostic and helpers', () => {
  it('prints file:line: severity: message', () => {
    expect(formatDiagnostic({ severity: 'error', file: 'fixtures/apps/bad.yaml', line: 14, message: 'Deployment.apps "web" is invalid: x' }))
      .toBe('fixtures/apps/bad.yaml:14: error: Deployment.apps "web" is invalid: x');
    expect(formatDiagnostic({ severity: 'warning', file: 'dir', line: 0, message: 'm' })).toBe('dir: warning: m');
  });

  it('splits field paths, map keys included', () => {
    expect(splitFieldPath('spec.template.spec.containers[0].image')).toEqual(['spec', 'template', 'spec', 'containers', '0', 'image']);
    expect(splitFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
  });

  it('describes objects as kind/name (namespace), cluster-scoped without one', () => {
    expect(describeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' } })).toBe('Pod/p (ns)');
    expect(describeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toBe('Pod/p (default)');
    expect(describeObject({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } })).toBe('Node/n');
  });
});
