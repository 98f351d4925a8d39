import { describe, expect, it } from 'vitest';
import { applySimAnnotations, simAnnotationProblems } from '../../source/kubelet/annotations.js';
import { parseLeakPerMinute, parseSeconds } from '../../source/kubelet/profile-values.js';
import { GENERIC_PROFILE, parseProfileCatalog } from '../../source/kubelet/profiles.js';
import { catalog } from './helpers.js';

describe('fixtures/images.yaml', () => {
  it('finds profiles by image name, with or without registry and tag', () => {
    const nginx = catalog.profileFor('nginx:1.27');
    expect(nginx.pullSeconds).toBe(3);
    expect(nginx.imageSizeBytes).toBe(67 * 1024 * 1024);
    expect(catalog.profileFor('docker.io/library/nginx:1.27-alpine')).toBe(nginx);
    expect(catalog.profileFor('cockroachdb/cockroach:v24.3.5').readySeconds).toBe(12);
    expect(catalog.profileFor('python:3.12-slim').memoryBytes).toBe(40 * 1024 * 1024);
    expect(catalog.profileFor('gcr.io/google-samples/hello-app:2.0').pullSeconds).toBe(5);
    expect(catalog.profileFor('us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend:v0.10.1').readySeconds).toBe(5);
    expect(catalog.profileFor('busybox:1.36').exitsWithoutCommand).toBe(true);
    expect(catalog.profileFor('registry.k8s.io/kube-apiserver:v1.32.2').readySeconds).toBe(12);
  });

  it('gives an unknown image the generic profile, and a missing tag the failing one', () => {
    const unknown = catalog.profileFor('example.com/team/service:1.0');
    expect(unknown).toBe(catalog.defaults);
    expect(unknown.pullSeconds).toBe(5);
    expect(catalog.profileFor('nginx:does-not-exist').imagePullError).toBe('not found');
    expect(catalog.profileFor('Not A Valid Image')).toBe(catalog.defaults);
  });

  it('keeps fractional millicores', () => {
    expect(catalog.profileFor('nginx').cpuPerRequestMilli).toBeCloseTo(0.2);
  });

  it('applies sim.kubedrill.io annotations, per container winning over pod-wide', () => {
    const base = catalog.profileFor('nginx:1.27');
    const ann = {
      'sim.kubedrill.io/crash-after': '30s', 'sim.kubedrill.io/memory-leak': '10Mi/min', 'sim.kubedrill.io/exit-code': '3',
      'sim.kubedrill.io/sidecar.crash-after': '2m', 'sim.kubedrill.io/fail-readiness': 'true', 'sim.kubedrill.io/cpu': '250m',
      'other.io/x': 'ignored',
    };
    const app = catalog.profileFor('nginx:1.27', ann, 'app');
    expect(app.crashAfterSeconds).toBe(30);
    expect(app.memoryLeakBytesPerMinute).toBe(10 * 1024 * 1024);
    expect(app.exitCode).toBe(3);
    expect(app.failReadiness).toBe(true);
    expect(app.cpuMilli).toBe(250);
    expect(catalog.profileFor('nginx:1.27', ann, 'sidecar').crashAfterSeconds).toBe(120);
    expect(base.crashAfterSeconds).toBeUndefined(); // the shared catalogue profile is not touched
    expect(applySimAnnotations(base, {}, 'app').profile).toBe(base);
  });

  it('reports annotations it cannot use and keeps the default', () => {
    const ann = {
      'sim.kubedrill.io/crash-after': 'soon', 'sim.kubedrill.io/exit-code': '300', 'sim.kubedrill.io/memory-leak': '10Mi',
      'sim.kubedrill.io/crash-aftr': '1m', 'sim.kubedrill.io/ghost.crash-after': '1m', 'sim.kubedrill.io/fail-readiness': 'yes',
    };
    const problems = simAnnotationProblems(ann, ['app']);
    expect(problems.map((p) => p.annotation)).toEqual([
      'sim.kubedrill.io/crash-after', 'sim.kubedrill.io/exit-code', 'sim.kubedrill.io/memory-leak',
      'sim.kubedrill.io/crash-aftr', 'sim.kubedrill.io/ghost.crash-after', 'sim.kubedrill.io/fail-readiness',
    ]);
    expect(problems[0]!.message).toBe('invalid duration "soon": expected a duration such as 30s, 2m or 1h30m; the profile default is used');
    expect(problems[3]!.message).toMatch(/^unknown setting "crash-aftr" \(known: pull-time, /);
    expect(problems[4]!.message).toBe('the pod has no container named "ghost"');
    const p = catalog.profileFor('nginx:1.27', ann, 'app');
    expect(p.crashAfterSeconds).toBeUndefined();
    expect(p.exitCode).toBeUndefined();
  });

  it('parses values', () => {
    expect(parseSeconds('1h30m')).toBe(5400);
    expect(parseSeconds('500ms')).toBe(0.5);
    expect(parseSeconds(45)).toBe(45);
    expect(() => parseSeconds('-1s')).toThrow();
    expect(parseLeakPerMinute('1Mi/s')).toBe(60 * 1024 * 1024);
    expect(parseLeakPerMinute('60Mi/h')).toBe(1024 * 1024);
    expect(() => parseLeakPerMinute('10Mi per minute')).toThrow('expected a memory quantity per time unit');
  });
});

describe('parseProfileCatalog', () => {
  it('reads defaults and entries, first match wins', () => {
    const c = parseProfileCatalog('defaults:\n  pullTime: 7s\nimages:\n  - match: redis\n    readyAfter: 4s\n  - match: ["*"]\n    cpu: 1\n');
    expect(c.profileFor('unknown').cpuMilli).toBe(1000);
    expect(c.profileFor('redis:7').readySeconds).toBe(4);
    expect(c.profileFor('redis:7').pullSeconds).toBe(7); // inherited from defaults
    expect(c.profileFor('redis:7').cpuMilli).toBe(GENERIC_PROFILE.cpuMilli);
    expect(parseProfileCatalog('').profileFor('x')).toEqual(GENERIC_PROFILE);
  });

  it('names the file, line and entry of a bad catalogue', () => {
    const bad = 'images:\n  - match: nginx\n    pullTime: 3s\n  - match: redis\n    pullTime: fast\n';
    expect(() => parseProfileCatalog(bad, 'fixtures/images.yaml')).toThrow(
      'fixtures/images.yaml:4: images[1] (match "redis"): pullTime: invalid duration "fast": expected a duration such as 30s, 2m or 1h30m');
    expect(() => parseProfileCatalog('images:\n  - pullTime: 3s\n', 'c.yaml')).toThrow('c.yaml:2: images[0]: match: expected an image name pattern or a list of them');
    expect(() => parseProfileCatalog('images:\n  - match: nginx\n    pulltime: 3s\n', 'c.yaml')).toThrow('unknown field "pulltime"');
    expect(() => parseProfileCatalog('imagez: []\n', 'c.yaml')).toThrow('c.yaml: unknown top-level field "imagez"');
    expect(() => parseProfileCatalog('images: {a: 1}\n', 'c.yaml')).toThrow('c.yaml:1: images: expected a list of entries');
    expect(() => parseProfileCatalog('images:\n  - match: "Bad Name"\n', 'c.yaml')).toThrow('invalid image pattern "Bad Name"');
    expect(() => parseProfileCatalog('images: [\n', 'c.yaml')).toThrow(/^c\.yaml:\d+: /);
    expect(() => parseProfileCatalog('defaults:\n  memory: lots\n', 'c.yaml')).toThrow('c.yaml:2: defaults: memory: invalid quantity "lots"');
  });
});
