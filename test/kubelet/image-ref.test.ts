import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, globMatch, hexDigest, imageIdOf, parseImageRef, tryParseImageRef } from '../../source/kubelet/image-ref.js';

describe('image references', () => {
  it('normalises Docker Hub short names as containerd does', () => {
    expect(parseImageRef('nginx:1.27').full).toBe('docker.io/library/nginx:1.27');
    expect(parseImageRef('nginx').full).toBe('docker.io/library/nginx:latest');
    expect(parseImageRef('cockroachdb/cockroach:v24.3.5').full).toBe('docker.io/cockroachdb/cockroach:v24.3.5');
    expect(parseImageRef('cockroachdb/cockroach:v24.3.5').familiar).toBe('cockroachdb/cockroach');
    expect(parseImageRef('index.docker.io/library/redis:7').full).toBe('docker.io/library/redis:7');
  });

  it('keeps registries, ports and digests', () => {
    const r = parseImageRef('us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend:v0.10.1');
    expect(r.domain).toBe('us-central1-docker.pkg.dev');
    expect(r.familiar).toBe('us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend');
    expect(parseImageRef('localhost:5000/app').full).toBe('localhost:5000/app:latest');
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = parseImageRef(`nginx@${digest}`);
    expect(pinned.tag).toBeUndefined();
    expect(imageIdOf(pinned)).toBe(`docker.io/library/nginx@${digest}`);
  });

  it('refuses references the runtime refuses, in its words', () => {
    expect(() => parseImageRef('Nginx:1.27')).toThrow('invalid reference format: repository name (library/Nginx) must be lowercase');
    expect(() => parseImageRef('nginx:1.27 ')).toThrow('invalid reference format');
    expect(() => parseImageRef('nginx::1')).toThrow('invalid reference format');
    expect(() => parseImageRef('')).toThrow('invalid reference format');
    expect(() => parseImageRef('nginx@sha256:xyz')).toThrow('invalid reference format');
    expect(tryParseImageRef('-bad/name')).toBeUndefined();
  });

  it('defaults the pull policy like the API server', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
  });

  it('derives stable 64-hex digests and matches globs', () => {
    expect(hexDigest('x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hexDigest('x')).toBe(hexDigest('x'));
    expect(hexDigest('x')).not.toBe(hexDigest('y'));
    expect(globMatch('gcr.io/google-samples/*', 'gcr.io/google-samples/hello-app')).toBe(true);
    expect(globMatch('gcr.io/google-samples/*', 'gcr.io/other/hello-app')).toBe(false);
    expect(globMatch('*', 'anything')).toBe(true);
    expect(globMatch('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatch('a*b*c', 'axxbyy')).toBe(false);
  });
});
