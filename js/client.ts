/**
 * YjtClient：在 YjtExchange 之上只加 fetch 传输（超时、取消、响应体上限、同 code 合并）。
 * The client: YjtExchange plus a fetch transport — timeout, caller abort, a body-size cap and
 * coalescing of concurrent calls with the same code. It never retries on its own: a code is
 * single-use, and a retried request may find it already consumed.
 *
 * @module
 */
import { YjtError, optObject, type YjtErrorCode } from './errors.js';
import { defineInspect } from './redact.js';
import { YjtExchange, type ExchangeRequest, type YjtConfig, type YjtUser } from './exchange.js';


/** exchangeCode 的选项 / options of exchangeCode. */
export interface ExchangeCodeOptions {
  /** 业务类型，默认取配置（1）/ business type; defaults to the config's (1). */
  businessType?: number;
  /** 调用方取消信号 / the caller's abort signal. */
  signal?: AbortSignal;
}

function abortedError(): YjtError {
  return new YjtError('ABORTED', '调用方已取消请求 (the caller aborted the request)');
}

/** Race a promise against the caller's signal without cancelling the shared work. */
function withSignal<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

/**
 * 粤健通 code 换取用户身份的客户端。
 * The 粤健通 client: exchanges a one-time code for the user's identity over fetch.
 *
 * @example
 * ```ts
 * import { YjtClient } from 'yjt-sso';
 * const client = new YjtClient({ env: 'production', appCode, appKey, paasId, paasToken, appSecret });
 * const user = await client.exchangeCode(code);   // { userId, name, phone, certificateNo, … }
 * ```
 */
export class YjtClient {
  #exchange: YjtExchange;
  #fetch: typeof fetch;
  #timeoutMs: number;
  #maxBodyBytes: number;
  #inflight = new Map<string, Promise<YjtUser>>();
  /** 环境 / the environment. */
  readonly env: 'production' | 'test';
  /** 系统编码 / the appCode. */
  readonly appCode: string;

