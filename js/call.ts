/**
 * 进出 WASM 内核的调用：错误转换、故障恢复、栈清零、参数的 JS 侧类型检查。
 * Crossing into the core: error conversion, trap recovery, the stack scrub, and the JavaScript
 * type checks of arguments (the glue would coerce a wrong type silently). Rules about values
 * are the core's.
 *
 * @module
 */
import { isLive, resetCore, scrub, type Scrub } from './core.js';
import { YjtError, fromCore } from './errors.js';
import type { YjtErrorCode } from './generated.js';

/**
 * Run a call into the core, converting its errors. A trap (`WebAssembly.RuntimeError`) should
 * never happen — the core returns errors instead of panicking — but if one does, the instance
 * is replaced at once (see core.ts): new objects and one-off functions work, objects created
 * before the trap throw INTERNAL (see `live`). The trapping call fails with INTERNAL: retryable
 * for a one-off function; for a method of an object (`owned`) not, since that object died with
 * the instance (a client that rebuilds itself says so: see `rebuilt`). `depth`: how deep the
 * stack scrub after the call goes (core.ts).
 */
export function call<T>(f: () => T, depth: Scrub = 'full', owned = false): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      resetCore();
      throw new YjtError('INTERNAL', owned ? `${TRAPPED}${STALE}` : 'WASM 内核出错，已重建实例，请重试 (the WASM core trapped and was re-instantiated; retry)', {
        retryable: !owned,
        cause: e,
      });
    }
    throw fromCore(e);
  } finally {
    // Compiler-made copies of keys and plaintexts stay below the stack pointer otherwise.
    scrub(depth);
  }
}

const TRAPPED = 'WASM 内核出错，已重建实例 (the WASM core trapped and was re-instantiated)';
const STALE = '；请重新创建该对象 (create this object again)';

/** Whether `e` is the error of the call that trapped. */
export function isTrap(e: unknown): boolean {
  return e instanceof YjtError && e.code === 'INTERNAL' && e.cause instanceof WebAssembly.RuntimeError;
}

/**
 * The trap error as a client that rebuilds itself reports it: its next call works, so the
 * operation can be retried unless its request already went out (`sent`: a login code is then
 * spent, a call may have taken effect). Other errors pass through.
 */
export function rebuilt(e: unknown, sent: boolean): unknown {
  if (!isTrap(e)) return e;
  const why = sent ? '；请求已发出，不自动重试 (the request had been sent; not retryable)' : '，请重试 (retry)';
  return new YjtError('INTERNAL', `${TRAPPED}；客户端下次调用时自行重建 (the client rebuilds itself on its next call)${why}`, {
    retryable: !sent,
    cause: (e as YjtError).cause,
  });
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
    throw new YjtError('INVALID_INPUT', `${name} 须为字符串 (${name} must be a string)`, { field: name });
  }
  return v;
}

/** INVALID_INPUT unless `v` is a number (the core checks the range; the glue would coerce). */
export function needNumber(v: unknown, name: string): number {
  if (typeof v !== 'number') throw new YjtError('INVALID_INPUT', `${name} 须为数字 (${name} must be a number)`, { field: name });
  return v;
}

/** An options argument: undefined → `{}`; anything but a plain object → INVALID_INPUT. */
export function optObject<T extends object>(v: T | undefined, name: string): Partial<T> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null) throw new YjtError('INVALID_INPUT', `${name} 须为对象 (${name} must be an object)`, { field: name });
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
    throw new YjtError(code, `${name} 无法转换为 JSON (${name} cannot be converted to JSON)`, { field: name });
  }
}

/**
 * A config or client options object as JSON for the core. Its function fields (`fetch`, `now`,
 * `onEvent`) must be functions and drop out; NaN / Infinity (which JSON would turn into null)
 * are refused naming the field. Every other rule is the core's.
 */
export function configJson(config: unknown, name: 'config' | 'options'): string {
  if (typeof config !== 'object' || config === null) {
    throw new YjtError('INVALID_CONFIG', `配置须为对象 (${name} must be an object)`);
  }
  const c = config as Record<string, unknown>;
  for (const k of ['now', 'fetch', 'onEvent']) {
    if (c[k] !== undefined && typeof c[k] !== 'function') {
      throw new YjtError('INVALID_CONFIG', `配置项 ${k} 须为函数 (config field ${k} must be a function)`, { field: k });
    }
  }
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new YjtError('INVALID_CONFIG', `配置项 ${k} 须为有限数 (config field ${k} must be a finite number)`, { field: k });
    }
  }
  return toJson(config, name, 'INVALID_CONFIG');
}
