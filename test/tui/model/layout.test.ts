import { describe, expect, it } from 'vitest';
import { dropOrder, GAP, layoutColumns } from '../../../source/tui/model/layout.js';
import { fit, textWidth, truncate, wrapLine } from '../../../source/tui/text.js';

const POD_COLS = ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE'];
const POD_PRI = [0, 0, 0, 0, 0, 0, 1, 1];
const row = ['zeus-zap', 'frontend-7d9c5b6f4-abcde', '1/1', 'CrashLoopBackOff', '12 (3m ago)', '45m', '10.244.1.17', 'workers-0'];

describe('column layout', () => {
  it('keeps every column when there is room, at natural widths', () => {
    const l = layoutColumns(POD_COLS, POD_PRI, [row], 200);
    expect(l.keep).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(l.widths[1]).toBe('frontend-7d9c5b6f4-abcde'.length);
  });

  it('drops wide-only columns first, then plain ones from the right, NAME never', () => {
    expect(dropOrder(POD_COLS, POD_PRI).map((i) => POD_COLS[i])).toEqual(['NODE', 'IP', 'RESTARTS', 'NAMESPACE', 'AGE', 'READY', 'STATUS']);
    const l = layoutColumns(POD_COLS, POD_PRI, [row], 60);
    expect(l.keep.map((i) => POD_COLS[i])).not.toContain('NODE');
    expect(l.keep.map((i) => POD_COLS[i])).toContain('NAME');
    expect(l.keep.map((i) => POD_COLS[i])).toContain('STATUS');
  });

  it('never exceeds the width it is given, down to tiny widths', () => {
    for (const w of [200, 100, 80, 60, 40, 20, 10, 3, 1]) {
      const l = layoutColumns(POD_COLS, POD_PRI, [row], w);
      const total = l.widths.reduce((a, b) => a + b, 0) + GAP * (l.widths.length - 1);
      expect(total, `width ${w}`).toBeLessThanOrEqual(Math.max(w, 1));
    }
  });
});

describe('text fitting', () => {
  it('truncates with an ellipsis and pads to the exact width', () => {
    expect(truncate('frontend-abc', 8)).toBe('fronten…');
    expect(fit('ab', 5)).toBe('ab   ');
    expect(textWidth(fit('⏩ 60x and more', 6))).toBe(6);
    expect(truncate('x', 0)).toBe('');
    expect(wrapLine('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
  });
});

describe('preferred drops', () => {
  const names = ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const pri = [0, 0, 0, 0, 0, 0];
  const ev = ['kube-system', '19s', 'Normal', 'Started', 'pod/kube-scheduler-control-plane-0', 'Started container kube-scheduler on the node'];
  it('drops a pane\'s preferred columns before squeezing the message', () => {
    const l = layoutColumns(names, pri, [ev], 72, ['NAMESPACE', 'TYPE']);
    expect(l.keep.map((i) => names[i])).toEqual(['LAST SEEN', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(l.widths.at(-1)).toBeGreaterThanOrEqual(36);
    // With room for everything nothing is dropped.
    expect(layoutColumns(names, pri, [ev], 200, ['NAMESPACE', 'TYPE']).keep).toHaveLength(6);
  });
});
