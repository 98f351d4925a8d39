import { describe, expect, it } from 'vitest';
import { runProgram } from '../../source/cli/program.js';
import { DEMO_APP } from '../../source/cluster/load.js';

async function run(args: string[]) {
  let stdout = '', stderr = '';
  const code = await runProgram(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

describe('kubedrill sim --traffic', () => {
  it('sets a Service model from the command line: the HPA scales the frontend out', async () => {
    const r = await run(['sim', '-f', DEMO_APP, '--for', '5m', '--get', 'hpa', '-n', 'zeus-zap', '--traffic', 'zeus-zap/frontend=4000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n')[1]!.split(/\s+/);
    expect(row.slice(0, 2)).toEqual(['frontend', 'Deployment/frontend']);
    expect(Number(row[row.length - 2])).toBeGreaterThan(3);
  });

  it('rejects a malformed flag, a bad model and an unknown Service, each naming what is wrong (exit 2)', async () => {
    const shape = await run(['sim', '--for', '1m', '--traffic', 'frontend:4000']);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain('expected [NAMESPACE/]SERVICE=MODEL');
    const model = await run(['sim', '--for', '1m', '--traffic', 'frontend=spike(base=1)']);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('traffic model "spike": missing parameter "peak"');
    const missing = await run(['sim', '-f', DEMO_APP, '--for', '1m', '--traffic', 'zeus-zap/frontnd=4000']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: --traffic zeus-zap/frontnd=4000: traffic: services "frontnd" not found in namespace "zeus-zap"\n');
  });
});
