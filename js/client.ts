/**
 * YjtClient：在 YjtExchange 之上只加 fetch 传输（超时、取消、响应体上限、同 code 合并）。
 * The client: YjtExchange plus the shared fetch transport (transport.ts: timeout, body-size
 * cap, no redirects) and coalescing of concurrent calls with the same code. It never retries on
 * its own: a code is single-use, and a retried request may find it already consumed.
 *
 * @module
 */
import { configJson, optObject, rebuilt } from './call.js';
import { YjtError } from './errors.js';
import { abortedError, checkHook, checkSignal, clock, documented, hostOf, notify, observed, resolveFetch, send, type YjtEventHook } from './transport.js';
import { Handle, type Rebuild } from './handle.js';
import { sealConfig, type SealedConfig } from './revive.js';
import { YjtExchange, decorateUser, type ExchangeRequest, type YjtConfig, type YjtUser } from './exchange.js';
import { once, type OnceSettings } from './store/once.js';
import { splitStoreConfig, type StoreConfig, type StoreSettings } from './store/options.js';
import { sealer } from './store/seal.js';

/**
 * YjtClient 的配置：YjtConfig 加上多实例共享存储（见 README“多实例部署”）。
 * The client's config: YjtConfig plus the shared store for several instances.
 */
export interface YjtClientConfig extends YjtConfig, StoreConfig {}


/** exchangeCode 的选项 / options of exchangeCode. */
export interface ExchangeCodeOptions {
  /** 业务类型，默认取配置（1）/ business type; defaults to the config's (1). */
  businessType?: number;
  /** 调用方取消信号 / the caller's abort signal. */
  signal?: AbortSignal;
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
export class YjtClient extends Handle<YjtExchange> {
  #fetch: typeof fetch;
  #timeoutMs: number;
  #maxBodyBytes: number;
  #onEvent: YjtEventHook | undefined;
  #inflight = new Map<string, Promise<YjtUser>>();
  #once: OnceSettings | undefined;
  /** 环境 / the environment. */
  readonly env: 'production' | 'test';
  /** 系统编码 / the appCode. */
  readonly appCode: string;

  /** 构造时校验全部配置（错误点名字段，不回显值）/ validates the whole config up front. */
  constructor(config: YjtClientConfig) {
    // Limits and their defaults are the core's (validated there with every other field).
    const [core, stored] = splitStoreConfig(config);
    const exchange = new YjtExchange(core);
    // Sealed only once the exchange accepted the config (a rebuild then cannot fail validation).
    super(exchange, rebuildExchange(sealConfig(configJson(core, 'config')), config.now));
    this.#timeoutMs = exchange.timeoutMs;
    this.#maxBodyBytes = exchange.maxBodyBytes;
    try {
      this.#fetch = resolveFetch(config.fetch);
      this.#onEvent = checkHook(config.onEvent);
    } catch (e) {
      this.free();
      throw e;
    }
    if (stored) this.#once = onceSettings(stored, this.#timeoutMs, this.#onEvent);
    this.env = exchange.env;
    this.appCode = exchange.appCode;
  }

  protected view(): Record<string, unknown> {
    return { env: this.env, appCode: this.appCode };
  }

  /** 释放 WASM 内存并清零（含共享存储的键名密钥）/ frees and zeroizes, the store's naming key too. */
  override free(): void {
    super.free();
    const o = this.#once;
    this.#once = undefined;
    o?.sealer.then((s) => s.close(), () => {});
  }

