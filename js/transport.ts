/**
 * 唯一的 fetch 传输：超时与调用方取消、响应体上限、不跟随重定向、UTF-8 校验、脱敏的网络错误。
 * The one fetch transport shared by YjtClient and GatewayClient: a timeout combined with the
 * caller's signal, a body-size cap (Content-Length pre-check, then a streamed count), no
 * redirects, a UTF-8 check, NETWORK / TIMEOUT errors naming only `host:port`. It never retries.
 *
 * @module
 */
import { YjtError, type YjtErrorCode } from './errors.js';

/** What goes on the wire. */
export interface WireRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

/** How to send it. */
export interface TransportOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Aborts this request (→ ABORTED); absent when the request is shared by several callers. */
  signal?: AbortSignal | undefined;
}

/** The answer: status and the body's bytes (UTF-8 is checked by whoever reads them). */
export interface WireResponse {
  status: number;
  body: Uint8Array;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The body as text; BAD_RESPONSE when it is not UTF-8. */
export function text(res: WireResponse): string {
  try {
    return decoder.decode(res.body);
  } catch {
    throw new YjtError('BAD_RESPONSE', '网关响应不是合法 UTF-8 (the answer is not valid UTF-8)', { status: res.status });
  }
}

/** 一次网关调用开始 / a gateway call starts. */
export interface YjtStartEvent {
  type: 'start';
  /** 本进程内递增的调用编号，用于配对 start / end / per-process call number pairing start and end. */
  callId: number;
  /** 发起调用的客户端 / the client making the call. */
  client: 'YjtClient' | 'GatewayClient';
  /** HTTP 方法 / the HTTP method. */
  method: 'GET' | 'POST';
  /** 网关的 `主机:端口`（不含路径与查询串）/ the gateway's `host:port` (never a path or query). */
  host: string;
}

/** 一次网关调用结束（成功或失败）/ a gateway call ends (success or failure). */
export interface YjtEndEvent {
  type: 'end';
  /** 与 start 事件相同 / the start event's callId. */
  callId: number;
  client: 'YjtClient' | 'GatewayClient';
  method: 'GET' | 'POST';
  host: string;
  /** 耗时（毫秒，单调时钟）/ duration in ms (monotonic clock). */
  durationMs: number;
  /** HTTP 状态码；无响应（网络错误、超时、取消）时为 null / the HTTP status; null without an answer. */
  status: number | null;
  /** 网关 errcode（成功时为 0）；没有时为 null / the gateway errcode (0 on success); null when none. */
  errcode: number | null;
  /** YjtError 的 code；成功时为 null / the YjtError code; null on success. */
  code: YjtErrorCode | null;
  /** 失败是否可重试（成功时为 false）/ whether the failure is retryable (false on success). */
  retryable: boolean;
}

/**
 * 配置了共享存储时，每次换取一个 `store` 事件：本实例是发起者（claimant，调用了网关）、等待者（waiter，
 * 结果取自存储）还是绕过（bypass，存储故障时直接换取）。
 * With a shared store, one `store` event per exchange: this instance was the claimant (it called
 * the gateway), a waiter (served from the store) or a bypass (the store failed).
 */
export interface YjtStoreEvent {
  type: 'store';
  role: 'claimant' | 'waiter' | 'bypass';
  /** 存储的错误（如 STORE_UNAVAILABLE）；正常为 null / the store's error, null when it worked. */
  error: YjtErrorCode | null;
  /** 从开始到有结果的毫秒数 / ms from the start until the outcome. */
  waitedMs: number;
}

/**
 * 可观测性事件：每次网关调用一个 `start`、一个 `end`。事件只含主机、方法、状态码、errcode、错误码与耗时，
 * 从不含一次性 code、带查询串的 URL、密钥或个人信息。
 * An observability event: one `start` and one `end` per gateway call. Events carry the host,
 * method, status, errcode, error code and duration — never the one-time code, a URL with a
 * query, a secret or personal data.
 */
export type YjtEvent = YjtStartEvent | YjtEndEvent | YjtStoreEvent;

/** 一次网关调用的事件（`GatewayClient` 只发这两种）/ the events of one gateway call (all `GatewayClient` sends). */
export type YjtCallEvent = YjtStartEvent | YjtEndEvent;

/**
 * `onEvent` 钩子：同步调用；抛出的异常（或返回的 Promise 的拒绝）被吞掉，不影响调用本身。
 * The `onEvent` hook: called synchronously; whatever it throws (or a promise it returns rejects
 * with) is swallowed and never changes the call's outcome.
 *
 * @example
 * ```ts
 * const client = new YjtClient({
 *   ...config,
 *   onEvent: (e) => { if (e.type === 'end') logger.info(e, 'yjt call'); },
 * });
 * ```
 */
export type YjtEventHook = (event: YjtEvent) => void;

/** INVALID_CONFIG unless `hook` is undefined or a function. */
export function checkHook<H extends (event: never) => void = YjtEventHook>(hook: unknown): H | undefined {
  if (hook !== undefined && typeof hook !== 'function') {
    throw new YjtError('INVALID_CONFIG', '配置项 onEvent 须为函数 (config field onEvent must be a function)');
  }
  return hook as H | undefined;
}

let nextCallId = 0;
/** Monotonic ms where there is `performance`, wall-clock ms otherwise. */
export const clock = (): number => (typeof performance === 'object' && performance !== null && typeof performance.now === 'function' ? performance.now() : Date.now());

/** Calls the hook with a frozen event; whatever it throws or rejects with is swallowed. */
export function notify<E extends YjtEvent>(hook: (event: E) => void, event: E): void {
  try {
    const r = hook(Object.freeze(event)) as unknown;
    if (r !== null && typeof r === 'object' && typeof (r as Promise<unknown>).then === 'function') {
      Promise.resolve(r).catch(() => {});
    }
  } catch {
    // A broken hook must not break the call.
  }
}

/** What a call saw of the answer, filled in by the caller as it goes. */
export interface CallOutcome {
  status?: number;
  errcode?: number;
}

/**
 * Runs one gateway call between a `start` and an `end` event (no events without a hook). The
 * end event takes status / errcode from the YjtError, or from `seen` on success.
 */
export async function observed<T>(
  hook: ((event: YjtCallEvent) => void) | undefined,
  base: { client: YjtStartEvent['client']; method: YjtStartEvent['method']; host: string },
  run: (seen: CallOutcome) => Promise<T>,
): Promise<T> {
  const seen: CallOutcome = {};
  if (!hook) return run(seen);
  const callId = ++nextCallId;
  const head = { callId, client: base.client, method: base.method, host: base.host };
  notify(hook, { type: 'start', ...head });
  const t0 = clock();
  const end = (status: number | undefined, errcode: number | undefined, code: YjtErrorCode | null, retryable: boolean) =>
    notify(hook, {
      type: 'end',
      ...head,
      durationMs: Math.max(0, clock() - t0),
      status: typeof status === 'number' ? status : null,
      errcode: typeof errcode === 'number' ? errcode : null,
      code,
      retryable,
    });
  let result: T;
  try {
    result = await run(seen);
  } catch (e) {
    const err = documented(e);
    end(err.status ?? seen.status, err.errcode, err.code, err.retryable);
    throw err;
  }
  end(seen.status, seen.errcode, null, false);
  return result;
}

export function abortedError(): YjtError {
  return new YjtError('ABORTED', '调用方已取消请求 (the caller aborted the request)');
}

/** INVALID_INPUT unless `sig` is undefined or looks like an AbortSignal. */
export function checkSignal(sig: unknown): AbortSignal | undefined {
  if (sig !== undefined && (typeof sig !== 'object' || sig === null || typeof (sig as AbortSignal).addEventListener !== 'function')) {
    throw new YjtError('INVALID_INPUT', 'signal 须为 AbortSignal (signal must be an AbortSignal)');
  }
  return sig as AbortSignal | undefined;
}

/** The configured fetch, or the global one; INVALID_CONFIG when there is none. */
export function resolveFetch(f: unknown): typeof fetch {
  if (f !== undefined && typeof f !== 'function') {
    throw new YjtError('INVALID_CONFIG', '配置项 fetch 须为函数 (config field fetch must be a function)');
  }
  const g = (f ?? globalThis.fetch) as typeof fetch | undefined;
  if (typeof g !== 'function') {
    throw new YjtError('INVALID_CONFIG', '当前运行时没有全局 fetch，请通过配置项 fetch 传入 (no global fetch: pass config.fetch)');
  }
  return g;
}

/**
 * Sends one request and reads the answer. Rejects only with YjtError: NETWORK, TIMEOUT,
 * ABORTED (the caller's signal) or BAD_RESPONSE (not a Response, over the cap, not UTF-8).
 */
export async function send(req: WireRequest, opts: TransportOptions): Promise<WireResponse> {
  const { timeoutMs, maxBodyBytes, signal } = opts;
  if (signal?.aborted) throw abortedError();
  const host = hostOf(req.url);
  const ctrl = new AbortController();
  // Why the request ended early; the first reason wins.
  let ended: 'timeout' | 'aborted' | undefined;
  const timer = setTimeout(() => { ended ??= 'timeout'; ctrl.abort(); }, timeoutMs);
  const onCallerAbort = () => { ended ??= 'aborted'; ctrl.abort(); };
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  // Settles (rejects) on timeout or abort even when a custom fetch or its body ignores the signal.
  let onExpire = (): void => {};
  const expired = new Promise<never>((_, reject) => {
    onExpire = () => reject(ctrl.signal.reason);
    ctrl.signal.addEventListener('abort', onExpire, { once: true });
  });
  expired.catch(() => {});
  const early = (e: unknown): YjtError | undefined => {
    if (ended === 'aborted') return abortedError();
    if (ended === 'timeout') {
      return new YjtError('TIMEOUT', `网关 ${host} 在 ${timeoutMs} ms 内未响应 (no answer from ${host} within ${timeoutMs} ms)`, {
        retryable: true,
        cause: sanitized(e),
      });
    }
    return undefined;
  };
  try {
    let res: Response;
    let fetched: Promise<Response> | undefined;
    try {
      const init: RequestInit = { method: req.method, headers: req.headers, signal: ctrl.signal, redirect: 'manual' };
      if (req.body !== undefined) init.body = req.body;
      // Redirects are not followed: the gateway never redirects, and following one could
      // send the signed headers to another host or over plain http.
      fetched = Promise.resolve(opts.fetch(req.url, init));
      res = await Promise.race([fetched, expired]);
    } catch (e) {
      const stop = early(e);
      if (stop) {
        // A fetch that ignored the signal may still answer: cancel that answer's body at
        // once, so its connection is closed instead of staying open.
        fetched?.then(discard, () => {});
        throw stop;
      }
      // Neither the message nor the cause carries what fetch threw: custom fetch
      // implementations put the request URL (with the one-time code) in their errors.
      throw new YjtError('NETWORK', `无法连接网关 ${host} (could not reach the gateway ${host}): ${describe(e)}`, {
        retryable: true,
        cause: sanitized(e),
      });
    }
    if (!isResponse(res)) {
      throw new YjtError('BAD_RESPONSE', 'fetch 未返回 Response 对象 (fetch did not return a Response)');
    }
    let body: Uint8Array;
    try {
      body = await Promise.race([readCapped(res, maxBodyBytes, ctrl.signal), expired]);
    } catch (e) {
      if (e instanceof YjtError) throw e;
      const stop = early(e);
      if (stop) throw stop;
      throw new YjtError('NETWORK', `读取网关 ${host} 的响应失败 (reading the answer of ${host} failed): ${describe(e)}`, {
        retryable: true,
        cause: sanitized(e),
      });
    }
    return { status: res.status, body };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
    // The signal can outlive the request (undici keeps it until its request is collected): no
    // listener of ours may stay on it, holding this call's context (the request's headers).
    ctrl.signal.removeEventListener('abort', onExpire);
  }
}

// The documented error codes, checked against the YjtErrorCode type by the compiler.
const DOCUMENTED: Record<YjtErrorCode, true> = {
  INVALID_CONFIG: true, INVALID_INPUT: true, INVALID_KEY: true, DECRYPT_FAILED: true, NETWORK: true,
  TIMEOUT: true, ABORTED: true, HTTP_STATUS: true, BAD_RESPONSE: true, GATEWAY_FAILURE: true,
  GATEWAY_INVALID_PARAMS: true, GATEWAY_SIGNATURE: true, GATEWAY_REJECTED: true, MISSING_HEADER: true,
  INVALID_HEADER: true, TIMESTAMP_SKEW: true, SIGNATURE_MISMATCH: true, HEADER_MISMATCH: true, INTERNAL: true,
  STORE_UNAVAILABLE: true, STORE_TAMPERED: true, NONCE_REPLAY: true,
};

/**
 * Whatever reaches the caller is a YjtError with a documented code. Anything else (an error
 * thrown by the configured `now()`, an engine RangeError, an error with a foreign `code` such
 * as ERR_STRING_TOO_LONG) becomes INTERNAL; its message is not quoted (it may hold anything).
 */
export function documented(e: unknown): YjtError {
  if (e instanceof YjtError && Object.prototype.hasOwnProperty.call(DOCUMENTED, e.code)) return e;
  return new YjtError('INTERNAL', `内部错误 (internal error): ${describe(e)}`, { cause: sanitized(e) });
}

/** `host:port` of a URL — never its path or query (the query may hold a one-time code). */
export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return '?';
  }
}

