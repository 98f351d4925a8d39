/** Command mode (`:`): k9s's resource aliases with arguments, and the app's own commands. */
import { KINDS } from '../../api/kinds.js';
import { lookupKind } from '../../api/print/index.js';

/** The views `:` opens, in the order completion offers them. */
export const VIEW_KINDS = [
  'Pod', 'Node', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'Endpoints', 'Event',
  'HorizontalPodAutoscaler', 'VerticalPodAutoscaler', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'Namespace', 'PodDisruptionBudget',
  'ConfigMap', 'Secret', 'ServiceAccount', 'Lease', 'EndpointSlice', 'PriorityClass', 'ReplicationController', 'LimitRange',
  'ResourceQuota', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ControllerRevision',
];

/** Extra k9s spellings the kinds registry does not carry. */
const EXTRA_ALIASES: Record<string, string> = { dp: 'Deployment', jo: 'Job', ev: 'Event', sec: 'Secret', lease: 'Lease', leases: 'Lease' };

/** App commands besides views. */
export const APP_COMMANDS = ['overview', 'metrics', 'traffic', 'nodegroups', 'help', 'apply', 'quit', 'q'];

export type Command =
  | { type: 'view'; kind: string; namespace?: string; allNamespaces?: boolean; filter?: string }
  | { type: 'overview' }
  | { type: 'metrics' }
  | { type: 'traffic' }
  | { type: 'nodegroups' }
  | { type: 'help' }
  | { type: 'quit' }
  | { type: 'apply'; path: string }
  | { type: 'error'; message: string };

/** The kind a view alias names (`po`, `deploy`, `svc`, `leases`…), or undefined. */
export function viewKind(alias: string): string | undefined {
  const a = alias.toLowerCase();
  if (EXTRA_ALIASES[a]) return EXTRA_ALIASES[a];
  const info = lookupKind(a);
  return info && VIEW_KINDS.includes(info.kind) ? info.kind : undefined;
}

/** Parse a command line (without the `:`). */
export function parseCommand(line: string): Command {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const head = words[0]?.toLowerCase();
  if (!head) return { type: 'error', message: 'empty command' };
  switch (head) {
    case 'q': case 'q!': case 'quit': case 'exit': return { type: 'quit' };
    case 'help': case '?': case 'h': return { type: 'help' };
    case 'overview': case 'ov': case 'home': case 'pulse': case 'pu': return { type: 'overview' };
    case 'metrics': case 'mx': return { type: 'metrics' };
    case 'traffic': case 'tr': case 'sli': return { type: 'traffic' };
    case 'nodegroups': case 'nodegroup': case 'ng': case 'nodepools': case 'nodepool': case 'np': case 'ca': return { type: 'nodegroups' };
    case 'apply': {
      const path = line.trim().slice(words[0]!.length).trim().replace(/^-f\s+/, '');
      return path ? { type: 'apply', path } : { type: 'error', message: 'usage: :apply PATH (a manifest file or directory)' };
    }
    default: break;
  }
  const kind = viewKind(head);
  if (!kind) return { type: 'error', message: `the server doesn't have a resource type "${head}"` };
  const cmd: Command = { type: 'view', kind };
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('/')) {
      // `/` takes the rest of the line as filter text.
      cmd.filter = [w.slice(1), ...words.slice(i + 1)].join(' ');
      break;
    }
    if (w === '-A' || w === 'all' || w === '--all-namespaces') cmd.allNamespaces = true;
    else if (w === '-l' && words[i + 1]) cmd.filter = `-l ${words[++i]}`;
    else if (w.includes('=')) cmd.filter = `-l ${w}`;
    else if (w === '-n' && words[i + 1]) cmd.namespace = words[++i];
    else cmd.namespace = w;
  }
  return cmd;
}

let names: string[] | undefined;

/** Every word `:` completes: plural names first, then singular and short names, then app commands. */
export function commandWords(): string[] {
  if (names) return names;
  const infos = VIEW_KINDS.map((k) => KINDS.find((i) => i.kind === k)!).filter(Boolean);
  const out: string[] = [];
  for (const i of infos) out.push(i.plural);
  for (const i of infos) out.push(...(i.shortNames ?? []));
  out.push(...Object.keys(EXTRA_ALIASES), ...APP_COMMANDS);
  names = [...new Set(out)];
  return names;
}

/** The completion of a partly typed command (first word only), or undefined. */
export function suggest(text: string): string | undefined {
  if (!text || /\s/.test(text)) return undefined;
  const t = text.toLowerCase();
  return commandWords().find((w) => w.startsWith(t) && w !== t);
}
