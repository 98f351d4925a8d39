import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DrillReport, formatDrillLog, formatJUnit, formatMarkdown, formatSummary, loadDrillFile } from '../../source/drill/index.js';
import { DrillRunner } from '../../source/drill/runner.js';
import { xmlEscape } from '../../source/drill/report-junit.js';
import { xmlProblem } from './xml-check.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');
let passed: DrillReport;
let failed: DrillReport;

beforeAll(() => {
  const drill = loadDrillFile(join(fixtures, 'quick.yaml')).drill!;
  passed = new DrillRunner(drill, { freeze: true }).runToEnd();
  failed = new DrillRunner(drill, { freeze: true, responses: false }).runToEnd();
});

describe('the well-formedness check itself', () => {
  it('catches what it should', () => {
    expect(xmlProblem('<a><b x="1"/>t &amp; u</a>')).toBeUndefined();
    expect(xmlProblem('<a><b></a></b>')).toBe('unexpected </a>');
    expect(xmlProblem('<a x=1/>')).toMatch(/^bad attribute/);
    expect(xmlProblem('<a>x & y</a>')).toMatch(/^bad entity/);
    expect(xmlProblem('<a y="<"/>')).toBe('raw < in text in attribute y');
    expect(xmlProblem('<a/><b/>')).toBe('more than one root element');
    expect(xmlProblem('<a>\u0001</a>')).toBe('control character');
    expect(xmlProblem('<a>')).toBe('unclosed <a>');
  });
});

describe('JUnit XML', () => {
  it('a passing drill: one suite, every check a passing test case, with properties', () => {
    const xml = formatJUnit(passed);
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="kubedrill" tests="5" failures="0" errors="0" skipped="0" time="180\.000">/);
    expect(xml).toContain('<testsuite name="quick" tests="5" failures="0" errors="0" skipped="0" time="180.000">');
    expect(xml).toContain(`<property name="score" value="${passed.score}"/>`);
    expect(xml).toContain('<property name="verdict" value="pass"/>');
    expect(xml).toContain('<testcase classname="kubedrill.quick" name="objective: web back" time="50.000"/>');
    expect(xml).not.toContain('<failure');
  });

  it('a failing drill: failures with the objective and probe details', () => {
    const xml = formatJUnit(failed);
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain('tests="5" failures="2" errors="0"');
    expect(xml).toContain('<testcase classname="kubedrill.quick" name="objective: web back" time="90.000">');
    expect(xml).toContain('<failure message="reach objective failed at 01:30 (deadline 01:30)" type="DrillObjectiveFailed">FAILED deployment/web ready replicas ≥ 2: deployment default/web not found</failure>');
    expect(xml).toContain('<failure message="deviated: the steady state no longer holds"');
  });

  it('escapes everything, and an aborted drill is an error', () => {
    const nasty: DrillReport = JSON.parse(JSON.stringify(failed));
    nasty.drill.title = 'Tom & "Jerry" <crash> \'quote\' \u0001bell';
    nasty.objectives[0]!.name = '<script>&';
    nasty.objectives[0]!.probes = [{ label: 'a<b', ok: false, detail: 'x]]>y & z' }];
    nasty.verdict = 'aborted';
    nasty.steadyState!.beforeOk = false;
    const xml = formatJUnit(nasty);
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain('<property name="title" value="Tom &amp; &quot;Jerry&quot; &lt;crash&gt; &apos;quote&apos; bell"/>');
    expect(xml).toContain('name="objective: &lt;script&gt;&amp;"');
    expect(xml).toMatch(/errors="1"/);
    expect(xml).toContain('<error message="the steady state did not hold: " type="DrillAborted"/>');
    expect(xmlEscape('a\u0000b\uFFFEc')).toBe('abc');
  });
});

describe('text reports', () => {
  it('the summary names the verdict, score, objectives and measures', () => {
    const lines = formatSummary(failed).trimEnd().split('\n');
    expect(lines[0]).toBe(`Drill quick: Quick test drill — FAIL, score ${failed.score}/100 (seed 3, no responses)`);
    expect(lines[1]).toBe('  ✗ web back (failed at 01:30)');
    expect(lines[2]).toBe('  ✓ nothing stuck Pending (held throughout)');
    expect(lines).toContain('  objective "web back" failed');
    expect(formatSummary(passed).split('\n')[1]).toBe('  ✓ web back (met at 00:50, deadline 01:30)');
    expect(formatSummary(passed)).toMatch(/time to detect 15s · time to mitigate 20s · web availability [\d.]+% · error budget spent [\d.]+% \(SLO 99\.9%\) · cost \$0\.0\d · 1 action · 0 hints/);
  });

  it('Markdown: verdict, objectives, score breakdown, timeline', () => {
    const md = formatMarkdown(passed);
    expect(md.startsWith('# Drill quick: Quick test drill\n\n**PASS** — score ')).toBe(true);
    expect(md).toContain('| ✓ | web back | reach | 2 | met at 00:50, deadline 01:30 | deployment/web ready replicas ≥ 2: 2 ready (min 2) |');
    expect(md).toContain('| objectives | 60 | 100 | 2/2 objectives passed |');
    expect(md).toContain('| 00:30 | message | Pager: web is down |');
    expect(md).toContain('| 00:45 | action | response: apply -f web.yaml |');
  });

  it('JSON carries the replayable log', () => {
    expect(passed.log).toMatchObject({ apiVersion: 'kubedrill.io/v1', kind: 'DrillLog', name: 'quick', seed: 3, responses: true });
    expect(passed.log.actions.map((a) => [a.atMs, a.actor])).toEqual([[30_000, 'scenario'], [45_000, 'response']]);
    const text = formatDrillLog(passed.log);
    expect(JSON.parse(text)).toEqual(passed.log);
    expect(text.split('\n').filter((l) => l.startsWith('    {"atMs"'))).toHaveLength(2);
  });
});
