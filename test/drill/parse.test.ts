import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../source/api/manifest.js';
import { expandRange } from '../../source/drill/parse-fields.js';
import { DEFAULT_WARMUP_MS, loadDrillFile, parseDrillText } from '../../source/drill/parse.js';
import { DEFAULT_WEIGHTS } from '../../source/drill/scoring.js';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/drill/fixtures');
const scenarios = join(root, 'scenarios');

/** A valid drill body; `patch` replaces lines (by their start) to make one mistake at a known line. */
const BASE = [
  'apiVersion: kubedrill.io/v1', //   1
  'kind: Drill', //                    2
  'metadata:', //                      3
  '  name: t', //                      4
  'spec:', //                          5
  '  setup:', //                       6
  '    cluster: cluster.yaml', //      7
  '    manifests: [web.yaml]', //      8
  '  duration: 5m', //                 9
  '  timeline:', //                   10
  '    - name: boom', //              11
  '      at: 1m', //                  12
  '      actions:', //                13
  '        - message: hello', //      14
  '  objectives:', //                 15
  '    - name: up', //                16
  '      after: boom', //             17
  '      within: 2m', //              18
  '      probe: {type: ready-replicas, name: web, min: 2}', // 19
];

function parse(lines: string[]) {
  return parseDrillText(`${lines.join('\n')}\n`, join(fixtures, 't.yaml'));
}

/** The drill with line `n` (1-based) replaced by `text` (or several lines). */
function withLine(n: number, ...text: string[]): string[] {
  return [...BASE.slice(0, n - 1), ...text, ...BASE.slice(n)];
}

