/**
 * 错误类型 YjtError：稳定的 `code`，可选的 `errcode` / `status`，以及 `retryable`。
 * The one error class. `code` is stable (the same strings as the Rust core's `ErrorCode`);
 * messages never carry keys, tokens, secrets or unmasked PII.
 *
 * @module
 */
import { isLive, resetCore, scrub } from './core.js';

import type { YjtErrorCode } from './generated.js';

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

/** Turn an error thrown by the WASM core (JSON text `{ code, message, … }`) into a YjtError. */
export function fromCore(e: unknown): unknown {
  if (typeof e === 'string' && e.startsWith('{"code":')) {
    const c = JSON.parse(e) as { code: YjtErrorCode; message: string; errcode?: number; status?: number; retryable: boolean; field?: string };
    return new YjtError(c.code, c.message, { errcode: c.errcode, status: c.status, retryable: c.retryable, field: c.field });
  }
  return e;
}

/**
 * Run a call into the core, converting its errors. A trap (`WebAssembly.RuntimeError`) should
 * never happen — the core returns errors instead of panicking — but if one does, the instance
 * is replaced at once (see core.ts): this call fails with a retryable INTERNAL, new objects and
 * one-off functions work, objects created before the trap throw INTERNAL (see `live`).
 */
export function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      resetCore();
      throw new YjtError('INTERNAL', 'WASM 内核出错，已重建实例，请重试 (the WASM core trapped and was re-instantiated; retry)', {
        retryable: true,
        cause: e,
      });
    }
    throw fromCore(e);
  } finally {
    // Compiler-made copies of keys and plaintexts stay below the stack pointer otherwise.
    scrub();
  }
}

/**
 * `o` if it lives in the current instance; an object created before a trap throws INTERNAL
 * (its state died with that instance and no copy is kept to rebuild it).
 */
export function live<T extends object>(o: T): T {
  if (!isLive(o)) {
    throw new YjtError('INTERNAL', 'WASM 内核已在故障后重建，请重新创建该对象 (the WASM core was rebuilt after a fault; create this object again)');
  }
  return o;
}

/** INVALID_INPUT unless `v` is a string. */
export function needString(v: unknown, name: string): string {
  if (typeof v !== 'string') {
    throw new YjtError('INVALID_INPUT', `${name} 须为字符串 (${name} must be a string)`);
  }
  return v;
}

/** INVALID_INPUT unless `v` is a number (the core checks the range; the glue would coerce). */
export function needNumber(v: unknown, name: string): number {
  if (typeof v !== 'number') throw new YjtError('INVALID_INPUT', `${name} 须为数字 (${name} must be a number)`);
  return v;
}

/** An options argument: undefined → `{}`; anything but a plain object → INVALID_INPUT. */
export function optObject<T extends object>(v: T | undefined, name: string): Partial<T> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null) throw new YjtError('INVALID_INPUT', `${name} 须为对象 (${name} must be an object)`);
  return v;
}

/** INVALID_INPUT unless `v` is undefined or a string. */
export function optString(v: unknown, name: string): string | undefined {
  return v === undefined ? undefined : needString(v, name);
}

/**
 * Values cross into the core as JSON text: one crossing instead of one per property. A value
 * JSON cannot carry (BigInt, a cycle) is a typed error; the value itself is not quoted.
 */
export function toJson(value: unknown, name: string, code: YjtErrorCode = 'INVALID_INPUT'): string {
  try {
    return JSON.stringify(value ?? {});
  } catch {
    throw new YjtError(code, `${name} 无法转换为 JSON (${name} cannot be converted to JSON)`);
  }
}
