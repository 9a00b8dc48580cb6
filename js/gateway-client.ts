/**
 * GatewayClient：调用省数据中台网关上的任意接口（签名请求、两种响应包络、与 YjtClient 共用传输）。
 * GatewayClient: calls any API behind the provincial data-center gateway — signed requests,
 * both response envelopes classified by the Rust core, the same transport as YjtClient.
 *
 * @module
 */
import * as core from './core.js';
import { YjtError } from './errors.js';
import { call, configJson, needNumber, optObject, rebuilt } from './call.js';
import type { ApiCallCore, GatewayClientOptionsCore, RequestPartsCore } from './generated.js';
import { Handle, type Rebuild } from './handle.js';
import { checkPersonal, maskOnInspect, type PersonalFields } from './personal.js';
import { poolNonce } from './random.js';
import { sealConfig, type SealedConfig } from './revive.js';
import { checkHook, checkSignal, documented, hostOf, observed, resolveFetch, send, text, type YjtCallEvent } from './transport.js';

export type { GatewayClientOptionsCore } from './generated.js';

/**
 * GatewayClient 的配置。可序列化字段由 Rust 内核定义并校验（错误只点名字段）；函数字段只在 JS 层使用。
 * GatewayClient options. The JSON fields are defined and validated by the Rust core (errors
 * name the field, never its value); the function fields live in JavaScript only.
 *
 * @example
 * ```ts
 * const options: GatewayClientOptions = {
 *   paasId: process.env.YJT_PAAS_ID!, paasToken: process.env.YJT_PAAS_TOKEN!, appSecret: process.env.YJT_APP_SECRET,
 *   serviceId: 'DGSP_…', baseUrl: 'https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api',
 * };
 * ```
 */
export interface GatewayClientOptions extends GatewayClientOptionsCore {
  /** 自定义 fetch（代理、前置机）/ custom fetch (proxy, front processor). */
  fetch?: typeof fetch | undefined;
  /**
   * 可观测性钩子：每次请求前后各收到一个事件（主机、状态码、errcode、错误码、耗时），不含查询串、密钥或个人信息。
   * Observability hook: one event before and one after each request (host, status, errcode, error
   * code, duration); never the query, a secret or personal data. See {@link YjtEvent}.
   *
   * @example
   * ```ts
   * new GatewayClient({ ...options, onEvent: (e) => e.type === 'end' && metrics.observe(e.durationMs) });
   * ```
   */
  onEvent?: ((event: YjtCallEvent) => void) | undefined;
  /** 时钟（Unix 毫秒），默认 Date.now / the clock (tests). */
  now?: (() => number) | undefined;
}

/** 查询参数 / query parameters, appended in order. */
export type GatewayQuery = Record<string, string | number> | [string, string][];

/** request() 的参数 / what request() takes. */
export interface GatewayRequestOptions {
  /** 默认 GET / default GET. */
  method?: 'GET' | 'POST' | undefined;
  /** 查询参数（如 command）/ query parameters (e.g. `command`). */
  query?: GatewayQuery | undefined;
  /** POST 的请求体，按 JSON 编码 / the POST body, JSON-encoded. */
  body?: unknown;
  /** 额外请求头；不得覆盖签名的网关头 / extra headers; may not override the signed gateway headers. */
  headers?: Record<string, string> | undefined;
  /** 调用方取消信号 / the caller's abort signal. */
  signal?: AbortSignal | undefined;
  /**
   * 结果中的个人信息字段（任意层级，按字段名）：`util.inspect` / `console.log` 只显示脱敏值；`JSON.stringify` 仍为明文。
   * The personal fields of the answer (any depth, by name): inspect / `console.log` of the
   * result, its `data` and `envelope` show them masked; `JSON.stringify` stays the full data.
   *
   * @example
   * ```ts
   * const r = await gw.request({ query: { command: '02' }, personal: { xm: 'name', sjhm: 'phone', sfzh: 'idCard' } });
   * console.log(r.data); // { xm: '陈*明', sjhm: '138****8000', sfzh: '1101**********002X' }
   * ```
   */
  personal?: PersonalFields | undefined;
}

/** request() 的结果 / what request() resolves to. */
export interface GatewayResult<T = unknown> {
  /** HTTP 状态码 / the HTTP status. */
  status: number;
  /** 包络中的 data（已解析；没有 data 时为 undefined）/ the envelope's data, parsed (undefined when absent). */
  data: T;
  /** 完整的响应 JSON / the whole parsed response body. */
  envelope: unknown;
}

/** Query as `[name, value]` pairs of strings; numbers must be finite. */
function queryPairs(q: unknown): [string, string][] {
  if (q === undefined) return [];
  const bad = () => new YjtError('INVALID_INPUT', 'query 须为对象或 [名称, 值] 列表，值为字符串或有限数 (query must be an object or [name, value] pairs of strings / finite numbers)');
  const value = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    throw bad();
  };
  if (Array.isArray(q)) {
    return q.map((p: unknown) => {
      if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string') throw bad();
      return [p[0], value(p[1])];
    });
  }
  if (typeof q !== 'object' || q === null) throw bad();
  return Object.entries(q).map(([k, v]) => [k, value(v)]);
}

/**
 * 网关上任意接口的客户端：每次请求按配置签名（timestamp、nonce、signature），
 * 归类 `{errcode, errmsg, data}` 与 `{code, message, success, data}` 两种包络。不自动重试。
 * A client for any API behind the gateway: each request is signed (timestamp, nonce,
 * signature) and its answer classified — `{errcode, errmsg, data}` and
 * `{code, message, success, data}` both. Nothing is retried automatically.
 *
 * @example
 * ```ts
 * import { GatewayClient } from 'yjt-sso';
 * const gw = new GatewayClient({ paasId, paasToken, appSecret, serviceId: 'DGSP_…', baseUrl });
 * const { status, data } = await gw.request({ query: { command: '02', idNo: '…' } });
 * const posted = await gw.request({ method: 'POST', query: { command: '03' }, body: { page: 1 } });
 * gw.free();
 * ```
 */
