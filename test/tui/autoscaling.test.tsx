import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../source/api/meta.js';
import type { NodePool } from '../../source/api/kubedrill-kinds.js';
import { formatMilliCPU } from '../../source/api/quantity.js';
import { createAll } from '../sim-helpers.js';
import { deployment, type Harness, KEY, pod, startApp, until } from './helpers.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

/** An autoscaled pool of 2-CPU nodes at $0.50 an hour, 1–3 nodes, joining 60 s after they are requested. */
const SPOT: NodePool = {
  name: 'spot', count: 1, capacity: { cpu: '2', memory: '8Gi', pods: '110' }, costPerHour: 0.5,
  autoscaling: { enabled: true, min: 1, max: 3, provisioningDelaySeconds: 60 },
} as NodePool;

function hpa(name: string, min: number, max: number): KubeObject {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: min, maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    },
  } as KubeObject;
}

function service(name: string, traffic?: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: 'default', annotations: traffic ? { 'sim.kubedrill.io/traffic': traffic } : {} },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 80 }] },
  } as KubeObject;
}

/** A Deployment whose pods only fit on the spot pool's nodes, one per node. */
function bigOnSpot(replicas: number): KubeObject {
  const d = deployment('big', replicas) as KubeObject & { spec: { template: { spec: Record<string, unknown> } } };
  d.spec.template.spec = {
    nodeSelector: { 'kubedrill.io/node-pool': 'spot' },
    containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '1500m', memory: '64Mi' } } }],
  };
  return d;
}

/** The whole frame as the controller draws it, at whatever size it was given (ink-testing-library prints 100 columns). */
function screen(h: Harness): string {
  return h.app.frame().map((l) => l.map((s) => s.text).join('')).join('\n');
}

/** The colour the frame draws `text` in (a row's cells share the row's colour). */
function rowColor(h: Harness, text: string): string | undefined {
  for (const line of h.app.frame()) for (const s of line) if (s.text.includes(text)) return s.color;
  return undefined;
}

