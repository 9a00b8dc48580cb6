/**
 * code 换取用户认证信息：配置、请求构造、响应解析（协议逻辑都在 Rust 内核中）。
 * The code → identity exchange without I/O: config, request parts, response parsing. Every
 * protocol decision is made by the Rust core; this module converts types.
 *
 * @module
 */
import * as core from './core.js';
import { YjtError, call, live, needNumber, needString, optObject, optString, toJson } from './errors.js';
import type { GatewayOptions } from './gateway.js';
import type { CertificateTypeCode, ChannelCode } from './dict.js';
import { maskIdCard, maskName, maskPhone } from './dict.js';
import { defineInspect } from './redact.js';
import { poolNonce } from './random.js';

/**
 * 网关预设（来自内核）：政务外网地址与两个环境的 service ID。
 * The gateway presets, from the core: the 政务外网 URL and the service id of each environment.
 *
 * @example
 * ```ts
 * GATEWAY_PRESETS.serviceIds.test; // 'DGSP_1911964810465574914'
 * ```
 */
export const GATEWAY_PRESETS: Readonly<{ baseUrl: string; serviceIds: Readonly<{ production: string; test: string }> }> =
  ((p: { baseUrl: string; serviceIds: { production: string; test: string } }) =>
    Object.freeze({ ...p, serviceIds: Object.freeze(p.serviceIds) }))(JSON.parse(call(() => core.presets())));

/** 可能加密字段的解密策略 / policy for fields the gateway may or may not encrypt. */
export type FieldPolicy = 'auto' | 'always' | 'never';

/**
 * SDK 配置 / the SDK configuration.
 *
 * @example
 * ```ts
 * const config: YjtConfig = {
 *   env: 'test', appCode: 'HOSP001', appKey: process.env.YJT_APP_KEY!,
 *   paasId: process.env.YJT_PAAS_ID!, paasToken: process.env.YJT_PAAS_TOKEN!, appSecret: process.env.YJT_APP_SECRET,
 * };
 * ```
 */
export interface YjtConfig {
  /** 环境：决定默认 service ID / selects the default service id. */
  env: 'production' | 'test';
  /** 系统编码（粤健通分配）/ assigned system code. */
  appCode: string;
  /** SM4 密钥：32 位十六进制或 16 个字符 / SM4 key: 32 hex chars or 16 characters. */
  appKey: string;
  paasId: string;
  /** 参与签名的网关令牌 / the gateway token (signed, never sent). */
  paasToken: string;
  /** 作为请求头发送 / sent as its header. */
  appSecret?: string;
  /** 覆盖环境预设的 service ID / overrides the env preset. */
  serviceId?: string;
  /** 默认政务外网网关地址；可指向前置机/代理 / defaults to the 政务外网 gateway URL. */
  baseUrl?: string;
  /** 默认 1（预约挂号）/ default business type, 1. */
  businessType?: number;
  /** 网关变体 / gateway variants. */
  gateway?: GatewayOptions;
  /** name / healthCardNo 的解密策略，默认 auto / decryption policy, default auto. */
  decryptFields?: { name?: FieldPolicy; healthCardNo?: FieldPolicy };
  /** 允许非回环地址的明文 http / allow plain http to a non-loopback host. */
  allowInsecureHttp?: boolean;
  /** 超时毫秒，默认 10000 / timeout in ms (client only). */
  timeoutMs?: number;
  /** 响应体上限字节，默认 1 MiB / response body cap (client only). */
  maxBodyBytes?: number;
  /** 自定义 fetch（代理、前置机）/ custom fetch (client only). */
  fetch?: typeof fetch;
  /** 时钟（Unix 毫秒），默认 Date.now / the clock (tests). */
  now?: () => number;
}

/** 字典标签 / dictionary labels, null for unknown codes. */
export interface YjtUserLabels {
  certificateType: string | null;
  gender: string | null;
  nation: string | null;
  channel: string | null;
}

/**
 * 解密后的用户身份（字段名与协议一致）。`util.inspect` 只显示脱敏值；`JSON.stringify` 为完整数据（用于会话存储）。
 * The decrypted identity. `util.inspect` shows masked values; `JSON.stringify` gives the full
 * data (for your session store — do not log it).
 */
export interface YjtUser {
  userId: string;
  name: string;
  phone: string;
  certificateNo: string;
  certificateType: CertificateTypeCode | (string & {});
  healthCardNo: string;
  gender: number | null;
  nation: string;
  channel: ChannelCode | (string & {});
  labels: YjtUserLabels;
}

/** 请求要素 / request parts. */
export interface ExchangeRequest {
  method: 'GET';
  url: string;
  headers: Record<string, string>;
}