function isResponse(r: unknown): r is Response {
  const x = r as Partial<Response> | null;
  return typeof x === 'object' && x !== null && typeof x.status === 'number' && typeof x.headers?.get === 'function';
}

/** Cancels the body of an answer nobody will read (late, or cut short). */
function discard(r: unknown): void {
  const body = isResponse(r) ? r.body : null;
  if (body && typeof body.cancel === 'function' && !body.locked) body.cancel().catch(() => {});
}

const NAME = /^[A-Za-z_$][\w$]{0,63}$/;
const ERRNO = /^[A-Z][A-Z0-9_]{1,47}$/;

/** The error's name and an errno-like code (its own or a cause's), nothing else. */
// Deno's fetch errors carry no errno code, only a message (which quotes the URL): the errno is
// recognised from fixed phrases and the message itself is never kept.
const PHRASES: readonly [RegExp, string][] = [
  [/connection refused|os error 111\b/i, 'ECONNREFUSED'],
  [/dns error|failed to lookup address|name or service not known/i, 'ENOTFOUND'],
  [/connection reset|os error 104\b|connection closed before message completed/i, 'ECONNRESET'],
  [/no route to host|os error 113\b/i, 'EHOSTUNREACH'],
  [/network is unreachable|os error 101\b/i, 'ENETUNREACH'],
  [/timed out|os error 110\b/i, 'ETIMEDOUT'],
];