function errors(lines: string[]): string[] {
  const r = parse(lines);
  expect(r.drill).toBeUndefined();
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}: ${d.message}`);
}

describe('drill files: good', () => {
  it('reads a minimal drill with its defaults', () => {
    const r = parse(BASE);
    expect(r.diagnostics).toEqual([]);
    const d = r.drill!;
    expect(d).toMatchObject({
      name: 't', title: 't', difficulty: 'intermediate', namespace: 'default', durationMs: 300_000,
      setup: { cluster: { file: join(fixtures, 'cluster.yaml') }, manifests: [join(fixtures, 'web.yaml')], speed: 1, warmupMs: DEFAULT_WARMUP_MS, traffic: [] },
      scoring: { slo: 99.9, passScore: 0, weights: DEFAULT_WEIGHTS },
    });
    expect(d.timeline).toEqual([{ name: 'boom', atMs: 60_000, after: undefined, when: undefined, path: 'spec.timeline[0]', actions: [{ type: 'message', text: 'hello', path: 'spec.timeline[0].actions[0]' }] }]);
    expect(d.objectives[0]).toMatchObject({ name: 'up', mode: 'reach', after: 'boom', withinMs: 120_000, weight: 1 });
    expect(d.objectives[0]!.probes[0]).toMatchObject({ type: 'ready-replicas', kind: 'Deployment', namespace: 'default', name: 'web', min: 2, label: 'deployment/web ready replicas ≥ 2' });
    expect(d.lineOf('spec.objectives[0].probe')).toBe(19);
  });

  it('reads every shipped drill in scenarios/ without a problem', () => {
    const files = readdirSync(scenarios).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) {
      const r = loadDrillFile(join(scenarios, f));
      expect(r.diagnostics.map(formatDiagnostic), f).toEqual([]);
      expect(r.drill?.responses.length, f).toBeGreaterThan(0);
      expect(r.drill?.objectives.length, f).toBeGreaterThan(0);
      expect(`${r.drill?.name}.yaml`).toBe(f);
    }
  });

  it('fills in namespaces, kinds and faults from the drill defaults', () => {
    const r = parse([
      ...BASE.slice(0, 4), 'spec:', '  namespace: shop', ...BASE.slice(5, 13),
      '        - fault: {type: pod-kill, target: {kind: Pod, selector: {matchLabels: {app: web}}, mode: fixed, value: 1}, params: {force: true}, duration: 30s}',
      '        - traffic: {service: web, model: "spike(base=10,peak=100,at=0s,for=1m)"}',
      '        - {action: set-resources, name: web, limits: {memory: 1Gi, cpu: 2}}',
      '        - {action: delete, kind: Node, name: workers-0}',
      ...BASE.slice(14),
    ]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const [fault, traffic, setRes, del] = r.drill!.timeline[0]!.actions;
    expect(fault).toMatchObject({ type: 'fault', fault: { type: 'pod-kill', target: { kind: 'Pod', namespace: 'shop', mode: 'fixed', value: 1 }, params: { force: true }, durationMs: 30_000 } });
    expect(traffic).toMatchObject({ type: 'traffic', setting: { namespace: 'shop', service: 'web', model: { kind: 'spike', base: 10, peak: 100 } } });
    expect(setRes).toMatchObject({ type: 'action', action: { action: 'set-resources', kind: 'Deployment', namespace: 'shop', name: 'web', limits: { memory: '1Gi', cpu: '2' } } });
    // Nodes are cluster-scoped: no namespace.
    expect(del).toMatchObject({ type: 'action', action: { action: 'delete', kind: 'Node', name: 'workers-0' } });
    expect((del as { action: { namespace?: string } }).action.namespace).toBeUndefined();
  });

  it('expands {a..b} ranges in claim names', () => {
    expect(expandRange('datadir-db-{0..2}')).toEqual(['datadir-db-0', 'datadir-db-1', 'datadir-db-2']);
    expect(expandRange('x-{3..3}-y')).toEqual(['x-3-y']);
    expect(expandRange('plain')).toEqual(['plain']);
    expect(expandRange('bad-{2..1}')).toEqual(['bad-{2..1}']);
  });

  it('accepts an inline Cluster, checked like a manifest', () => {
    const inline = ['    cluster:', '      apiVersion: kubedrill.io/v1', '      kind: Cluster', '      metadata: {name: c}', '      spec:',
      '        nodePools: [{name: w, count: 1, capacity: {cpu: "2", memory: 4Gi, pods: "110"}}]'];
    const r = parse(withLine(7, ...inline));
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.drill!.setup.cluster).toMatchObject({ inline: { kind: 'Cluster', metadata: { name: 'c' } }, line: 7 });
  });
});

describe('drill files: bad, each with its file:line', () => {
  it('a bad duration', () => {
    expect(errors(withLine(12, '      at: 5x'))).toEqual([
      '12: spec.timeline[0].at: Invalid value: "5x": invalid duration "5x": expected a number with a unit (ms, s, m, h, d), e.g. 30s, 5m, 1h30m',
    ]);
    expect(errors(withLine(9, '  duration: -5'))).toEqual(['9: spec.duration: Invalid value: -5: invalid duration -5: must be a non-negative number of seconds']);
    expect(errors(withLine(18, '      within: soon'))[0]).toMatch(/^18: spec\.objectives\[0\]\.within: Invalid value: "soon": invalid duration/);
  });

  it('an unknown probe type lists the vocabulary', () => {
    const [e] = errors(withLine(19, '      probe: {type: ready-pods, name: web}'));
    expect(e).toMatch(/^19: spec\.objectives\[0\]\.probe\.type: Unsupported value: "ready-pods": supported values: "service-availability", "service-latency", /);
    expect(e).toContain('"field"');
  });

  it('unknown fields, wrong apiVersion and kind, missing duration', () => {
    expect(errors(['apiVersion: v1', 'kind: Drill', 'metadata: {name: t, colour: red}', 'spec:', '  setup: {cluster: cluster.yaml}'])).toEqual([
      '1: apiVersion: Invalid value: "v1": must be "kubedrill.io/v1"',
      '3: metadata.colour: unknown field "colour" (known fields: name, title, description, difficulty)',
      '4: spec.duration: Required value',
    ]);
    expect(errors(withLine(2, 'kind: Drll'))).toEqual(['2: kind: Invalid value: "Drll": must be "Drill"']);
  });

  it('a probe missing a field or with one it does not take', () => {
    expect(errors(withLine(19, '      probe: {type: service-availability, service: web}'))).toEqual(['19: spec.objectives[0].probe.min: Required value']);
    expect(errors(withLine(19, '      probe: {type: cost, max: 1, service: web}'))).toEqual([
      '19: spec.objectives[0].probe.service: unknown field "service" (known fields: type, label, max, maxPerHour)',
    ]);
    expect(errors(withLine(19, '      probe: {type: pod-count, status: Running}'))).toEqual(['19: spec.objectives[0].probe.min: Required value: give min, max or equals']);
    expect(errors(withLine(19, '      probe: {type: field, kind: Gizmo, name: x, path: a, equals: 1}'))).toEqual([
      '19: spec.objectives[0].probe.kind: Invalid value: "Gizmo": not a kind the simulator holds',
    ]);
  });

  it('cross-references: anchors, step names, hints', () => {
    expect(errors(withLine(17, '      after: bom'))).toEqual(['17: spec.objectives[0].after: Invalid value: "bom": no timeline step is named "bom" (steps: boom)']);
    expect(errors([...BASE.slice(0, 14), '    - {name: boom, at: 2m, actions: [{message: again}]}', ...BASE.slice(14)])).toEqual([
      '15: spec.timeline[1].name: Invalid value: "boom": Duplicate value: timeline step names must be unique',
    ]);
    expect(errors([...BASE, '  responses:', '    - {at: 1m, action: hint, index: 0}'])).toEqual([
      '21: spec.responses[0].index: Invalid value: 0: the drill has 0 hints (index counts from 0)',
    ]);
    expect(errors([...BASE, '  responses:', '    - {at: 6m, action: cordon, node: w-0}'])).toEqual([
      '21: spec.responses[0].at: Invalid value: "6m": is after the end of the drill (spec.duration)',
    ]);
    expect(errors([...BASE, '  responses:', '    - {at: 1m, action: reboot, node: w-0}'])[0]).toMatch(/^21: spec\.responses\[0\]\.action: Unsupported value: "reboot": supported values: "scale", /);
    expect(errors(withLine(14, '        - {revert: later}'))).toEqual(['14: spec.timeline[0].actions[0].revert: Invalid value: "later": must name this or an earlier timeline step']);
  });

  it('timeline steps need exactly one of at / when, and actions one kind each', () => {
    expect(errors(withLine(12, '      when: {type: nodes-ready, max: 1}', '      at: 1m'))).toEqual([
      '12: spec.timeline[0].when: Invalid value: "when": give at or when, not both',
    ]);
    expect(errors(withLine(14, '        - {message: hi, action: cordon, node: x}'))[0]).toMatch(/^14: spec\.timeline\[0\]\.actions\[0\]: Invalid value: "message,action,node": an action has exactly one of fault, traffic, message/);
  });

  it('faults, traffic models, selectors and quantities are checked for shape', () => {
    expect(errors(withLine(14, '        - fault: {type: node-crash, target: {kind: Node}}'))).toEqual([
      '14: spec.timeline[0].actions[0].fault.target.name: Required value: give name or selector',
    ]);
    expect(errors(withLine(14, '        - fault: {type: node-crash, target: {kind: Rack, name: r1}}'))[0]).toMatch(/^14: spec\.timeline\[0\]\.actions\[0\]\.fault\.target\.kind: Unsupported value: "Rack"/);
    expect(errors(withLine(14, '        - traffic: {service: web, model: "lots"}'))).toEqual([
      '14: spec.timeline[0].actions[0].traffic.model: Invalid value: "lots": invalid traffic model "lots": expected a rate such as 200 or a model such as spike(base=200,peak=2000,at=5m,for=10m)',
    ]);
    expect(errors(withLine(19, '      probe: {type: no-pending-pods, selector: {matchExpressions: [{key: app, operator: Near}]}}'))).toEqual([
      '19: spec.objectives[0].probe.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Near"}]}: "Near" is not a valid label selector operator',
    ]);
    expect(errors(withLine(14, '        - {action: set-resources, name: web, limits: {memory: lots}}'))).toEqual([
      '14: spec.timeline[0].actions[0].limits.memory: Invalid value: "lots": must be a quantity such as 500m, 1, 512Mi',
    ]);
  });

  it('missing files and an invalid inline Cluster', () => {
    expect(errors(withLine(8, '    manifests: [nope.yaml]'))[0]).toMatch(/^8: spec\.setup\.manifests\[0\]: Invalid value: "nope\.yaml": no such file or directory/);
    expect(errors(withLine(7, '    cluster: missing.yaml'))[0]).toMatch(/^7: spec\.setup\.cluster: Invalid value: "missing\.yaml": no such file/);
    const bad = errors(withLine(7, '    cluster:', '      apiVersion: kubedrill.io/v1', '      kind: Cluster', '      metadata: {name: c}', '      spec: {nodePools: [{name: w, count: -1, capacity: {cpu: "2"}}]}'));
    expect(bad).toEqual([
      '11: Cluster.kubedrill.io "c" is invalid: [spec.nodePools[0].count: Invalid value: -1: must be greater than or equal to 0, spec.nodePools[0].capacity[memory]: Required value]',
    ]);
  });

  it('YAML problems and documents', () => {
    const r = parseDrillText('apiVersion: kubedrill.io/v1\nkind: Drill\nmetadata: {name: t\nspec: {}\n', 'x.yaml');
    expect(r.drill).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', file: 'x.yaml' });
    expect(r.diagnostics[0]!.message).toMatch(/^invalid YAML/);
    const two = parseDrillText(`${BASE.join('\n')}\n---\n${BASE.join('\n')}\n`, join(fixtures, 't.yaml'));
    expect(two.diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual(['21: a drill file holds exactly one document (kind: Drill), found 2']);
    expect(loadDrillFile(join(fixtures, 'none.yaml')).diagnostics).toEqual([{ severity: 'error', file: join(fixtures, 'none.yaml'), line: 0, message: 'cannot read: no such file or directory' }]);
  });

  it('names and enumerations', () => {
    expect(errors(withLine(4, '  name: Node_Crash'))[0]).toMatch(/^4: metadata\.name: Invalid value: "Node_Crash": a lowercase RFC 1123 label/);
    expect(errors(withLine(16, '    - name: up', '      mode: sometimes'))[0]).toMatch(/^17: spec\.objectives\[0\]\.mode: Unsupported value: "sometimes": supported values: "reach", "hold", "end"/);
    expect(errors(withLine(18, '      mode: end', '      within: 2m'))).toEqual(['19: spec.objectives[0].within: Invalid value: "2m": an objective checked at the end (mode: end) has no deadline']);
  });
});
