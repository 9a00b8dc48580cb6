/**
 * 服务的错误响应：RFC 9457 application/problem+json，带 SDK 的 code、errcode、retryable 与 field。
 * The service's error answers: RFC 9457 problem details carrying the SDK's `code`, `errcode`,
 * `retryable` and `field`; never a login code, a secret or personal data. The HTTP status of each
 * code is fixed here (the one table clients and the OpenAPI document follow).
 *
 * @module
 */
import { YjtError, type YjtErrorCode } from '../index.js';

/** The service's own codes, beside the SDK's. */
export type ServeCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'REQUEST_TIMEOUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'HEADERS_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'BAD_REQUEST';

export type ProblemCode = ServeCode | YjtErrorCode;

/** Status and title of the service's own codes. */
const SERVE: Record<ServeCode, [number, string]> = {
  BAD_REQUEST: [400, 'Bad request'],
  UNAUTHORIZED: [401, 'Unauthorized'],
  FORBIDDEN: [403, 'Forbidden'],
  NOT_FOUND: [404, 'Not found'],
  METHOD_NOT_ALLOWED: [405, 'Method not allowed'],
  REQUEST_TIMEOUT: [408, 'Request timeout'],
  PAYLOAD_TOO_LARGE: [413, 'Payload too large'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Unsupported media type'],
  HEADERS_TOO_LARGE: [431, 'Request header fields too large'],
  TOO_MANY_REQUESTS: [429, 'Too many requests'],
};

/**
 * The HTTP status of an SDK error. A code the 粤健通 exchange API refused (invalid, expired or
 * already used: GATEWAY_FAILURE, errcode 1) is the caller's input, so 422 on /v1/exchange; every
 * other upstream failure is 502 (504 for a timeout, 503 when the shared store is down).
 */
export function sdkStatus(code: YjtErrorCode, route: string): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 400;
    case 'GATEWAY_FAILURE':
      return route === '/v1/exchange' ? 422 : 502;
    case 'TIMEOUT':
      return 504;
    case 'STORE_UNAVAILABLE':
      return 503;
    case 'NETWORK':
    case 'HTTP_STATUS':
    case 'BAD_RESPONSE':
    case 'GATEWAY_INVALID_PARAMS':
    case 'GATEWAY_SIGNATURE':
    case 'GATEWAY_REJECTED':
    case 'DECRYPT_FAILED':
    case 'STORE_TAMPERED':
      return 502;
    default:
      // INVALID_CONFIG, INVALID_KEY, INTERNAL, ABORTED, the inbound-check codes: the service's fault.
      return 500;
  }
}

const TITLES: Partial<Record<YjtErrorCode, string>> = {
  INVALID_INPUT: 'Invalid input',
  GATEWAY_FAILURE: 'The gateway API refused the request',
  TIMEOUT: 'The gateway did not answer in time',
  STORE_UNAVAILABLE: 'The shared store is unavailable',
};

/** A problem to answer with: the status, the headers beside content-type, the body. */
export interface Problem {
  status: number;
  code: ProblemCode;
  body: string;
  headers?: Record<string, string>;
}

const typeOf = (code: string): string => `https://yjt-sso.invalid/problems/${code.toLowerCase().replace(/_/g, '-')}`;

interface ProblemFields {
  detail: string;
  errcode?: number | undefined;
  retryable?: boolean;
  field?: string | undefined;
}

function make(code: ProblemCode, status: number, title: string, f: ProblemFields): string {
  const o: Record<string, unknown> = { type: typeOf(code), title, status, detail: f.detail, code, retryable: f.retryable ?? false };
  if (f.errcode !== undefined) o.errcode = f.errcode;
  if (f.field !== undefined) o.field = f.field;
  return JSON.stringify(o);
}

/** One of the service's own problems (detail is fixed text written here, never caller input). */
export function serveProblem(code: ServeCode, detail: string, extra: { field?: string; retryable?: boolean; headers?: Record<string, string> } = {}): Problem {
  const [status, title] = SERVE[code];
  const p: Problem = { status, code, body: make(code, status, title, { detail, field: extra.field, retryable: extra.retryable ?? (status === 429 || status === 503) }) };
  if (extra.headers) p.headers = extra.headers;
  return p;
}

/** Problems without a field are the same bytes every time: serialised once. */
const cache = new Map<string, Problem>();
/** A constant problem (fixed detail, no field), serialised once. */
export function fixedProblem(code: ServeCode, detail: string, headers?: Record<string, string>): Problem {
  const key = `${code}\n${detail}`;
  let p = cache.get(key);
  if (!p) {
    p = serveProblem(code, detail, headers ? { headers } : {});
    cache.set(key, p);
  }
  return p;
}

/**
 * The problem of an error thrown while serving. A YjtError keeps its code, errcode, retryable and
 * field; its message (which the SDK keeps free of secrets and personal data) is the detail, with
 * `scrub` (the login code, the tenant's secrets) cut out once more. Anything else is INTERNAL with
 * no detail of its own.
 */
export function errorProblem(e: unknown, route: string, scrub: readonly string[]): Problem {
  if (e instanceof YjtError) {
    let detail = e.message;
    for (const s of scrub) if (s.length >= 4 && detail.includes(s)) detail = detail.split(s).join('***');
    const status = sdkStatus(e.code, route);
    return { status, code: e.code, body: make(e.code, status, TITLES[e.code] ?? e.code, { detail, errcode: e.errcode, retryable: e.retryable, field: e.field }) };
  }
  return { status: 500, code: 'INTERNAL', body: make('INTERNAL', 500, 'Internal error', { detail: 'internal error' }) };
}