  protected override inspectView(): Record<string, unknown> {
    return { ...this.view(), timeoutMs: this.#timeoutMs, secrets: '[REDACTED]' };
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
    return this.inner.buildRequest(code, options);
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
    // After a WASM trap the client rebuilds its core object from its sealed config (revive.ts).
    if (this.stale) return this.revive().then(() => this.#exchange(code, opts));
    return this.#exchange(code, opts);
  }

  #exchange(code: string, opts: ExchangeCodeOptions | undefined): Promise<YjtUser> {
    let req: ExchangeRequest;
    let options: Partial<ExchangeCodeOptions>;
    try {
      options = optObject(opts, 'options');
      checkSignal(options.signal);
      if (options.signal?.aborted) throw abortedError();
      req = this.inner.buildRequest(code, { businessType: options.businessType });
    } catch (e) {
      return Promise.reject(documented(rebuilt(e, false)));
    }
    // The request URL holds the code and the effective businessType (the config's default
    // filled in by the core), so `exchangeCode(c)` and `exchangeCode(c, { businessType: 1 })`
    // share one request when 1 is the default. Headers (timestamp, nonce) are per request.
    const key = req.url;
    let shared = this.#inflight.get(key);
    if (!shared) {
      // With a store, one instance of all those sharing it sends the request (store/once.ts).
      const o = this.#once;
      const run = o ? once(o, `exchange\n${key}`, (budgetMs) => this.#send(req, budgetMs, code), (v) => decorateUser(v as YjtUser)) : this.#send(req, this.#timeoutMs, code);
      shared = run.finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, shared);
    }
    // Every caller gets its own copy: one caller mutating its identity must not change another's.
    return withSignal(shared.then(copyUser), options.signal).catch((e: unknown) => {
      throw documented(e);
    });
  }

  async #send(req: ExchangeRequest, timeoutMs: number, code: string): Promise<YjtUser> {
    // No caller signal here: the request is shared; each caller races its own (withSignal).
    // One start / end event pair per gateway request (coalesced callers share it).
    return observed(this.#onEvent, { client: 'YjtClient', method: 'GET', host: hostOf(req.url) }, async (seen) => {
      const res = await send(req, { fetch: this.#fetch, timeoutMs, maxBodyBytes: this.#maxBodyBytes });
      seen.status = res.status;
      let user: YjtUser;
      try {
        user = this.inner.parseResponse(res);
      } catch (e) {
        throw withoutCode(rebuilt(e, true), code);
      }
      seen.errcode = 0;
      return user;
    });
  }
}

/** How a client makes its exchange again after a trap: from the sealed config alone. */
function rebuildExchange(sealed: SealedConfig, now: YjtConfig['now']): Rebuild<YjtExchange> {
  return async () => new YjtExchange({ ...(JSON.parse(await sealed.open()) as YjtConfig), now });
}

/**
 * The store settings of a client. Outside the constructor on purpose: a closure made there would
 * share its scope with the config, and keep the config (and its secrets) alive with the client.
 */
function onceSettings(stored: StoreSettings, timeoutMs: number, hook: YjtEventHook | undefined): OnceSettings {
  const s = sealer(stored.secret, stored.prefix);
  s.catch(() => {}); // an error surfaces (as a bypass) on first use
  return {
    store: stored.store,
    sealer: s,
    ttlMs: stored.ttlMs,
    timeoutMs,
    failure: stored.failure,
    clock,
    report: (r) => hook && notify(hook, { type: 'store', role: r.role, error: r.error, waitedMs: r.waitedMs }),
  };
}

/**
 * The error without the one-time code: a gateway that echoes it in its errmsg would otherwise
 * put it in our message (codes of 8+ characters; shorter ones occur in ordinary words).
 */
function withoutCode(e: unknown, code: string): unknown {
  if (!(e instanceof YjtError) || code.length < 8 || !e.message.includes(code)) return e;
  return new YjtError(e.code, e.message.split(code).join('***'), {
    errcode: e.errcode, status: e.status, retryable: e.retryable, field: e.field,
  });
}

/** Each caller's own identity: a copy with the same (masking) prototype and its own labels. */
function copyUser(u: YjtUser): YjtUser {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(u) as object) as YjtUser, u);
  if (typeof u.labels === 'object' && u.labels !== null) copy.labels = { ...u.labels };
  return copy;
}
