import { describe, expect, it } from 'vitest';
import { keysFromRaw } from '../../source/tui/keys.js';
import { parseCommand, suggest, viewKind } from '../../source/tui/views/commands.js';

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
