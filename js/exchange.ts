/**
 * code 换取用户认证信息：配置、请求构造、响应解析（协议逻辑都在 Rust 内核中）。
 * The code → identity exchange without I/O: config, request parts, response parsing. Every
 * protocol decision is made by the Rust core; this module converts types.
 *
 * @module
 */
import * as core from './core.js';
import { YjtError } from './errors.js';
import { call, configJson, needNumber, optObject, optString } from './call.js';
import { Handle } from './handle.js';
import type { YjtEvent, YjtEventHook } from './transport.js';
import { PRESETS, VARIANTS, type ExchangeCallCore, type GatewayPresets, type KnownGatewayVariant, type RequestPartsCore, type YjtConfigCore, type YjtUser } from './generated.js';
import { maskIdCard, maskName, maskPhone } from './dict.js';
import { defineInspect } from './redact.js';
import { poolNonce } from './random.js';

export type { FieldPolicy, YjtUser, YjtUserLabels, GatewayPresets, KnownGatewayVariant, VariantPatch } from './generated.js';

/**
 * 网关预设（来自内核）：政务外网地址、接口路径、command、两个环境的 service ID 与各项默认值。
 * The gateway presets, from the core: URL, API path, command, the service id of each
 * environment and every default.
 *
 * @example
 * ```ts
 * GATEWAY_PRESETS.serviceIds.test; // 'DGSP_1911964810465574914'
 * ```
 */
export const GATEWAY_PRESETS: Readonly<GatewayPresets> = deepFreeze(PRESETS);

/**
 * 实际部署中见过的网关变体（来自内核）：每项为名称与需要改动的 gateway 选项；`yjt-sso doctor --detect` 逐一试探。
 * The gateway variants seen in deployments, from the core: a name and the `gateway` options it
 * changes. `yjt-sso doctor --detect` tries each.
 *
 * @example
 * ```ts
 * GATEWAY_VARIANTS.map((v) => v.name); // ['大写签名（默认）/ uppercase signature (the default)', …]
 * ```
 */
export const GATEWAY_VARIANTS: readonly Readonly<KnownGatewayVariant>[] = deepFreeze([...VARIANTS]);

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(o);
}

/**
 * SDK 配置。可序列化的字段由 Rust 内核定义并校验（错误点名字段、不回显值）；函数字段只在 JS 层使用。
 * The SDK configuration. Its JSON fields are defined and validated by the Rust core (errors
 * name the field, never its value); the function fields live in JavaScript only.
 *
 * @example
 * ```ts
 * const config: YjtConfig = {
 *   env: 'test', appCode: 'HOSP001', appKey: process.env.YJT_APP_KEY!,
 *   paasId: process.env.YJT_PAAS_ID!, paasToken: process.env.YJT_PAAS_TOKEN!, appSecret: process.env.YJT_APP_SECRET,
 * };
 * ```
 */
export interface YjtConfig extends YjtConfigCore {
  /** 自定义 fetch（代理、前置机）/ custom fetch (client only). */
  fetch?: typeof fetch | undefined;
  /** 时钟（Unix 毫秒），默认 Date.now / the clock (tests). */
  now?: (() => number) | undefined;
  /**
   * 可观测性钩子（仅 YjtClient）：每次网关调用前后各收到一个事件，不含 code、密钥或个人信息。
   * Observability hook (YjtClient only): one event before and one after each gateway call; never
   * the code, a secret or personal data. See {@link YjtEvent}.
   *
   * @example
   * ```ts
   * new YjtClient({ ...config, onEvent: (e) => e.type === 'end' && console.log(e.code ?? 'ok', e.durationMs) });
   * ```
   */
  onEvent?: YjtEventHook | undefined;
}

/** 请求要素 / request parts. */
export interface ExchangeRequest {
  method: 'GET';
  url: string;
  headers: Record<string, string>;
}

/** 构造请求的选项 / request options. */
export interface ExchangeRequestOptions {
  businessType?: number | undefined;
  timestamp?: string | undefined;
  nonce?: string | undefined;
}

