/** API errors shaped like upstream's `Status` (reason, code, message, details.causes). */
import type { Status, StatusCause } from './meta.js';
import { type KindInfo, qualifiedKind, qualifiedResource } from './kinds.js';

export type StatusReason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest' | 'Unauthorized' | 'Forbidden'
  | 'MethodNotAllowed' | 'Expired' | 'Gone' | 'TooManyRequests' | 'InternalError' | 'Timeout' | 'ServiceUnavailable'
  | 'RequestEntityTooLarge' | 'UnsupportedMediaType' | 'NotAcceptable';

const CODES: Record<StatusReason, number> = {
  NotFound: 404, AlreadyExists: 409, Conflict: 409, Invalid: 422, BadRequest: 400, Unauthorized: 401,
  Forbidden: 403, MethodNotAllowed: 405, Expired: 410, Gone: 410, TooManyRequests: 429, InternalError: 500,
  Timeout: 504, ServiceUnavailable: 503, RequestEntityTooLarge: 413, UnsupportedMediaType: 415, NotAcceptable: 406,
};

/** An error every surface can show as-is and the HTTP API can send as a `Status`. */
export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly code: number;
  readonly details: Status['details'];

  constructor(reason: StatusReason, message: string, details: Status['details'] = {}) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.code = CODES[reason];
    this.details = details;
  }

  toStatus(): Status {
    return {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: this.message, reason: this.reason, details: this.details, code: this.code,
    };
  }
}

export function isApiError(err: unknown, reason?: StatusReason): err is ApiError {
  return err instanceof ApiError && (reason === undefined || err.reason === reason);
}

export function notFound(info: KindInfo, name: string): ApiError {
  return new ApiError('NotFound', `${qualifiedResource(info)} "${name}" not found`, { name, group: info.group, kind: info.plural });
}

export function alreadyExists(info: KindInfo, name: string): ApiError {
  return new ApiError('AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, { name, group: info.group, kind: info.plural });
}

export function conflict(info: KindInfo, name: string, detail = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return new ApiError('Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${detail}`,
    { name, group: info.group, kind: info.plural });
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message);
}

export function expired(rv: number, oldest: number): ApiError {
  return new ApiError('Expired', `too old resource version: ${rv} (${oldest})`);
}

export function forbidden(message: string, details: Status['details'] = {}): ApiError {
  return new ApiError('Forbidden', message, details);
}

export function tooManyRequests(message: string, causes: StatusCause[] = []): ApiError {
  return new ApiError('TooManyRequests', message, { causes });
}

/** One field problem, as upstream's field.Error. */
export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueDuplicate'
    | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueTypeInvalid' | 'FieldValueNotFound';
  /** Field path, e.g. `spec.template.spec.containers[0].image`. */
  field: string;
  /** The offending value, when there is one (printed in the message). */
  value?: unknown;
  /** The value already rendered as upstream prints it (Go syntax such as `map[string]string{"app":"web"}`); wins over `value`. */
  valueText?: string;
  /** Detail text, e.g. `must be greater than or equal to 0`. */
  detail?: string;
  /** Supported values for FieldValueNotSupported. */
  supported?: string[];
}

/** A value as error messages show it: JSON, cut at 256 characters; never throws (deep or cyclic input). */
function printValue(value: unknown): string {
  let text: string;
  try {
    if (value === null || value === undefined) text = 'null';
    else if (typeof value === 'string' || typeof value === 'object') text = JSON.stringify(value) ?? 'null';
    else text = String(value);
  } catch {
    text = Array.isArray(value) ? '[...]' : '{...}';
  }
  return text.length > 256 ? `${text.slice(0, 253)}...` : text;
}

/** Upstream's field error text: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function formatFieldError(e: FieldError): string {
  const shown = e.valueText ?? printValue(e.value);
  switch (e.type) {
    case 'FieldValueRequired': return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueForbidden': return `${e.field}: Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueDuplicate': return `${e.field}: Duplicate value: ${shown}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueNotFound': return `${e.field}: Not found: ${shown}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooLong': return `${e.field}: Too long: ${e.detail ?? 'value is too long'}`;
    case 'FieldValueNotSupported':
      return `${e.field}: Unsupported value: ${shown}${e.supported ? `: supported values: ${e.supported.map((s) => `"${s}"`).join(', ')}` : ''}`;
    case 'FieldValueTypeInvalid': return `${e.field}: Invalid value: ${shown}: ${e.detail ?? 'wrong type'}`;
    default: return `${e.field}: Invalid value: ${shown}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: ...` (several errors listed as upstream does). */
export function invalid(info: KindInfo, name: string, errors: FieldError[]): ApiError {
  const parts = errors.map(formatFieldError);
  const body = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError('Invalid', `${qualifiedKind(info)} "${name}" is invalid: ${body}`, {
    name, group: info.group, kind: info.kind,
    causes: errors.map((e) => ({ reason: e.type, field: e.field, message: formatFieldError(e).slice(e.field.length + 2) })),
  });
}