export class GatewayClient extends Handle<core.Api> {
  #fetch: typeof fetch;
  #onEvent: ((event: YjtCallEvent) => void) | undefined;
  #now: () => number;
  #timeoutMs: number;
  #maxBodyBytes: number;
  /** service ID. */
  readonly serviceId: string;
  /** 网关的 `主机:端口` / the gateway's `host:port`. */
  readonly host: string;

  /** 构造时校验全部配置（错误点名字段，不回显值）/ validates every option up front. */
  constructor(options: GatewayClientOptions) {
    const json = configJson(options, 'options');
    const inner = core.track(call(() => new core.Api(json)));
    super(inner, rebuildApi(sealConfig(json)));
    this.#timeoutMs = inner.timeoutMs;
    this.#maxBodyBytes = inner.maxBodyBytes;
    try {
      this.#fetch = resolveFetch(options.fetch);
      this.#onEvent = checkHook<(event: YjtCallEvent) => void>(options.onEvent);
    } catch (e) {
      this.free();
      throw e;
    }
    this.#now = options.now ?? Date.now;
    this.serviceId = String(options.serviceId);
    this.host = hostOf(options.baseUrl);
  }

  protected view(): Record<string, unknown> {
    return { serviceId: this.serviceId, host: this.host };
  }

  protected override inspectView(): Record<string, unknown> {
    return { ...this.view(), timeoutMs: this.#timeoutMs, secrets: '[REDACTED]' };
  }

  /**
   * 发送一次签名请求，返回状态码、data 与完整包络；网关或服务报错时抛出带 code 的 YjtError。
   * Sends one signed request; resolves to the status, the data and the whole envelope, or
   * rejects with a YjtError (`GATEWAY_*` with `errcode`, `HTTP_STATUS`, `TIMEOUT`, …).
   *
   * @example
   * ```ts
   * try {
   *   const { data } = await gw.request({ method: 'POST', query: { command: '03' }, body: { id: 1 }, signal });
   * } catch (e) {
   *   if (e instanceof YjtError && e.code === 'GATEWAY_REJECTED') console.warn(e.errcode);
   * }
   * ```
   */
  async request<T = unknown>(options?: GatewayRequestOptions): Promise<GatewayResult<T>> {
    let sent = false;
    try {
      // After a WASM trap the client rebuilds its core object from its sealed config (revive.ts).
      if (this.stale) await this.revive();
      const o = optObject(options, 'options');
      const signal = checkSignal(o.signal);
      const personal = checkPersonal(o.personal);
      const method = o.method ?? 'GET';
      if (method !== 'GET' && method !== 'POST') {
        throw new YjtError('INVALID_INPUT', 'method 只能是 GET 或 POST (method must be GET or POST)');
      }
      let body: string | undefined;
      if (o.body !== undefined) {
        if (method !== 'POST') throw new YjtError('INVALID_INPUT', 'GET 请求不能带 body (a GET request has no body)');
        try {
          body = JSON.stringify(o.body);
        } catch {
          throw new YjtError('INVALID_INPUT', 'body 无法转换为 JSON (body cannot be converted to JSON)');
        }
        if (body === undefined) throw new YjtError('INVALID_INPUT', 'body 无法转换为 JSON (body cannot be converted to JSON)');
      }
      const extra = Object.entries(optObject(o.headers, 'headers'));
      for (const [k, v] of extra) {
        if (typeof v !== 'string') {
          throw new YjtError('INVALID_INPUT', `请求头 ${k} 的值须为字符串 (header ${k} must be a string)`, { field: `headers.${k}` });
        }
      }
      const inner = this.inner;
      const c: ApiCallCore = {
        method,
        query: queryPairs(o.query),
        headers: extra as [string, string][],
        now: needNumber(this.#now(), 'now()'),
        nonce: poolNonce(),
      };
      const json = JSON.stringify(c);
      // The core signs, appends the variant's query, and refuses a caller header that would
      // replace a signed one.
      const r = JSON.parse(call(() => inner.buildRequest(json), 'full', true)) as RequestPartsCore;
      const headers: Record<string, string> = r.headers;
      return await observed(this.#onEvent, { client: 'GatewayClient', method, host: this.host }, async (seen) => {
        sent = true;
        const res = await send(
          { method, url: r.url, headers, body },
          { fetch: this.#fetch, timeoutMs: this.#timeoutMs, maxBodyBytes: this.#maxBodyBytes, signal },
        );
        seen.status = res.status;
        const answer = text(res);
        const data = call(() => this.inner.classify(res.status, answer), 'full', true);
        // classify accepted the body as a JSON envelope (depth-limited), so parsing it cannot fail.
        const envelope = JSON.parse(answer) as unknown;
        const errcode = (envelope as { errcode?: unknown } | null)?.errcode;
        if (typeof errcode === 'number') seen.errcode = errcode;
        const result = { status: res.status, data: (data === undefined ? undefined : JSON.parse(data)) as T, envelope };
        if (personal) maskOnInspect(result, personal);
        return result;
      });
    } catch (e) {
      throw documented(rebuilt(e, sent));
    }
  }
}

/** How a client makes its core object again after a trap: from the sealed options alone. */
function rebuildApi(sealed: SealedConfig): Rebuild<core.Api> {
  return async () => {
    const text = await sealed.open();
    return core.track(call(() => new core.Api(text)));
  };
}
