import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, runProgram } from '../../source/cli/program.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// CI clones the project with shared/ beside it.
const corpus = resolve(root, '../shared/corpus');
const bad = join(root, 'test/fixtures/bad-manifests');

/** Run the CLI in-process and collect what it printed. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runProgram(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr, lines: stdout.trimEnd().split('\n') };
}

describe('kubedrill (program shell)', () => {
  it('is named kubedrill and prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(buildProgram({ stdout: () => {}, stderr: () => {} }).name()).toBe('kubedrill');
    const r = await run('--version');
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect((await run('-V')).stdout).toBe(`${pkg.version}\n`);
  });

  it('prints help and exits 0 with no arguments, with --help, and with help <command>', async () => {
    for (const argv of [[], ['--help'], ['help']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: kubedrill \[options\] \[command\]/);
      expect(r.stdout).toMatch(/\n {2}validate \[options\] \[paths\.\.\.\]/);
      expect(r.stderr).toBe('');
    }
    const v = await run('help', 'validate');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^Usage: kubedrill validate \[options\] \[paths\.\.\.\]/);
    expect(v.stdout).toContain('-f, --filename <path...>');
  });

  it('rejects unknown commands and options with a clear message and exit code 2', async () => {
    const cmd = await run('deploy');
    expect(cmd).toMatchObject({ code: 2, stdout: '' });
    expect(cmd.stderr).toBe("error: unknown command 'deploy'\n(run kubedrill --help for usage)\n");
    const opt = await run('--frobnicate');
    expect(opt).toMatchObject({ code: 2, stdout: '' });
    expect(opt.stderr).toBe("error: unknown option '--frobnicate'\n(run kubedrill --help for usage)\n");
    const sub = await run('validate', '--nope', 'x.yaml');
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain("error: unknown option '--nope'");
    const missing = await run('validate', '-f');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: option '-f, --filename <path...>' argument missing");
  });

  it('surfaces exits as CommanderError instead of calling process.exit', async () => {
    const program = buildProgram({ stdout: () => {}, stderr: () => {} });
    await expect(program.parseAsync(['validate', join(bad, 'negative-replicas.yaml')], { from: 'user' }))
      .rejects.toMatchObject({ exitCode: 1, code: 'kubedrill.invalid' });
    await expect(buildProgram({ stdout: () => {}, stderr: () => {} }).parseAsync(['--version'], { from: 'user' }))
      .rejects.toBeInstanceOf(CommanderError);
  });
});

describe('kubedrill validate', () => {
  it('lists every object of the fixtures and the corpus and exits 0', async () => {
    const r = await run('validate', '-f', join(root, 'fixtures/clusters'), '-f', join(root, 'fixtures/apps/zeus-zap.yaml'), '-f', corpus);
    expect(r.code).toBe(0);
    const objects = r.lines.slice(0, -1);
    expect(objects).toHaveLength(65);
    // Directories are read in sorted order: cluster first, then the shop, then the corpus files by name.
    expect(objects.slice(0, 3)).toEqual(['Cluster/demo', 'Namespace/zeus-zap', 'ConfigMap/shop-config (zeus-zap)']);
    expect(objects).toContain('StatefulSet/cockroachdb (zeus-zap)');
    expect(objects).toContain('StorageClass/fast');
    expect(objects).toContain('PodDisruptionBudget/cockroachdb-budget (default)');
    expect(objects).toContain('HorizontalPodAutoscaler/gemma-server-hpa (default)');
    expect(objects.at(-1)).toBe('HorizontalPodAutoscaler/gemma-server-hpa (default)');
    // Warnings only: the removed PDB version, and the corpus files that define the same objects twice.
    expect(r.lines.at(-1)).toBe('65 objects, 0 errors, 4 warnings');
    expect(r.stderr).toContain(`${join(corpus, 'cockroachdb-statefulset.yaml')}:57: warning: policy/v1beta1 PodDisruptionBudget is deprecated`);
    expect(r.stderr).toContain(`${join(corpus, 'redis-master-replicationcontroller.yaml')}:1: warning: Deployment/redis-master (default) is defined again (first at ${join(corpus, 'guestbook-all-in-one.yaml')}:18)`);
    expect(r.stderr).not.toContain('error');
  });

  it('accepts paths as arguments as well as with -f, and validates the shop cleanly', async () => {
    const r = await run('validate', join(root, 'fixtures/apps/zeus-zap.yaml'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.lines.at(-1)).toBe('14 objects, 0 errors, 0 warnings');
  });

  it('exits 1 on a bad file, printing file:line: error: message', async () => {
    const file = join(bad, 'negative-replicas.yaml');
    const r = await run('validate', '-f', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('0 objects, 1 error, 0 warnings\n');
    expect(r.stderr).toBe(`${file}:9: error: Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n`);
  });

  it('exits 0 on warnings alone, and prints warnings before errors', async () => {
    const warned = await run('validate', join(bad, 'misspelled-field.yaml'));
    expect(warned.code).toBe(0);
    expect(warned.stdout).toBe('Deployment/web (shop)\n1 object, 0 errors, 2 warnings\n');
    const mixed = await run('validate', join(bad, 'unknown-kind.yaml'));
    expect(mixed.code).toBe(1);
    expect(mixed.stderr.split('\n').map((l) => l.replace(`${bad}/`, ''))).toEqual([
      'unknown-kind.yaml:13: warning: kind Ingress (networking.k8s.io/v1) is not simulated; skipped',
      'unknown-kind.yaml:7: error: no matches for kind "Widget" in version "example.com/v1"',
      '',
    ]);
  });

  it('walks a directory of broken examples and fails', async () => {
    const r = await run('validate', '-f', bad);
    expect(r.code).toBe(1);
    expect(r.lines.at(-1)).toMatch(/^\d+ objects, 7 errors, \d+ warnings$/);
  });

  it('names a missing path and fails; with no paths at all it is a usage error', async () => {
    const r = await run('validate', '-f', 'no/such/dir');
    expect(r).toMatchObject({ code: 1, stderr: 'no/such/dir: error: cannot read: no such file or directory\n' });
    const none = await run('validate');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: no manifests given');
  });
});
