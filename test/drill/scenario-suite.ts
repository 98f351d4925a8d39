/**
 * Every shipped drill, headless: with its scripted response it passes; without, it fails with the objectives
 * listed here failed. Drills that need fault types the catalogue does not have yet are reported as skipped, with
 * the missing types in the test name. Split over several test files (by position) so they run in parallel.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultCatalog } from '../../source/chaos/catalog/index.js';
import { loadDrillFile } from '../../source/drill/parse.js';
import { DrillRunner } from '../../source/drill/runner.js';

const scenarios = resolve(import.meta.dirname, '../../scenarios');

/** The objectives each drill fails without a responder. */
export const FAILS_WITHOUT_RESPONSE: Record<string, string[]> = {
  'bad-rollout': ['rollout healthy again'],
  'control-plane-outage': ['hotfix rolled out'],
  'cost-cutting': ['bill under budget'],
  'drain-maintenance': ['workers-2 drained'],
  'network-partition': ['session-cache whole again'],
  'no-endpoints': ['endpoints back', 'error rate back under the SLO'],
  'node-crash': ['replicas restored', 'nothing scheduled on the dead node'],
  'oom-memory-leak': ['restarts stopped', 'error rate under the SLO'],
  'pending-pods': ['frontend scaled out', 'reports running', 'nothing left Pending'],
  'quota-blocks-scale-up': ['scaled out', 'errors back under 1%'],
  'scheduler-down': ['pods scheduled again', 'campaign capacity'],
  'traffic-spike': ['errors back under 1%', 'capacity added'],
  'zone-outage': ['stateless services restored'],
};

export const SCENARIO_FILES = readdirSync(scenarios).filter((f) => f.endsWith('.yaml')).sort();

/** Tests for the drills at positions where `pick(index)` holds. */
export function scenarioSuite(pick: (index: number) => boolean): void {
  const known = new Set(faultCatalog().map((t) => t.type));
  describe('shipped drills', () => {
    SCENARIO_FILES.forEach((file, index) => {
      if (!pick(index)) return;
      const { drill, diagnostics } = loadDrillFile(join(scenarios, file));
      const name = file.replace(/\.yaml$/, '');
      if (!drill) {
        it(`${name} parses`, () => expect(diagnostics).toEqual([]));
        return;
      }
      const types = drill.timeline.flatMap((s) => s.actions.flatMap((a) => (a.type === 'fault' ? [a.fault.type] : [])));
      // Every fault type a shipped drill uses must be in the catalogue.
      it(`${name} uses only catalogued fault types`, () => expect(types.filter((t) => !known.has(t))).toEqual([]));
      it(`${name} passes with its scripted response`, () => {
        const report = new DrillRunner(drill).runToEnd();
        expect(report.reasons, name).toEqual([]);
        expect(report.verdict).toBe('pass');
        expect(report.objectives.every((o) => o.status === 'passed')).toBe(true);
      }, 120_000);
      it(`${name} fails without a response, with the right objectives failed`, () => {
        const report = new DrillRunner(drill, { responses: false }).runToEnd();
        expect(report.verdict).toBe('fail');
        expect(report.objectives.filter((o) => o.status === 'failed').map((o) => o.name)).toEqual(FAILS_WITHOUT_RESPONSE[name]);
      }, 120_000);
    });
  });
}
