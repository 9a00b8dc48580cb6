/**
 * YjtClient：在 YjtExchange 之上只加 fetch 传输（超时、取消、响应体上限、同 code 合并）。
 * The client: YjtExchange plus a fetch transport — timeout, caller abort, a body-size cap and
 * coalescing of concurrent calls with the same code. It never retries on its own: a code is
 * single-use, and a retried request may find it already consumed.
 *
 * @module
 */
import { YjtError, optObject } from './errors.js';
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
      return Promise.reject(e);
    }
    const key = `${options.businessType ?? ''}\u0000${code}`;
    let shared = this.#inflight.get(key);
    if (!shared) {
      shared = this.#send(req).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, shared);
    }
    return withSignal(shared, options.signal);
  }

  async #send(req: ExchangeRequest): Promise<YjtUser> {
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
      try {
        // Redirects are not followed: the gateway never redirects, and following one could
        // send the signed headers to another host or over plain http.
        res = await Promise.race([
          this.#fetch(req.url, { method: req.method, headers: req.headers, signal: ctrl.signal, redirect: 'manual' }),
          expired,
        ]);
      } catch (e) {
        if (timedOut) throw this.#timeout(e);
        throw new YjtError('NETWORK', `无法连接网关 (could not reach the gateway): ${describe(e)}`, { retryable: true, cause: e });
      }
      let body: string;
      try {
        body = await Promise.race([readCapped(res, this.#maxBodyBytes), expired]);
      } catch (e) {
        if (e instanceof YjtError) throw e;
        if (timedOut) throw this.#timeout(e);
        throw new YjtError('NETWORK', `读取网关响应失败 (reading the gateway's answer failed): ${describe(e)}`, { retryable: true, cause: e });
      }
      return this.#exchange.parseResponse({ status: res.status, body });
    } finally {
      clearTimeout(timer);
    }
  }

  #timeout(cause: unknown): YjtError {
    return new YjtError('TIMEOUT', `网关在 ${this.#timeoutMs} ms 内未响应 (no answer within ${this.#timeoutMs} ms)`, { retryable: true, cause });
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

/** Error name and message only — never a URL with a code, never a stack. */
function describe(e: unknown): string {
  const err = e as { name?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = typeof err?.cause?.code === 'string' ? ` (${err.cause.code})` : '';
  const name = typeof err?.name === 'string' ? err.name : 'Error';
  return `${name}${code}`;
}

/** Read the body as UTF-8 text, refusing more than `max` bytes. */
async function readCapped(res: Response, max: number): Promise<string> {
  const tooBig = () => new YjtError('BAD_RESPONSE', `网关响应超过 ${max} 字节上限 (the answer exceeds the ${max}-byte cap)`, { status: res.status });
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    throw tooBig();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooBig();
    }
    chunks.push(value);
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
