import { describe, expect, it } from 'vitest';
import { keyLabel, keysFromRaw } from '../../source/tui/keys.js';
import { parseCommand, suggest, viewKind } from '../../source/tui/views/commands.js';
import { helpLines } from '../../source/tui/views/help.js';
import { stepColumn } from '../../source/tui/views/grid.js';

const names = (raw: string) => keysFromRaw(raw).map((k) => k.name);

describe('keysFromRaw', () => {
  it('splits a chunk of typed text into one key per character', () => {
    expect(names('jjj')).toEqual(['j', 'j', 'j']);
    expect(names(':pods\r')).toEqual([':', 'p', 'o', 'd', 's', 'enter']);
    expect(keysFromRaw('a b').map((k) => k.text)).toEqual(['a', ' ', 'b']);
  });

  it('names shifted letters, control keys and special keys as k9s writes them', () => {
    expect(names('N')).toEqual(['shift-n']);
    expect(names('\x04')).toEqual(['ctrl-d']);
    expect(names('\x03')).toEqual(['ctrl-c']);
    expect(names('\t')).toEqual(['tab']);
    expect(names('\x1b[Z')).toEqual(['shift-tab']);
    expect(names('\x1b')).toEqual(['esc']);
    expect(names('\x7f')).toEqual(['backspace']);
    expect(names('\x1b[A')).toEqual(['up']);
    expect(names('\x1bOB')).toEqual(['down']);
    expect(names('\x1b[1;2C')).toEqual(['shift-right']);
    expect(names('\x1b[5~')).toEqual(['pgup']);
    expect(names('\x1c')).toEqual(['ctrl-\\']);
    expect(names(' ')).toEqual(['space']);
  });

  it('keeps an ESC glued to the next key (fast typing, tmux): both keys', () => {
    expect(names('\x1b:')).toEqual(['esc', ':']);
    expect(names('\x1bj')).toEqual(['esc', 'j']);
    expect(names('\x1b\x1b')).toEqual(['esc', 'esc']);
    expect(names('\x1b\x1b[A')).toEqual(['esc', 'up']);
  });

  it('drops unprintable noise and unbound sequences', () => {
    expect(names('\x00\x1f')).toEqual([]);
    expect(names('')).toEqual([]);
    expect(names('\x1b[15~')).toEqual([]);
    expect(names('\x1b[<0;10;5M')).toEqual([]);
  });
});

describe('command mode', () => {
  it('resolves k9s aliases to kinds', () => {
    for (const [alias, kind] of [['po', 'Pod'], ['pods', 'Pod'], ['no', 'Node'], ['deploy', 'Deployment'], ['dp', 'Deployment'], ['rs', 'ReplicaSet'], ['sts', 'StatefulSet'], ['ds', 'DaemonSet'],
      ['jobs', 'Job'], ['cj', 'CronJob'], ['svc', 'Service'], ['ep', 'Endpoints'], ['ev', 'Event'], ['events', 'Event'], ['hpa', 'HorizontalPodAutoscaler'], ['pvc', 'PersistentVolumeClaim'],
      ['pv', 'PersistentVolume'], ['sc', 'StorageClass'], ['ns', 'Namespace'], ['pdb', 'PodDisruptionBudget'], ['cm', 'ConfigMap'], ['secrets', 'Secret'], ['sa', 'ServiceAccount'], ['leases', 'Lease']]) {
      expect(viewKind(alias!), alias).toBe(kind);
    }
    expect(viewKind('frobs')).toBeUndefined();
  });

  it('parses namespace, label and filter arguments', () => {
    expect(parseCommand('po kube-system')).toEqual({ type: 'view', kind: 'Pod', namespace: 'kube-system' });
    expect(parseCommand('po app=web')).toEqual({ type: 'view', kind: 'Pod', filter: '-l app=web' });
    expect(parseCommand('po /web front')).toEqual({ type: 'view', kind: 'Pod', filter: 'web front' });
    expect(parseCommand('deploy -A')).toEqual({ type: 'view', kind: 'Deployment', allNamespaces: true });
    expect(parseCommand('q')).toEqual({ type: 'quit' });
    expect(parseCommand('apply fixtures/apps')).toEqual({ type: 'apply', path: 'fixtures/apps' });
    expect(parseCommand('apply')).toMatchObject({ type: 'error' });
    expect(parseCommand('frobs')).toEqual({ type: 'error', message: 'the server doesn\'t have a resource type "frobs"' });
  });

  it('completes the first word', () => {
    expect(suggest('dep')).toBe('deployments');
    expect(suggest('po')).toBe('pods');
    expect(suggest('pods')).toBeUndefined();
    expect(suggest('po x')).toBeUndefined();
    expect(suggest('zzz')).toBeUndefined();
  });
});

describe('column picking and faults keys', () => {
  it('reads ctrl-z, ctrl-o and the shift / ctrl arrows (xterm), and labels modified arrows with arrows', () => {
    expect(names('\x1a')).toEqual(['ctrl-z']);
    expect(names('\x0f')).toEqual(['ctrl-o']);
    expect(names('\x1b[1;2D')).toEqual(['shift-left']);
    expect(names('\x1b[1;5C')).toEqual(['ctrl-right']);
    expect(names('\x1b[1;5D')).toEqual(['ctrl-left']);
    expect(keyLabel('shift-left')).toBe('<shift-←>');
    expect(keyLabel('ctrl-right')).toBe('<ctrl-→>');
    expect(keyLabel('down')).toBe('<down>');
    expect(keyLabel('shift-o')).toBe('<shift-o>');
  });

  it('steps through the columns shown from the pick, or from the sort column, wrapping', () => {
    const cols = ['NAME', 'READY', 'STATUS', 'AGE'];
    expect(stepColumn(cols, undefined, 1, 'NAME')).toBe('READY');
    expect(stepColumn(cols, undefined, -1, 'NAME')).toBe('AGE');
    expect(stepColumn(cols, 'AGE', 1, 'NAME')).toBe('NAME');
    expect(stepColumn(cols, 'STATUS', -1)).toBe('READY');
    // The sort column is not shown (a wide column): start at an edge.
    expect(stepColumn(cols, undefined, 1, 'NODE')).toBe('NAME');
    expect(stepColumn(cols, undefined, -1, 'NODE')).toBe('AGE');
    expect(stepColumn([], 'NAME', 1)).toBeUndefined();
  });
});

describe('help layout', () => {
  it('puts sections side by side, each as wide as its entries, wrapping to a new row when full', () => {
    const sections = [
      { title: 'A', entries: [['<a>', 'Alpha']] as [string, string][] },
      { title: 'B', entries: [['<shift-←> <ctrl-←>', 'Sort Column Left']] as [string, string][] },
      { title: 'C', entries: [['<c>', 'Gamma']] as [string, string][] },
    ];
    // 10 + 3 + 36 + 3 + 10 cells: exactly fits 62.
    expect(helpLines(sections, 62)).toEqual([
      'A'.padEnd(13) + 'B'.padEnd(39) + 'C',
      '<a>  Alpha   <shift-←> <ctrl-←>  Sort Column Left   <c>  Gamma',
      '',
    ]);
    expect(helpLines(sections, 61)).toEqual([
      'A            B',
      '<a>  Alpha   <shift-←> <ctrl-←>  Sort Column Left',
      '',
      'C',
      '<c>  Gamma',
      '',
    ]);
    const narrow = helpLines(sections, 30);
    expect(narrow[0]).toBe('A');
    expect(narrow).toContain('B');
    for (const l of narrow) expect(l.length).toBeLessThanOrEqual(36);
  });
});
