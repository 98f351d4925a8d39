/** Drill reports as text: the terminal summary and Markdown (the debrief as a document, e.g. a CI job summary). */
import { formatDuration } from '../api/duration.js';
import { clockText } from './debrief.js';
import type { DrillReport, ObjectiveReport } from './report.js';

const VERDICT = { pass: 'PASS', fail: 'FAIL', aborted: 'ABORTED' } as const;
const MARK = { passed: '✓', failed: '✗', skipped: '-', pending: '…', met: '✓' } as const;

function when(o: ObjectiveReport): string {
  if (o.status === 'passed' && o.metAtMs !== undefined) return `met at ${clockText(o.metAtMs)}${o.deadlineMs !== undefined ? `, deadline ${clockText(o.deadlineMs)}` : ''}`;
  if (o.status === 'passed') return o.mode === 'hold' ? 'held throughout' : 'held at the end';
  if (o.status === 'failed') return `failed at ${clockText(o.failedAtMs ?? 0)}${o.mode === 'hold' ? `, held ${o.successPct}% of the time` : ''}`;
  if (o.status === 'skipped') return 'skipped: its anchor never fired';
  return o.status;
}

function measures(r: DrillReport): string[] {
  const m = r.metrics;
  const out = [
    `time to detect ${m.timeToDetectMs === undefined ? '—' : formatDuration(m.timeToDetectMs)}`,
    `time to mitigate ${m.timeToMitigateMs === undefined ? '—' : formatDuration(m.timeToMitigateMs)}`,
  ];
  for (const s of m.services) out.push(`${s.name} availability ${s.availability}%`);
  if (m.errorBudgetSpentPct !== undefined) out.push(`error budget spent ${m.errorBudgetSpentPct}% (SLO ${m.slo}%)`);
  out.push(`cost $${m.cost.toFixed(2)}`, `${m.actions} action${m.actions === 1 ? '' : 's'}`, `${m.hintsUsed.length} hint${m.hintsUsed.length === 1 ? '' : 's'}`);
  if (m.podsKilled) out.push(`${m.podsKilled} pod${m.podsKilled === 1 ? '' : 's'} killed`);
  if (m.pdbViolations) out.push(`${m.pdbViolations} PDB violation${m.pdbViolations === 1 ? '' : 's'}`);
  return out;
}

/** The few lines `kubedrill run` prints. */
export function formatSummary(r: DrillReport): string {
  const lines = [`Drill ${r.drill.name}: ${r.drill.title} — ${VERDICT[r.verdict]}, score ${r.score}/100 (seed ${r.seed}${r.responses ? '' : ', no responses'})`];
  for (const o of r.objectives) lines.push(`  ${MARK[o.status]} ${o.name} (${when(o)})`);
  if (r.steadyState?.afterOk === false) lines.push('  ✗ steady state at the end: deviated');
  lines.push(`  ${measures(r).join(' · ')}`);
  for (const reason of r.reasons) lines.push(`  ${reason}`);
  return `${lines.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as Markdown. */
export function formatMarkdown(r: DrillReport): string {
  const out: string[] = [];
  out.push(`# Drill ${r.drill.name}: ${r.drill.title}`, '');
  out.push(`**${VERDICT[r.verdict]}** — score **${r.score}/100** · seed ${r.seed} · ${formatDuration(r.durationMs)} of drill time · ${r.drill.difficulty}${r.responses ? '' : ' · scripted responses off'}`, '');
  if (r.drill.description) out.push(r.drill.description.trim(), '');
  if (r.reasons.length) out.push(...r.reasons.map((x) => `- ${x}`), '');
  out.push('## Objectives', '', '| | Objective | Mode | Weight | Result | Last check |', '|---|---|---|---|---|---|');
  for (const o of r.objectives) {
    out.push(`| ${MARK[o.status]} | ${cell(o.name)} | ${o.mode} | ${o.weight} | ${cell(when(o))} | ${cell(o.probes.map((p) => `${p.label}: ${p.detail}`).join('; '))} |`);
  }
  out.push('', '## Score', '', '| Component | Weight | Score | Detail |', '|---|---|---|---|');
  for (const c of r.breakdown.components) out.push(`| ${c.name} | ${c.weight} | ${c.score} | ${cell(c.detail)} |`);
  out.push(`| **weighted** | | **${r.breakdown.weighted}** | |`);
  for (const p of r.breakdown.penalties) out.push(`| penalty: ${p.name} | | −${p.points} | ${cell(p.detail)} |`);
  out.push(`| **total** | | **${r.score}** | |`, '');
  if (r.steadyState) {
    out.push('## Steady state', '');
    for (const [name, list, ok] of [['before', r.steadyState.before, r.steadyState.beforeOk], ['after', r.steadyState.after ?? [], r.steadyState.afterOk]] as const) {
      out.push(`- ${name}: ${ok === undefined ? 'not checked' : ok ? 'held' : 'did not hold'}`);
      for (const p of list) out.push(`  - ${p.ok ? '✓' : '✗'} ${p.label}: ${p.detail}`);
    }
    out.push('');
  }
  out.push('## Measures', '', ...measures(r).map((m) => `- ${m}`), '');
  out.push('## Timeline', '', '| Time | | What |', '|---|---|---|');
  for (const e of r.timeline) out.push(`| ${clockText(e.atMs)} | ${e.kind} | ${cell(e.text)} |`);
  if (r.eventsDropped) out.push('', `(${r.eventsDropped} more events not shown)`);
  return `${out.join('\n')}\n`;
}