describe('the terminal UI: autoscaling views', () => {
  it('`:hpa` shows kubectl\'s HPA columns, TARGETS from metrics, and the row red when REPLICAS is at MAXPODS', async () => {
    h = await startApp({ objects: [deployment('web', 2), hpa('web', 1, 2), deployment('api', 1), hpa('api', 1, 5)], advanceMs: 120_000 });
    const f = await h.press(':hpa default\r', 'horizontalpodautoscalers(default)[2]');
    expect(f).toMatch(/NAME↑\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE/);
    expect(f).toMatch(/api\s+Deployment\/api\s+cpu: \d+%\/60%\s+1\s+5\s+1\s+2m/);
    expect(f).toMatch(/web\s+Deployment\/web\s+cpu: \d+%\/60%\s+1\s+2\s+2\s+2m/);
    expect(rowColor(h, 'Deployment/web')).toBe('redBright');
    expect(rowColor(h, 'Deployment/api')).toBe('cyan');
    // describe: kubectl describe hpa.
    await h.press('jd', 'describe(default/web)');
    await h.waitFor(/Min replicas:\s+1/);
    await h.waitFor(/Max replicas:\s+2/);
  });

  it('`:vpa` shows the VPA CRD\'s printer columns', async () => {
    const vpa = {
      apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
      spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, updatePolicy: { updateMode: 'Off' } },
    } as KubeObject;
    h = await startApp({ objects: [deployment('web', 1), vpa], advanceMs: 30_000 });
    const f = await h.press(':vpa\r', 'verticalpodautoscalers(all)[1]');
    expect(f).toMatch(/NAMESPACE\s+NAME↑\s+MODE\s+CPU\s+MEM\s+PROVIDED\s+AGE/);
    expect(f).toMatch(/default\s+web\s+Off/);
  });

  it('the header shows the cost so far and the current rate next to the clock', async () => {
    h = await startApp({ cluster: { pools: [SPOT] } });
    await h.waitFor('Cost:    $0.00 (+$0.50/h)');
    h.client.advance(3_600_000);
    h.app.tick();
    await h.waitFor('Cost:    $0.50 (+$0.50/h)');
    // Narrow terminals get the short form, and the key hints still fit beside it (cut if they must be).
    h.app.resize(80, 24);
    const f = screen(h);
    expect(f).toContain('Cost:    $0.50 +$0.50/h');
    expect(f).toMatch(/Clock:\s+01:00:00\s+<\?> Help/);
    for (const line of f.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('the header counts the nodes that exist: a deleted node is gone even while its pods are still counted', async () => {
    h = await startApp({ objects: [pod('web-1')], advanceMs: 30_000 });
    await h.waitFor('Nodes:   4 (4 Ready)');
    const node = h.client.get<KubeObject & { spec?: { nodeName?: string } }>('Pod', 'default', 'web-1')!.spec!.nodeName!;
    h.sim.store.delete('Node', undefined, node);
    h.sim.engine.settle();
    h.app.tick();
    await h.waitFor('Nodes:   3 (3 Ready)');
    // web-1 and the node's kube-proxy.
    expect(h.app.summary.nodes.get(node)).toMatchObject({ exists: false, pods: 2 });
    for (const p of h.client.podsOnNode(node)) h.client.delete('Pod', p.metadata.namespace, p.metadata.name!, { force: true, gracePeriodSeconds: 0 });
    h.app.tick();
    await until(() => expect(h!.app.summary.nodes.has(node)).toBe(false));
    expect(h.lastFrame()).toContain('Nodes:   3 (3 Ready)');
  });

  it('`:nodegroups` lists every pool with the autoscaler\'s sizes and the cost; a scale-up shows as upcoming, then current', async () => {
    h = await startApp({ cluster: { pools: [SPOT] } });
    await h.press(':nodegroups\r', 'nodegroups[3]');
    h.app.resize(160, 40);
    let f = screen(h);
    expect(f).toMatch(/NAME↑\s+MIN\s+MAX\s+CURRENT\s+UPCOMING\s+TARGET\s+\$\/HOUR\s+COST SO FAR\s+HEALTH\s+SCALE-UP\s+LAST ACTIVITY/);
    expect(f).toMatch(/control-plane\s+-\s+-\s+1\s+-\s+-\s+\$0\.00\s+\$0\.00\s+-\s+-\s+<none>/);
    expect(f).toMatch(/spot\s+1\s+3\s+1\s+0\s+1\s+\$0\.50\s+\$0\.00\s+Healthy\s+NoActivity\s+<none>/);
    expect(f).toContain('no scale-up or scale-down yet');
    // Two pods that need a spot node each: one is Pending, so the autoscaler asks for a second node.
    createAll(h.sim, [bigOnSpot(2)]);
    h.client.advance(20_000);
    await until(() => expect(screen(h!)).toMatch(/spot\s+1\s+3\s+1\s+1\s+2\s+\$1\.00\s+\$0\.0\d\s+Healthy\s+InProgress\s+ScaleUp \(\d+s ago\)/));
    f = screen(h);
    expect(f).toMatch(/autoscaler activity/);
    expect(f).toMatch(/\d\d:\d\d:\d\d spot ScaleUp 1 -> 2 \(max: 3\) for 1 pod\(s\)/);
    expect(rowColor(h, 'InProgress')).toBe('yellow');
    h.client.advance(90_000);
    await until(() => expect(screen(h!)).toMatch(/spot\s+1\s+3\s+2\s+0\s+2\s+\$1\.00/));
    // describe: sizes, cost, nodes and the group's activity.
    await h.press('jd', 'describe(nodegroup/spot)');
    f = await h.waitFor(/Target size:\s+2/);
    expect(f).toMatch(/Price per node-hour:\s+\$0\.50/);
    expect(f).toMatch(/Nodes:\s+spot-0, spot-\S+/);
    expect(f).toContain('Activity:');
    // enter: the group's nodes.
    await h.press(KEY.esc);
    await h.press(KEY.enter, 'nodes(pool:spot)[2]');
  });
});

describe('the terminal UI: traffic', () => {
  it('`:traffic` shows each Service\'s rate, availability, latency and endpoints', async () => {
    h = await startApp({ objects: [deployment('web', 2), service('web', '200'), service('quiet')], advanceMs: 120_000 });
    const f = await h.press(':traffic\r', 'traffic(all)[1]');
    expect(f).toMatch(/NAMESPACE\s+NAME\s+REQ\/S↓\s+FAILED\/S\s+AVAIL-5M\s+AVAIL\s+LATENCY\s+ENDPOINTS\s+MODEL/);
    expect(f).toMatch(/default\s+web\s+200\s+0\.0\s+[\d.]+%\s+[\d.]+%\s+\d+ms\s+2\s+constant\(rate=200\)/);
    expect(f).not.toContain('quiet');
    // `/` filters, esc clears; shift-n sorts by name.
    await h.press('/nomatch\r', 'no rows match the filter');
    await h.press(KEY.esc, /web\s+200/);
    await h.press('N', /NAME↑/);
    // enter: the Service's pods; d: its describe.
    await h.press(KEY.enter, 'pods(default:web)[2]');
    await h.press(KEY.esc + 'd', 'describe(default/web)');
    await h.waitFor(/Endpoints:\s+\S+/);
  });

  it('`t` on a Service sets its traffic live; a model that does not parse shows the parser\'s error and changes nothing', async () => {
    h = await startApp({ objects: [deployment('web', 2), service('web', '200')], advanceMs: 60_000 });
    const traffic = h.client.traffic!;
    await h.press(':svc default\r', 'services(default)[2]');
    await h.press('j', /▸?\s*web\s+ClusterIP/);
    let f = await h.press('t', 'now: constant(rate=200) (annotation)');
    expect(f).toContain('service default/web');
    // Bad input: the parser's message, the dialog stays, the model is unchanged.
    f = await h.press('spike(base=200,peak=lots,at=1m,for=10m)\r', 'got "lots"');
    expect(f).toContain('traffic model "spike": parameter "peak": expected a rate in');
    expect(h.app.dialog?.error).toBe('traffic model "spike": parameter "peak": expected a rate in requests per second (a number ≥ 0), got "lots"');
    expect(traffic.model('default', 'web')).toMatchObject({ text: 'constant(rate=200)', source: 'annotation' });
    // Good input: applied, counted from now.
    await h.press('\x15spike(base=200,peak=2000,at=1m,for=10m)\r');
    await h.waitForFlash('service/web traffic set to spike(base=200,peak=2000,at=1m,for=10m,rise=30s)');
    const m = traffic.model('default', 'web')!;
    expect(m).toMatchObject({ source: 'live' });
    expect(m.originMs).toBe(h.client.now());
    // A minute and a half later the spike is at its peak.
    h.client.advance(90_000);
    h.app.tick();
    expect(traffic.sli('default', 'web')!.rate).toBe(2000);
    await h.press(':traffic\r', /web\s+2\.0k\s/);
    // `t` in the traffic view too: a constant rate, then empty goes back to the annotation.
    await h.press('t', 'now: spike(base=200,peak=2000,at=1m,for=10m,rise=30s) (live)');
    await h.press('\x15' + '500\r');
    await h.waitForFlash('service/web traffic set to constant(rate=500)');
    await h.press('t\x15\r');
    await h.waitForFlash('service/web live traffic cleared; the annotation\'s constant(rate=200) applies');
  });

  it('`m` follows a Service\'s traffic, a Deployment and an HPA\'s target in the metrics pane', async () => {
    h = await startApp({ objects: [deployment('web', 2), service('web', '200'), hpa('web', 1, 4)], advanceMs: 120_000 });
    h.app.tick();
    let f = await h.press(':traffic\rm', /metrics\(last \d+m\) web /);
    expect(f).toMatch(/svc req\/s\s+\S+\s+200/);
    expect(f).toMatch(/svc avail\s+\S+\s+[\d.]+%/);
    expect(f).toContain('<traffic>   <metrics>');
    f = await h.press(':deploy default\rm', /deploy CPU\s+\S+\s+\d+m/);
    expect(f).toMatch(/deploy pods\s+\S+\s+2/);
    f = await h.press(':hpa default\rm', 'web → deployment/web');
    expect(f).toMatch(/deploy pods\s+\S+\s+2/);
  });
});

describe('the terminal UI: usage columns', () => {
  it('pods show metrics-server\'s usage (n/a until a pod has two scrapes), with its share of the requests', async () => {
    h = await startApp({ objects: [pod('web-1', { cpu: '100m' })], advanceMs: 60_000 });
    const sample = h.client.metrics!.podMetrics('default', 'web-1')!;
    const cpu = sample.containers.reduce((s, c) => s + c.cpuMilli, 0);
    let f = await h.press(':po default\r', 'pods(default)[1]');
    expect(f).toMatch(/NAME↑\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+CPU\s+MEM\s+%CPU\/R\s+%MEM\/R/);
    expect(f).toMatch(new RegExp(`web-1\\s+1/1\\s+Running\\s+0\\s+60s\\s+${formatMilliCPU(cpu)}\\s+\\d+Mi\\s+${Math.floor(cpu)}%\\s+\\d+%`));
    // A new pod: the kubelet reports usage as soon as it runs, metrics-server only after two scrapes.
    h.client.sim.store.create(pod('web-2'));
    h.client.advance(10_000);
    expect(h.client.podUsage('default', 'web-2')).toBeDefined();
    f = await h.waitFor(/web-2\s+1\/1\s+Running\s+0\s+10s\s+n\/a\s+n\/a\s+n\/a\s+n\/a/);
    h.client.advance(30_000);
    await until(() => expect(h!.lastFrame()).toMatch(/web-2\s+1\/1\s+Running\s+0\s+40s\s+\d+m\s+\d+Mi/));
  });
});
