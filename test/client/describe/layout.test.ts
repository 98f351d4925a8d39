import { describe, expect, it } from 'vitest';
import { PrefixWriter, alignTabs } from '../../../source/client/describe/layout.js';
import { camelSplit, smartLabel } from '../../../source/client/describe/generic.js';
import { describeObject } from '../../../source/client/describe/index.js';
import { NOW } from '../../api/print/helpers.js';

describe('alignTabs (text/tabwriter with minwidth 0, padding 2)', () => {
  it('pads each cell to the widest cell of its column block plus 2 and never pads the last cell', () => {
    expect(alignTabs('Name:\tweb\nService Account:\tdefault\n')).toBe('Name:             web\nService Account:  default\n');
  });

  it('ends a column block at a line without that column, so sections align separately', () => {
    expect(alignTabs('A:\t1\nLonger key:\t2\nSection:\n  k:\tv\n')).toBe('A:           1\nLonger key:  2\nSection:\n  k:  v\n');
  });

  it('aligns a continuation line with an empty first cell, and nested columns per block', () => {
    expect(alignTabs('Labels:\ta=b\n\tc=d\n')).toBe('Labels:  a=b\n         c=d\n');
    expect(alignTabs('  Type\tReason\tAge\n  Normal\tScheduled\t5s\n')).toBe('  Type    Reason     Age\n  Normal  Scheduled  5s\n');
    expect(alignTabs('x\ty\tz\nlong\tw\n')).toBe('x     y  z\nlong  w\n');
  });

  it('measures width in code points and leaves text without tabs alone', () => {
    expect(alignTabs('✗ a\tb\nxxxxx\tc\n')).toBe('✗ a    b\nxxxxx  c\n');
    expect(alignTabs('no tabs\n')).toBe('no tabs\n');
    expect(alignTabs('')).toBe('');
  });

  it('prefixes two spaces per level as PrefixWriter does', () => {
    const w = new PrefixWriter();
    w.write(0, 'Top:\n');
    w.write(2, 'Deep:\tvalue\n');
    expect(w.toString()).toBe('Top:\n    Deep:  value\n');
  });
});

describe('generic describer', () => {
  it('turns field names into labels like smartLabelFor', () => {
    expect(smartLabel('apiVersion')).toBe('API Version');
    expect(smartLabel('creationTimestamp')).toBe('Creation Timestamp');
    expect(smartLabel('uid')).toBe('UID');
    expect(smartLabel('podCIDR')).toBe('Pod CIDR');
    expect(smartLabel('hostIPs')).toBe('Host I Ps');
    expect(smartLabel('with_underscore')).toBe('with_underscore');
    expect(camelSplit('GL11Version')).toEqual(['GL', '11', 'Version']);
  });

  it('prints any other kind as sorted, nested fields', () => {
    const widget = {
      apiVersion: 'example.com/v1', kind: 'Widget',
      metadata: { name: 'w', namespace: 'default', uid: 'x', labels: { a: 'b' }, managedFields: [{ manager: 'kubectl' }] },
      spec: { replicas: 3, ratio: 0.25, enabled: true, nothing: null, tags: ['a', 'b'], items: [{ name: 'one' }] },
    };
    expect(describeObject(widget, { nowMs: NOW, events: [] })).toBe(`Name:         w
Namespace:    default
Labels:       a=b
Annotations:  <none>
API Version:  example.com/v1
Kind:         Widget
Metadata:
  UID:  x
Spec:
  Enabled:  true
  Items:
    Name:    one
  Nothing:   <nil>
  Ratio:     0.25
  Replicas:  3
  Tags:
    a
    b
Events:  <none>
`);
  });
});