function facts(e: unknown): { name: string; code?: string } {
  const err = e as { name?: unknown } | null;
  const name = typeof err?.name === 'string' && NAME.test(err.name) ? err.name : 'Error';
  let c: unknown = e;
  let phrase: string | undefined;
  for (let i = 0; i < 4 && typeof c === 'object' && c !== null; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && ERRNO.test(code)) return { name, code };
    const message = (c as { message?: unknown }).message;
    if (phrase === undefined && typeof message === 'string') phrase = PHRASES.find(([re]) => re.test(message))?.[1];
    c = (c as { cause?: unknown }).cause;
  }
  return phrase ? { name, code: phrase } : { name };
}

/** Error name and errno code only — never a message (it may quote the URL), never a stack. */
function describe(e: unknown): string {
  const { name, code } = facts(e);
  return code ? `${name} (${code})` : name;
}

/**
 * A stand-in for a transport error that keeps what helps (its class, name and errno code) and
 * drops what can leak (message, URL, stack, other properties, its own cause chain).
 */
export function sanitized(e: unknown): Error {
  const { name, code } = facts(e);
  const Ctor = e instanceof TypeError ? TypeError : e instanceof RangeError ? RangeError : Error;
  const out = new Ctor(code ? `${name} (${code})` : name);
  if (out.name !== name) Object.defineProperty(out, 'name', { value: name, configurable: true, writable: true });
  if (code) (out as Error & { code?: string }).code = code;
  return out;
}

/**
 * Read the body's bytes, refusing more than `max` bytes: a declared Content-Length above
 * the cap is refused before any read; a streamed body is cut at the first chunk past the cap.
 * On `signal` (timeout or abort) the reader is cancelled, so the connection is closed even when
 * a custom fetch ignored the signal.
 */
async function readCapped(res: Response, max: number, signal: AbortSignal): Promise<Uint8Array> {
  const tooBig = () => new YjtError('BAD_RESPONSE', `网关响应超过 ${max} 字节上限 (the answer exceeds the ${max}-byte cap)`, { status: res.status });
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    throw tooBig();
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const onAbort = () => void reader.cancel(signal.reason).catch(() => {});
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) break;
      if (!(value instanceof Uint8Array)) {
        // A custom fetch's body of strings or objects: no byte count, so no cap would hold.
        await reader.cancel().catch(() => {});
        throw new YjtError('BAD_RESPONSE', '网关响应体不是字节流 (the response body is not a byte stream)', { status: res.status });
      }
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => {});
        throw tooBig();
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) { all.set(c, off); off += c.byteLength; }
  return all;
}
