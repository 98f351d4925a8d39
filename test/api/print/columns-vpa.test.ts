import { describe, expect, it } from 'vitest';
import { resolveResource } from '../../../source/api/kinds.js';
import { tableFor } from '../../../source/api/print/columns.js';
import { printGet } from '../../../source/api/print/tabwriter.js';
import { M, NOW, obj } from './helpers.js';

const vpa = (name: string, mode: string | undefined, status?: Record<string, unknown>) => obj('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler', name, {
  spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, ...(mode ? { updatePolicy: { updateMode: mode } } : {}) },
  ...(status ? { status } : {}),
});

const recommended = {
  recommendation: { containerRecommendations: [
    { containerName: 'hamster', target: { cpu: '587m', memory: '250Mi' } },
    { containerName: 'sidecar', target: { cpu: '25m', memory: '10Mi' } },
  ] },
  conditions: [
    { type: 'NoPodsMatched', status: 'False' },
    { type: 'RecommendationProvided', status: 'True', lastTransitionTime: '2026-01-01T11:55:00Z' },
  ],
};

describe('kubectl get vpa', () => {
  it('resolves vpa, verticalpodautoscalers and the group-qualified name', () => {
    for (const name of ['vpa', 'verticalpodautoscaler', 'verticalpodautoscalers', 'verticalpodautoscalers.autoscaling.k8s.io']) {
      expect(resolveResource(name)?.kind, name).toBe('VerticalPodAutoscaler');
    }
  });

  it('prints the CRD printer columns: NAME MODE CPU MEM PROVIDED AGE (the first container\'s target)', () => {
    const table = tableFor('vpa', [vpa('hamster-vpa', 'Recreate', recommended)], { nowMs: NOW, wide: true });
    expect(table.columns.map((c) => c.name)).toEqual(['NAME', 'MODE', 'CPU', 'MEM', 'PROVIDED', 'AGE']);
    expect(table.rows[0]!.cells).toEqual(['hamster-vpa', 'Recreate', '587m', '250Mi', 'True', '5m']);
  });

  it('leaves cells empty where the JSONPath finds nothing, as the CRD table converter does', () => {
    const out = printGet('vpa', [vpa('hamster-vpa', 'Recreate', recommended), vpa('new-vpa', undefined)], { nowMs: NOW + 55 * M });
    expect(out.stdout).toBe([
      'NAME          MODE       CPU    MEM     PROVIDED   AGE',
      'hamster-vpa   Recreate   587m   250Mi   True       60m',
      'new-vpa                                            60m',
      '',
    ].join('\n'));
    expect(printGet('vpa', [], { nowMs: NOW }).stderr).toBe('No resources found in default namespace.\n');
  });

  it('survives a malformed status', () => {
    const cells = tableFor('vpa', [vpa('odd', 'Off', { recommendation: { containerRecommendations: 'nope' }, conditions: [null, 7] })], { nowMs: NOW }).rows[0]!.cells;
    expect(cells).toEqual(['odd', 'Off', '', '', '', '5m']);
  });
});
