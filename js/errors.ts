/**
 * 错误类型 YjtError：稳定的 `code`，可选的 `errcode` / `status`，以及 `retryable`。
 * The one error class. `code` is stable (the same strings as the Rust core's `ErrorCode`);
 * messages never carry keys, tokens, secrets or unmasked PII.
 *
 * @module
 */
import type { CoreError, YjtErrorCode } from './generated.js';

/** 稳定错误码（由 Rust 内核生成）/ the stable error codes, generated from the Rust core. */
export type { YjtErrorCode };

// A registry-wide symbol: `instanceof YjtError` holds even when an error was made by the other
// entry point (ESM vs CJS) or another copy of the package.
const BRAND = Symbol.for('yjt-sso.YjtError');

/** YjtError 的可选字段 / optional fields of a YjtError. */
export interface YjtErrorOptions {
  errcode?: number;
  field?: string;
  status?: number;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * SDK 抛出的唯一错误类型。
 * The only error type the SDK throws.
 *
 * @example
 * ```ts
 * try { await client.exchangeCode(code); }
 * catch (e) {
 *   if (e instanceof YjtError && e.code === 'GATEWAY_FAILURE') { /* code 已失效，请用户重新进入 *\/ }
 * }
 * ```
 */
export class YjtError extends Error {
  /** 稳定错误码 / stable error code. */
  readonly code: YjtErrorCode;
  /** 网关 errcode / the gateway's errcode, when there was one. */
  readonly errcode?: number;
  /** HTTP 状态码 / the HTTP status, when it matters. */
  readonly status?: number;
  /** 重试是否可能成功 / whether retrying can succeed. */
  readonly retryable: boolean;
  /**
   * 出错的输入（配置项如 `appKey`、`gateway.prefix`，入站请求头如 `x-tsp-timestamp`，调用参数如 `code`）；
   * 不是某个输入的问题时没有该字段。
   * The input at fault — a config field (`appKey`, `gateway.prefix`), an inbound header
   * (`x-tsp-timestamp`) or a call argument (`code`) — when one is; absent otherwise.
   */
  readonly field?: string;

  constructor(code: YjtErrorCode, message: string, options: YjtErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'YjtError';
    this.code = code;
    if (options.errcode !== undefined) this.errcode = options.errcode;
    if (options.status !== undefined) this.status = options.status;
    if (options.field !== undefined) this.field = options.field;
    this.retryable = options.retryable ?? false;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Turn an error thrown by the WASM core (the JSON text of a `CoreError`) into a YjtError. */
export function fromCore(e: unknown): unknown {
  if (typeof e === 'string' && e.startsWith('{"code":')) {
    const c = JSON.parse(e) as CoreError;
    return new YjtError(c.code, c.message, { errcode: c.errcode, status: c.status, retryable: c.retryable, field: c.field });
  }
  return e;
}