  /** 构造时校验全部配置（错误点名字段，不回显值）/ validates the whole config up front. */
  constructor(config: YjtConfig) {
    // Limits and their defaults are the core's (validated there with every other field).
    this.#exchange = new YjtExchange(config);
    this.#timeoutMs = this.#exchange.timeoutMs;
    this.#maxBodyBytes = this.#exchange.maxBodyBytes;
    const f = config.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') {
      throw new YjtError('INVALID_CONFIG', '当前运行时没有全局 fetch，请通过配置项 fetch 传入 (no global fetch: pass config.fetch)');
    }
    this.#fetch = f;
    this.env = this.#exchange.env;
    this.appCode = this.#exchange.appCode;
    defineInspect(this, () => ({ env: this.env, appCode: this.appCode, timeoutMs: this.#timeoutMs, secrets: '[REDACTED]' }));
  }

  /**
   * 只构造请求、不发送（供自定义传输）/ the request parts, unsent (for a custom transport).
   *
   * @example
   * ```ts
   * const { url, headers } = client.buildRequest(code);
   * ```
   */
  buildRequest(code: string, options?: { businessType?: number }): ExchangeRequest {
    return this.#exchange.buildRequest(code, options);
  }

  /**
   * 用 code 换取用户身份。并发的同一 code 共用一次请求；不自动重试。
   * Exchanges a code for the identity. Concurrent calls with the same code share one request;
   * nothing is retried automatically.
   *
   * @example
   * ```ts
   * try {
   *   const user = await client.exchangeCode(code, { signal: req.signal });
   * } catch (e) {
   *   if (e instanceof YjtError && e.retryable) { /* 稍后重试 / try later *\/ }
   * }
   * ```
   */
  exchangeCode(code: string, opts?: ExchangeCodeOptions): Promise<YjtUser> {
    let req: ExchangeRequest;
    let options: Partial<ExchangeCodeOptions>;
    try {
      options = optObject(opts, 'options');
      const sig = options.signal as unknown;
      if (sig !== undefined && (typeof sig !== 'object' || sig === null || typeof (sig as AbortSignal).addEventListener !== 'function')) {
        throw new YjtError('INVALID_INPUT', 'signal 须为 AbortSignal (signal must be an AbortSignal)');
      }
      if (options.signal?.aborted) throw abortedError();
      req = this.#exchange.buildRequest(code, { businessType: options.businessType });
    } catch (e) {
      return Promise.reject(documented(e));
    }
    // The request URL holds the code and the effective businessType (the config's default
    // filled in by the core), so `exchangeCode(c)` and `exchangeCode(c, { businessType: 1 })`
    // share one request when 1 is the default. Headers (timestamp, nonce) are per request.
    const key = req.url;
    let shared = this.#inflight.get(key);
    if (!shared) {
      shared = this.#send(req).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, shared);
    }
    // Every caller gets its own copy: one caller mutating its identity must not change another's.
    return withSignal(shared.then(copyUser), options.signal).catch((e: unknown) => {
      throw documented(e);
    });
  }

  async #send(req: ExchangeRequest): Promise<YjtUser> {
    const host = hostOf(req.url);
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; ctrl.abort(); }, this.#timeoutMs);
    // Settles (rejects) on timeout even when a custom fetch or its body ignores the signal.
    const expired = new Promise<never>((_, reject) => {
      ctrl.signal.addEventListener('abort', () => reject(ctrl.signal.reason), { once: true });
    });
    expired.catch(() => {});
    try {
      let res: Response;
      let fetched: Promise<Response> | undefined;
      try {
        // Redirects are not followed: the gateway never redirects, and following one could
        // send the signed headers to another host or over plain http.
        fetched = Promise.resolve(this.#fetch(req.url, { method: req.method, headers: req.headers, signal: ctrl.signal, redirect: 'manual' }));
        res = await Promise.race([fetched, expired]);
      } catch (e) {
        if (timedOut) {
          // A fetch that ignored the signal may still answer: cancel that answer's body at
          // once, so its connection is closed instead of staying open.
          fetched?.then(discard, () => {});
          throw this.#timeout(host, e);
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
      let body: string;
      try {
        body = await Promise.race([readCapped(res, this.#maxBodyBytes, ctrl.signal), expired]);
      } catch (e) {
        if (e instanceof YjtError) throw e;
        if (timedOut) throw this.#timeout(host, e);
        throw new YjtError('NETWORK', `读取网关 ${host} 的响应失败 (reading the answer of ${host} failed): ${describe(e)}`, {
          retryable: true,
          cause: sanitized(e),
        });
      }
      return this.#exchange.parseResponse({ status: res.status, body });
    } finally {
      clearTimeout(timer);
    }
  }

  #timeout(host: string, cause: unknown): YjtError {
    return new YjtError('TIMEOUT', `网关 ${host} 在 ${this.#timeoutMs} ms 内未响应 (no answer from ${host} within ${this.#timeoutMs} ms)`, {
      retryable: true,
      cause: sanitized(cause),
    });
  }

  /** 释放 WASM 内存 / releases the WASM memory. */
  free(): void {
    this.#exchange.free();
  }

  [Symbol.dispose](): void {
    this.free();
  }

  toJSON(): Record<string, string> {
    return { env: this.env, appCode: this.appCode };
  }

  toString(): string {
    return `YjtClient { env: ${this.env}, appCode: ${this.appCode} }`;
  }
}

// The documented error codes, checked against the YjtErrorCode type by the compiler.
const DOCUMENTED: Record<YjtErrorCode, true> = {
  INVALID_CONFIG: true, INVALID_INPUT: true, INVALID_KEY: true, DECRYPT_FAILED: true, NETWORK: true,
  TIMEOUT: true, ABORTED: true, HTTP_STATUS: true, BAD_RESPONSE: true, GATEWAY_FAILURE: true,
  GATEWAY_INVALID_PARAMS: true, GATEWAY_SIGNATURE: true, GATEWAY_REJECTED: true, MISSING_HEADER: true,
  INVALID_HEADER: true, TIMESTAMP_SKEW: true, SIGNATURE_MISMATCH: true, INTERNAL: true,
};

/**
 * Whatever reaches the caller is a YjtError with a documented code. Anything else (an error
 * thrown by the configured `now()`, an engine RangeError, an error with a foreign `code` such
 * as ERR_STRING_TOO_LONG) becomes INTERNAL; its message is not quoted (it may hold anything).
 */
function documented(e: unknown): YjtError {
  if (e instanceof YjtError && Object.prototype.hasOwnProperty.call(DOCUMENTED, e.code)) return e;
  return new YjtError('INTERNAL', `内部错误 (internal error): ${describe(e)}`, { cause: sanitized(e) });
}

/** Each caller's own identity: a copy with the same (masking) prototype and its own labels. */
function copyUser(u: YjtUser): YjtUser {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(u) as object) as YjtUser, u);
  if (typeof u.labels === 'object' && u.labels !== null) copy.labels = { ...u.labels };
  return copy;
}

/** `host:port` of a URL — never its path or query (the query holds the one-time code). */
function hostOf(url: string): string {
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

/** Cancels the body of a late answer (one that arrived after the timeout). */
function discard(r: unknown): void {
  const body = isResponse(r) ? r.body : null;
  if (body && typeof body.cancel === 'function') body.cancel().catch(() => {});
}

const NAME = /^[A-Za-z_$][\w$]{0,63}$/;
const ERRNO = /^[A-Z][A-Z0-9_]{1,47}$/;

/** The error's name and an errno-like code (its own or a cause's), nothing else. */
function facts(e: unknown): { name: string; code?: string } {
  const err = e as { name?: unknown } | null;
  const name = typeof err?.name === 'string' && NAME.test(err.name) ? err.name : 'Error';
  let c: unknown = e;
  for (let i = 0; i < 4 && typeof c === 'object' && c !== null; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && ERRNO.test(code)) return { name, code };
    c = (c as { cause?: unknown }).cause;
  }
  return { name };
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
function sanitized(e: unknown): Error {
  const { name, code } = facts(e);
  const Ctor = e instanceof TypeError ? TypeError : e instanceof RangeError ? RangeError : Error;
  const out = new Ctor(code ? `${name} (${code})` : name);
  if (out.name !== name) Object.defineProperty(out, 'name', { value: name, configurable: true, writable: true });
  if (code) (out as Error & { code?: string }).code = code;
  return out;
}

/**
 * Read the body as UTF-8 text, refusing more than `max` bytes: a declared Content-Length above
 * the cap is refused before any read; a streamed body is cut at the first chunk past the cap.
 * On `signal` (the timeout) the reader is cancelled, so the connection is closed even when a
 * custom fetch ignored the signal.
 */
async function readCapped(res: Response, max: number, signal: AbortSignal): Promise<string> {
  const tooBig = () => new YjtError('BAD_RESPONSE', `网关响应超过 ${max} 字节上限 (the answer exceeds the ${max}-byte cap)`, { status: res.status });
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    throw tooBig();
  }
  if (!res.body) return '';
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
  const all = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) { all.set(c, off); off += c.byteLength; }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new YjtError('BAD_RESPONSE', '网关响应不是合法 UTF-8 (the answer is not valid UTF-8)', { status: res.status });
  }
}