/** 网关响应：响应体为文本或 UTF-8 字节 / the gateway's answer; the body as text or UTF-8 bytes. */
export interface GatewayResponse {
  status: number;
  body: string | Uint8Array;
}

const utf8 = new TextEncoder();

// Shared by every identity: inspect hooks that show the masked view. JSON.stringify still sees
// the own (plaintext) properties — that is what a session store needs.
const USER_PROTO: object = {};
defineInspect(USER_PROTO, function (this: YjtUser) {
  return {
    ...this,
    name: maskName(this.name),
    phone: maskPhone(this.phone),
    certificateNo: maskIdCard(this.certificateNo),
    healthCardNo: maskIdCard(this.healthCardNo),
  };
});

/** The identity with its masking prototype (also for one read back from the shared store). */
export function decorateUser(u: YjtUser): YjtUser {
  // Copying onto an object made with the prototype is cheaper in V8 than setPrototypeOf.
  return Object.assign(Object.create(USER_PROTO) as YjtUser, u);
}

/**
 * The request keeps the real appSecret header (it is what gets sent); its util.inspect /
 * Deno.inspect view shows `[REDACTED]` for the header carrying the appSecret (named by the core,
 * whatever the variant calls it) and for any header whose name mentions a secret.
 */
function requestPrototype(secretHeader: string | undefined): object {
  // One prototype per exchange, shared by its requests: no closure per request.
  const proto = {};
  defineInspect(proto, function (this: ExchangeRequest) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.headers ?? {})) headers[k] = /secret/i.test(k) || k === secretHeader ? '[REDACTED]' : v;
    return { method: this.method, url: this.url, headers };
  });
  return proto;
}

/**
 * 已校验的配置（持有展开的 appKey）：一次构造，多次构造请求、解析响应。无网络 I/O。
 * A validated config holding the expanded appKey; sans-I/O. {@link YjtClient} adds fetch.
 *
 * @example
 * ```ts
 * const ex = new YjtExchange(config);
 * const req = ex.buildRequest(code);                      // { method, url, headers }
 * const res = await myTransport(req);                     // 任意传输 / any transport
 * const user = ex.parseResponse({ status: res.status, body: new Uint8Array(await res.arrayBuffer()) });
 * ```
 */
export class YjtExchange extends Handle<core.Exchange> {
  #now: () => number;
  #requestProto: object;
  /** 环境 / the environment. */
  readonly env: 'production' | 'test';
  /** 系统编码 / the appCode. */
  readonly appCode: string;
  /** 生效的超时毫秒（默认 10000）/ the effective timeout, ms. */
  readonly timeoutMs: number;
  /** 生效的响应体上限（默认 1 MiB）/ the effective body cap, bytes. */
  readonly maxBodyBytes: number;
  /** 生效的默认业务类型（默认 1）/ the effective default business type. */
  readonly businessType: number;

  constructor(config: YjtConfig) {
    const inner = core.track(call(() => new core.Exchange(configJson(config, 'config'))));
    super(inner);
    this.timeoutMs = inner.timeoutMs;
    this.maxBodyBytes = inner.maxBodyBytes;
    this.businessType = inner.businessType;
    this.#now = config.now ?? Date.now;
    this.#requestProto = requestPrototype(inner.secretHeader);
    this.env = config.env;
    this.appCode = config.appCode;
  }

  protected view(): Record<string, unknown> {
    return { env: this.env, appCode: this.appCode };
  }