/** 构造请求的选项 / request options. */
export interface ExchangeRequestOptions {
  businessType?: number;
  timestamp?: string;
  nonce?: string;
}

/** 网关响应 / the gateway's answer. */
export interface GatewayResponse {
  status: number;
  body: string;
}

const CORE_FIELDS = [
  'env', 'appCode', 'appKey', 'paasId', 'paasToken', 'appSecret', 'serviceId', 'baseUrl',
  'businessType', 'gateway', 'decryptFields', 'allowInsecureHttp',
] as const;

/** The JSON part of a config, as the core takes it (functions and client-only fields dropped). */
function coreConfig(config: YjtConfig): Record<string, unknown> {
  if (typeof config !== 'object' || config === null) {
    throw new YjtError('INVALID_CONFIG', '配置须为对象 (config must be an object)');
  }
  const out: Record<string, unknown> = {};
  for (const k of CORE_FIELDS) if (config[k] !== undefined) out[k] = config[k];
  if (nonFinite(config.businessType)) {
    throw new YjtError('INVALID_CONFIG', '配置项 businessType 须为正整数 (config field businessType must be a positive integer)');
  }
  return out;
}

/** NaN / ±Infinity would cross into the core as JSON null, i.e. silently "unset". */
function nonFinite(v: unknown): boolean {
  return typeof v === 'number' && !Number.isFinite(v);
}

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

function decorateUser(u: YjtUser): YjtUser {
  return Object.assign(Object.create(USER_PROTO) as YjtUser, u);
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
 * const user = ex.parseResponse({ status: res.status, body: await res.text() });
 * ```
 */
export class YjtExchange {
  #inner: core.Exchange | undefined;
  #now: () => number;
  /** 环境 / the environment. */
  readonly env: 'production' | 'test';
  /** 系统编码 / the appCode. */
  readonly appCode: string;

  constructor(config: YjtConfig) {
    const c = coreConfig(config);
    if (config.now !== undefined && typeof config.now !== 'function') {
      throw new YjtError('INVALID_CONFIG', '配置项 now 须为函数 (config field now must be a function)');
    }
    const json = toJson(c, 'config', 'INVALID_CONFIG');
    this.#inner = core.track(call(() => new core.Exchange(json)));
    this.#now = config.now ?? Date.now;
    this.env = config.env;
    this.appCode = config.appCode;
    defineInspect(this, () => ({ env: this.env, appCode: this.appCode, secrets: '[REDACTED]' }));
  }

  #core(): core.Exchange {
    if (this.#inner === undefined) throw new YjtError('INVALID_INPUT', '该对象已释放 (this object was freed)');
    return live(this.#inner);
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
    const inner = this.#core();
    const c = needString(code, 'code');
    const bt = options.businessType;
    if (bt !== undefined && typeof bt !== 'number') {
      throw new YjtError('INVALID_INPUT', 'businessType 须为正整数 (businessType must be a positive integer)');
    }
    const timestamp = optString(options.timestamp, 'timestamp');
    const nonce = optString(options.nonce, 'nonce') ?? poolNonce();
    const now = needNumber(this.#now(), 'now()');
    const r = JSON.parse(call(() => inner.buildRequest(c, now, bt, timestamp, nonce))) as { url: string; headers: [string, string][] };
    return { method: 'GET', url: r.url, headers: Object.fromEntries(r.headers) };
  }

  /**
   * 解析网关响应为用户身份，或抛出带 code 的 YjtError。
   * Parses the answer into an identity, or throws a YjtError.
   *
   * @example
   * ```ts
   * const user = ex.parseResponse({ status: 200, body });
   * user.labels.nation; // '汉族'
   * ```
   */
  parseResponse(res: GatewayResponse): YjtUser {
    if (typeof res !== 'object' || res === null) {
      throw new YjtError('INVALID_INPUT', 'res 须为 { status, body } (res must be { status, body })');
    }
    const body = needString(res.body, 'body');
    const status = res.status;
    if (typeof status !== 'number') throw new YjtError('INVALID_INPUT', 'status 须为数字 (status must be a number)');
    const inner = this.#core();
    return decorateUser(JSON.parse(call(() => inner.parseResponse(status, body))) as YjtUser);
  }

  /** 释放 WASM 内存（可重复调用）/ releases the WASM memory (idempotent). */
  free(): void {
    const c = this.#inner;
    this.#inner = undefined;
    core.release(c);
  }

  [Symbol.dispose](): void {
    this.free();
  }

  toJSON(): Record<string, string> {
    return { env: this.env, appCode: this.appCode };
  }

  toString(): string {
    return `YjtExchange { env: ${this.env}, appCode: ${this.appCode} }`;
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
