import { describe, expect, it } from 'vitest';
import { accessModes, formatLabelSelector, formatLabels, selectorString } from '../../../source/api/print/format.js';

describe('label and selector formatting', () => {
  it('formatLabels sorts keys and prints <none> when empty', () => {
    expect(formatLabels({ tier: 'web', app: 'shop' })).toBe('app=shop,tier=web');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });

  it('selectorString renders requirements sorted by key, In/NotIn values sorted', () => {
    expect(selectorString({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'zone', operator: 'NotIn', values: ['b', 'a'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'In', values: ['frontend'] },
        { key: 'gpu', operator: 'Exists' },
      ],
    })).toBe('app=web,!canary,gpu,tier in (frontend),zone notin (a,b)');
    expect(selectorString({ matchLabels: { 'app.kubernetes.io/name': 'web' } })).toBe('app.kubernetes.io/name=web');
    expect(selectorString(undefined)).toBe('');
    expect(selectorString({})).toBe('');
  });

  it('invalid selectors are undefined (<error> from FormatLabelSelector)', () => {
    expect(selectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toBeUndefined();
    expect(selectorString({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toBeUndefined();
    expect(selectorString({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toBeUndefined();
    expect(selectorString({ matchLabels: { 'bad key': 'x' } })).toBeUndefined();
    expect(selectorString({ matchLabels: { app: 'has space' } })).toBeUndefined();
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Nope' }] })).toBe('<error>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
  });

  it('accessModes abbreviates in fixed order without duplicates', () => {
    expect(accessModes(['ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOnce'])).toBe('RWO,ROX,RWX');
    expect(accessModes(['ReadWriteOncePod'])).toBe('RWOP');
    expect(accessModes('nope')).toBe('');
  });
});
