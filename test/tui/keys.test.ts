import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { keysFromInk } from '../../source/tui/keys.js';
import { parseCommand, suggest, viewKind } from '../../source/tui/views/commands.js';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false,
  capsLock: false, numLock: false,
};
const names = (input: string, key: Partial<Key> = {}) => keysFromInk(input, { ...none, ...key }).map((k) => k.name);

describe('keysFromInk', () => {
  it('splits a chunk of typed text into one key per character', () => {
    expect(names('jjj')).toEqual(['j', 'j', 'j']);
    expect(names(':pods\r')).toEqual([':', 'p', 'o', 'd', 's', 'enter']);
    expect(keysFromInk('a b', none).map((k) => k.text)).toEqual(['a', ' ', 'b']);
  });

  it('names shifted letters, control keys and special keys as k9s writes them', () => {
    expect(names('N', { shift: true })).toEqual(['shift-n']);
    expect(names('d', { ctrl: true })).toEqual(['ctrl-d']);
    expect(names('', { tab: true, shift: true })).toEqual(['shift-tab']);
    expect(names('', { escape: true, meta: true })).toEqual(['esc']);
    expect(names('', { delete: true })).toEqual(['backspace']);
    expect(names('', { upArrow: true })).toEqual(['up']);
    expect(names('', { rightArrow: true, shift: true })).toEqual(['shift-right']);
    expect(names('\x1c')).toEqual(['ctrl-\\']);
    expect(names(' ')).toEqual(['space']);
  });

  it('drops unprintable noise', () => {
    expect(names('\x00\x1f')).toEqual([]);
    expect(names('')).toEqual([]);
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
