/** Probes and lifecycle handlers (validateProbe, validateHandler, ValidatePortNumOrName). */
import { child, type Errs, forbidden, invalid, isUnset, nonNegative, notSupported, type Obj, readArr, readInt, readIntOrStr, readObj, readStr, required } from './field.js';
import { portNameErrors, portNumErrors } from './names.js';

/** ValidatePortNumOrName: a port number 1-65535 or an IANA service name. */
export function validatePortNumOrName(errs: Errs, parent: Obj, key: string, path: string): void {
  const port = readIntOrStr(errs, parent, key, path);
  const field = child(path, key);
  if (typeof port === 'number') for (const msg of portNumErrors(port)) invalid(errs, field, port, msg);
  else if (typeof port === 'string') for (const msg of portNameErrors(port)) invalid(errs, field, port, msg);
  else if (parent[key] === undefined || parent[key] === null) for (const msg of portNumErrors(0)) invalid(errs, field, 0, msg);
}

const HANDLER_TYPES = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

/** validateHandler: exactly one handler type, each well formed. */
function validateHandler(errs: Errs, handler: Obj, path: string, allowed: readonly string[], gracePeriod: number | undefined): void {
  let count = 0;
  for (const type of HANDLER_TYPES) {
    if (!allowed.includes(type) || handler[type] === undefined || handler[type] === null) continue;
    const p = child(path, type);
    if (count > 0) {
      forbidden(errs, p, 'may not specify more than 1 handler type');
      continue;
    }
    count++;
    const action = readObj(errs, handler, type, path);
    if (!action) continue;
    switch (type) {
      case 'exec': {
        const command = readArr(errs, action, 'command', p);
        if (!command || command.length === 0) required(errs, child(p, 'command'));
        break;
      }
      case 'httpGet': {
        if (!readStr(errs, action, 'path', p)) required(errs, child(p, 'path'));
        validatePortNumOrName(errs, action, 'port', p);
        const scheme = readStr(errs, action, 'scheme', p) ?? '';
        if (scheme !== 'HTTP' && scheme !== 'HTTPS') notSupported(errs, child(p, 'scheme'), scheme, ['HTTP', 'HTTPS']);
        break;
      }
      case 'tcpSocket': validatePortNumOrName(errs, action, 'port', p); break;
      case 'grpc': {
        const port = readInt(errs, action, 'port', p) ?? 0;
        for (const msg of portNumErrors(port)) invalid(errs, child(p, 'port'), port, msg);
        break;
      }
      case 'sleep': {
        const seconds = readInt(errs, action, 'seconds', p) ?? 0;
        if (gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
          invalid(errs, p, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`);
        }
        break;
      }
    }
  }
  if (count === 0) required(errs, path, 'must specify a handler type');
}

/** Which probe: liveness and startup need successThreshold 1; readiness may not set a grace period. */
export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
export function validateProbe(errs: Errs, ctr: Obj, kind: ProbeKind, path: string, gracePeriod: number | undefined): void {
  const probe = readObj(errs, ctr, kind, path);
  if (!probe) return;
  const p = child(path, kind);
  validateHandler(errs, probe, p, ['exec', 'httpGet', 'tcpSocket', 'grpc'], gracePeriod);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    nonNegative(errs, child(p, f), readInt(errs, probe, f, p));
  }
  const probeGrace = readInt(errs, probe, 'terminationGracePeriodSeconds', p);
  if (probeGrace !== undefined && probeGrace <= 0) invalid(errs, child(p, 'terminationGracePeriodSeconds'), probeGrace, 'must be greater than 0');
  if (kind === 'readinessProbe') {
    if (probeGrace !== undefined) invalid(errs, child(p, 'terminationGracePeriodSeconds'), probeGrace, 'must not be set for readinessProbes');
  } else {
    // Unset reads as Go's zero value; a wrong type was already reported by the reader.
    const success = isUnset(probe.successThreshold) ? 0 : probe.successThreshold;
    if (typeof success === 'number' && success !== 1) invalid(errs, child(p, 'successThreshold'), success, 'must be 1');
  }
}

/** validateLifecycle: postStart and preStop handlers (exec, httpGet, tcpSocket, sleep). */
export function validateLifecycle(errs: Errs, ctr: Obj, path: string, gracePeriod: number | undefined): void {
  const lifecycle = readObj(errs, ctr, 'lifecycle', path);
  if (!lifecycle) return;
  const p = child(path, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) {
    const handler = readObj(errs, lifecycle, hook, p);
    if (handler) validateHandler(errs, handler, child(p, hook), ['exec', 'httpGet', 'tcpSocket', 'sleep'], gracePeriod);
  }
}
