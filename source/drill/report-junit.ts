/**
 * A drill report as JUnit XML, the format every CI reads: one <testsuite> per drill, one <testcase> per objective
 * (skipped objectives as <skipped/>), plus the steady state before and after and the pass score. Times are drill
 * (virtual) seconds — the same on every run — and the score, seed and verdict are <properties>.
 */
import { formatDuration } from '../api/duration.js';
import { clockText } from './debrief.js';
import type { DrillReport } from './report.js';

/** Escape text for XML content and attribute values; drop characters XML 1.0 cannot hold. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

interface Case { name: string; timeMs: number; failure?: { message: string; body: string }; error?: string; skipped?: string }

function cases(r: DrillReport): Case[] {
  const out: Case[] = [];
  if (r.steadyState) {
    const bad = r.steadyState.before.filter((p) => !p.ok);
    const failure = r.steadyState.beforeOk ? undefined : { message: 'the steady state did not hold', body: bad.map((p) => `${p.label}: ${p.detail}`).join('\n') };
    // Not holding before the faults means the drill could not run: an error, not a failed check.
    out.push(r.verdict === 'aborted' ? { name: 'steady state before the faults', timeMs: 0, error: `${failure?.message}: ${failure?.body}` } : { name: 'steady state before the faults', timeMs: 0, failure });
  }
  for (const o of r.objectives) {
    const probes = o.probes.map((p) => `${p.ok ? 'ok' : 'FAILED'} ${p.label}: ${p.detail}`).join('\n');
    const c: Case = { name: `objective: ${o.name}`, timeMs: o.metAtMs ?? o.failedAtMs ?? r.clockMs };
    if (o.status === 'skipped') c.skipped = 'its anchor never fired';
    else if (o.status !== 'passed') {
      c.failure = { message: `${o.mode} objective ${o.status}${o.failedAtMs !== undefined ? ` at ${clockText(o.failedAtMs)}` : ''}${o.deadlineMs !== undefined ? ` (deadline ${clockText(o.deadlineMs)})` : ''}`, body: probes };
    }
    out.push(c);
  }
  if (r.steadyState && r.steadyState.afterOk !== undefined) {
    const bad = (r.steadyState.after ?? []).filter((p) => !p.ok);
    out.push({ name: 'steady state at the end', timeMs: r.clockMs, failure: r.steadyState.afterOk ? undefined : { message: 'deviated: the steady state no longer holds', body: bad.map((p) => `${p.label}: ${p.detail}`).join('\n') } });
  }
  const passScore = r.reasons.find((x) => x.startsWith('score '));
  out.push({ name: 'score', timeMs: r.clockMs, failure: passScore ? { message: passScore, body: '' } : undefined });
  return out;
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

/** The report as a JUnit XML document. */
export function formatJUnit(r: DrillReport): string {
  const list = cases(r);
  const failures = list.filter((c) => c.failure).length;
  const skipped = list.filter((c) => c.skipped).length;
  const errors = list.filter((c) => c.error).length;
  const suite = xmlEscape(r.drill.name);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kubedrill" tests="${list.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(r.clockMs)}">`,
    `  <testsuite name="${suite}" tests="${list.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(r.clockMs)}">`,
    '    <properties>',
    ...[['title', r.drill.title], ['file', r.drill.file], ['verdict', r.verdict], ['score', String(r.score)], ['seed', String(r.seed)], ['responses', String(r.responses)]]
      .map(([k, v]) => `      <property name="${k}" value="${xmlEscape(v!)}"/>`),
    '    </properties>',
  ];
  for (const c of list) {
    const open = `    <testcase classname="kubedrill.${suite}" name="${xmlEscape(c.name)}" time="${secs(c.timeMs)}"`;
    if (!c.failure && !c.skipped && !c.error) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    if (c.skipped) lines.push(`      <skipped message="${xmlEscape(c.skipped)}"/>`);
    if (c.error) lines.push(`      <error message="${xmlEscape(c.error)}" type="DrillAborted"/>`);
    if (c.failure) lines.push(`      <failure message="${xmlEscape(c.failure.message)}" type="DrillObjectiveFailed">${xmlEscape(c.failure.body)}</failure>`);
    lines.push('    </testcase>');
  }
  const story = r.timeline.map((e) => `${clockText(e.atMs)} ${e.kind} ${e.text}`).join('\n');
  lines.push(`    <system-out>${xmlEscape(`${r.drill.title}: ${r.verdict}, score ${r.score}/100 over ${formatDuration(r.durationMs)}\n${story}`)}</system-out>`);
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