  /**
   * 构造换取请求（code 先校验）/ builds the request parts; the code is validated first.
   *
   * @example
   * ```ts
   * ex.buildRequest('afadsgfaar', { businessType: 1 }).url;
   * // 'https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api?appCode=…&command=01&code=afadsgfaar&businessType=1'
   * ```
   */
  buildRequest(code: string, opts?: ExchangeRequestOptions): ExchangeRequest {
    const options = optObject(opts, 'options');
    const inner = this.inner;
    if (typeof code !== 'string') throw new YjtError('INVALID_INPUT', 'code 须为字符串 (code must be a string)', { field: 'code' });
    const bt = options.businessType;
    // JSON has no NaN or Infinity: refuse them here rather than let them turn into "absent".
    if (bt !== undefined && (typeof bt !== 'number' || !Number.isFinite(bt))) {
      throw new YjtError('INVALID_INPUT', 'businessType 须为正整数 (businessType must be a positive integer)', { field: 'businessType' });
    }
    const c: ExchangeCallCore = {
      now: needNumber(this.#now(), 'now()'),
      nonce: optString(options.nonce, 'nonce') ?? poolNonce(),
      timestamp: optString(options.timestamp, 'timestamp'),
      businessType: bt,
    };
    const r = JSON.parse(call(() => inner.buildRequest(code, JSON.stringify(c)), 'request', true)) as RequestPartsCore;
    const req = Object.create(this.#requestProto) as ExchangeRequest;
    req.method = 'GET';
    req.url = r.url;
    req.headers = r.headers;
    return req;
  }

  /**
   * 解析网关响应为用户身份，或抛出带 code 的 YjtError。响应体可为文本或 UTF-8 字节（字节更省一次转换）。
   * Parses the answer into an identity, or throws a YjtError. The body may be text or UTF-8
   * bytes (bytes save a conversion).
   *
   * @example
   * ```ts
   * const user = ex.parseResponse({ status: 200, body });
   * user.labels.nation; // '汉族'
   * ```
   */
  parseResponse(res: GatewayResponse): YjtUser {
    if (typeof res !== 'object' || res === null) {
      throw new YjtError('INVALID_INPUT', 'res 须为 { status, body } (res must be { status, body })', { field: 'res' });
    }
    const body = res.body;
    const bytes = typeof body === 'string' ? utf8.encode(body) : body;
    if (!(bytes instanceof Uint8Array)) {
      throw new YjtError('INVALID_INPUT', 'body 须为字符串或 Uint8Array (body must be a string or a Uint8Array)', { field: 'body' });
    }
    const status = needNumber(res.status, 'status');
    const inner = this.inner;
    return decorateUser(JSON.parse(call(() => inner.parseResponse(status, bytes), bytes.length < core.BULK_FIELD_BYTES ? 'response' : 'full', true)) as YjtUser);
  }
}

/**
 * code 是否合法（1–64 个 `[A-Za-z0-9_-]`）；可在路由入口先行过滤。
 * Whether `code` is well-formed (1–64 of `[A-Za-z0-9_-]`); handy at the top of a route.
 *
 * @example
 * ```ts
 * if (!isValidCode(String(req.query.code))) return res.status(400).end();
 * ```
 */
export function isValidCode(code: unknown): boolean {
  return typeof code === 'string' && call(() => core.isValidCode(code));
}

/**
 * 业务类型（十进制字符串，如查询参数中的形式）是否合法：1–2147483647。
 * Whether a business type in its query-string form is valid (decimal, 1–2147483647).
 *
 * @example
 * ```ts
 * isValidBusinessType('1'); // true
 * isValidBusinessType('0'); // false
 * ```
 */
export function isValidBusinessType(value: unknown): boolean {
  return typeof value === 'string' && call(() => core.isValidBusinessType(value));
}

/**
 * 构造换取请求（一次性；频繁调用请复用 YjtExchange / YjtClient）。
 * Builds the exchange request parts (one-off; reuse a YjtExchange or YjtClient when hot).
 *
 * @example
 * ```ts
 * const { method, url, headers } = buildExchangeRequest(config, code);
 * ```
 */
export function buildExchangeRequest(config: YjtConfig, code: string, options?: ExchangeRequestOptions): ExchangeRequest {
  const ex = new YjtExchange(config);
  try {
    return ex.buildRequest(code, options);
  } finally {
    ex.free();
  }
}

/**
 * 解析网关响应（一次性）/ parses a gateway answer (one-off).
 *
 * @example
 * ```ts
 * const user = parseExchangeResponse(config, { status: res.status, body: await res.text() });
 * ```
 */
export function parseExchangeResponse(config: YjtConfig, res: GatewayResponse): YjtUser {
  const ex = new YjtExchange(config);
  try {
    return ex.parseResponse(res);
  } finally {
    ex.free();
  }
}
