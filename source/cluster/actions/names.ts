/** How kubectl names objects in its output: `deployment.apps/web`, `pod/web-1`, `pod "web-1"`. */
import { kindInfo, mustKindInfo } from '../../api/kinds.js';
import { badRequest } from '../../api/errors.js';
import type { KindInfo } from '../../api/kinds.js';

/** `deployment.apps/web` (core kinds: `pod/web`). */
export function resourceName(kind: string, name: string): string {
  const info = mustKindInfo(kind);
  return `${info.singular}${info.group ? `.${info.group}` : ''}/${name}`;
}

/** `deployments.apps "web"` / `pods "web"`, as in kubectl's delete output and API errors. */
export function quotedResource(kind: string, name: string): string {
  const info = mustKindInfo(kind);
  return `${info.singular}${info.group ? `.${info.group}` : ''} "${name}"`;
}

/** Kind info, with kubectl's error for a kind the cluster doesn't serve. */
export function kindOrError(kind: string): KindInfo {
  const info = kindInfo(kind);
  if (!info) throw badRequest(`error: the server doesn't have a resource type "${kind}"`);
  return info;
}
