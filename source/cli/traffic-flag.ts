/** `--traffic NAMESPACE/SERVICE=MODEL`: set a Service's traffic model from the command line (sim, tui). */
import { InvalidArgumentError } from 'commander';
import type { Simulation } from '../cluster/simulation.js';
import { parseTrafficModel } from '../traffic/model-parser.js';
import type { TrafficModel } from '../traffic/models.js';

export interface TrafficFlag { namespace: string; service: string; model: TrafficModel; text: string }

/** Commander's parser for one repeatable `--traffic` value: the model is checked before anything runs. */
export function trafficFlag(value: string, previous: TrafficFlag[] = []): TrafficFlag[] {
  const m = /^(?:([a-z0-9][-a-z0-9]*)\/)?([a-z0-9][-a-z0-9]*)=(.+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected [NAMESPACE/]SERVICE=MODEL, e.g. zeus-zap/frontend=spike(base=300,peak=5000,at=1m,for=10m); got "${value}"`);
  try {
    return [...previous, { namespace: m[1] ?? 'default', service: m[2]!, model: parseTrafficModel(m[3]!), text: m[3]! }];
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** Apply the flags at the simulation's start; a Service that does not exist is an error naming the flag. */
export function applyTrafficFlags(sim: Simulation, flags: readonly TrafficFlag[]): string[] {
  const errors: string[] = [];
  for (const f of flags) {
    try {
      sim.traffic.setModel(f.namespace, f.service, f.model);
    } catch (err) {
      errors.push(`--traffic ${f.namespace}/${f.service}=${f.text}: ${(err as Error).message}`);
    }
  }
  return errors;
}
