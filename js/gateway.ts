/**
 * 省卫健数据中台网关（x-tsp 家族）请求签名与入站校验。
 * Gateway request signing (x-tsp family) and verification of inbound gateway headers.
 * The token is signed; the appSecret only travels as its own header.
 *
 * @module
 */
import * as core from './core.js';
import { poolNonce } from './random.js';
import { YjtError } from './errors.js';
import { call, needNumber, needString, optObject, optString, toJson } from './call.js';
import { checkStore, type YjtStore } from './store.js';
import { defineInspect } from './redact.js';
import { claimNonce, nonceWindowMs } from './store/nonce.js';
import type {
  GatewayCredentialsCore,
  GatewayHeadersCall,
  GatewayVerdict,
  VerifiedGatewayHeaders,
  VerifyCallCore,
  VerifyGatewayOptionsCore,
} from './generated.js';

export type { GatewayCheck, GatewayOptions, GatewayVerdict, ResolvedGatewayOptions, VerifiedGatewayHeaders } from './generated.js';

/** 网关凭据 / gateway credentials issued per hospital. */
export type GatewayCredentials = GatewayCredentialsCore;

/** 签名输入（测试时可固定）/ signing inputs, fixable for tests. */
export interface SignOptions {
  /** 固定时间戳（十进制字符串）/ a fixed timestamp string. */
  timestamp?: string | undefined;
  /** 固定 nonce（1–64 个可见 ASCII，不含逗号）/ a fixed nonce (1–64 visible ASCII characters, no comma). */
  nonce?: string | undefined;
  /** 时钟（Unix 毫秒），默认 Date.now / the clock, Unix ms. */
  now?: (() => number) | undefined;
  /**
   * 转发用户（网关转发给服务方的形态；测试服务方时使用）：生成 uid、uinfo、ext 请求头并纳入签名。
   * A forwarded user (the form the gateway sends to a provider; for testing a provider): adds the
   * uid, uinfo and ext headers, covered by the signature.
   */
  user?: { uid: string; uinfo?: string | undefined; ext?: string | undefined } | undefined;
}

/**
 * 计算网关签名 `HEX(SHA-256(timestamp + token + nonce + timestamp))`，默认大写。
 * The gateway signature, uppercase by default.
 *
 * @example
 * ```ts
 * gatewaySignature('1700000000', 'my-paas-token', 'abcdef0123456789');
 * // '…64 个大写十六进制字符 / 64 uppercase hex characters'
 * ```
 */
export function gatewaySignature(
  timestamp: string,
  token: string,
  nonce: string,
  opts?: { lowercase?: boolean },
): string {
  const options = optObject(opts, 'options');
  const [t, k, n] = [needString(timestamp, 'timestamp'), needString(token, 'token'), needString(nonce, 'nonce')];
  return call(() => core.gatewaySignature(t, k, n, options.lowercase === true));
}

/**
 * 生成一次请求的网关请求头（时间戳、nonce、签名、paasid、appSecret、serviceid、Content-Type）。appSecret 头是真实值
 * （要发送）：`util.inspect` 显示为 `[REDACTED]`，但 `JSON.stringify`、`structuredClone` 会带出它，不要写进日志。
 * Builds the gateway headers for one request. The appSecret header holds the real value (it is
 * sent): inspect shows `[REDACTED]`, but `JSON.stringify` and `structuredClone` reveal it — never
 * log them.
 *
 * @example
 * ```ts
 * const headers = gatewayHeaders({ paasId, paasToken, appSecret, serviceId: 'DGSP_1911964810465574914' });
 * await fetch(url, { headers });
 * ```
 */
export function gatewayHeaders(creds: GatewayCredentials, opts?: SignOptions): Record<string, string> {
  const options = optObject(opts, 'options');
  if (typeof creds !== 'object' || creds === null) {
    throw new YjtError('INVALID_CONFIG', 'creds 须为对象 (creds must be an object)', { field: 'creds' });
  }
  const { paasId, paasToken, appSecret, serviceId, gateway } = creds;
  const clock = options.now ?? Date.now;
  if (typeof clock !== 'function') throw new YjtError('INVALID_INPUT', 'now 须为函数 (now must be a function)', { field: 'now' });
  const user = options.user;
  if (user !== undefined && (typeof user !== 'object' || user === null)) {
    throw new YjtError('INVALID_INPUT', 'user 须为 { uid, uinfo?, ext? } (user must be { uid, uinfo?, ext? })', { field: 'user' });
  }
  const c: GatewayHeadersCall = {
    creds: { paasId, paasToken, appSecret, serviceId, gateway },
    now: needNumber(clock(), 'now()'),
    timestamp: optString(options.timestamp, 'timestamp'),
    nonce: optString(options.nonce, 'nonce') ?? poolNonce(),
    user:
      user === undefined
        ? undefined
        : { uid: needString(user.uid, 'user.uid'), uinfo: optString(user.uinfo, 'user.uinfo'), ext: optString(user.ext, 'user.ext') },
  };
  const json = toJson(c, 'creds', 'INVALID_CONFIG');
  const pairs = JSON.parse(call(() => core.gatewayHeaders(json))) as [string, string][];
  // The appSecret header must carry the real value (it is sent); inspect shows it redacted. The
  // hook lives on the prototype (a symbol own property would break `new Headers(h)`) and holds
  // header names only, never the secret.
  const hidden = pairs.filter(([k, v]) => /secret/i.test(k) || (typeof appSecret === 'string' && appSecret !== '' && v === appSecret)).map(([k]) => k);
  const proto = {};
  defineInspect(proto, function (this: Record<string, string>) {
    return Object.fromEntries(Object.entries(this).map(([k, v]) => [k, hidden.includes(k) ? '[REDACTED]' : v]));
  });
  return Object.assign(Object.create(proto) as Record<string, string>, Object.fromEntries(pairs));
}

/** 入站校验选项 / options of an inbound verification. */
export interface VerifyGatewayOptions extends Omit<VerifyGatewayOptionsCore, 'query'> {
  /** 当前时间（Unix 毫秒），默认 Date.now() / now in Unix ms. */
  now?: number | undefined;
  /**
   * 请求的查询参数（变体把 service ID 或 paasid 放在查询参数中时据此核对）。
   * The request's query (checked when the variant puts the service id or the paasid there).
   */
  query?: URLSearchParams | [string, string][] | undefined;
  /**
   * 多实例共享的 nonce 时间窗（如 Redis 适配器）：给出时返回 Promise，重放抛 NONCE_REPLAY，存储故障抛 STORE_UNAVAILABLE。
   * A nonce window shared by every instance (e.g. a Redis adapter): with it the call returns a
   * promise; a replay rejects with NONCE_REPLAY, a failing store with STORE_UNAVAILABLE.
   */
  nonceStore?: YjtStore | undefined;
}

/** 可接受的请求头形态 / header shapes accepted. */
export type HeadersLike =
  | Headers
  | Iterable<[string, string]>
  | Record<string, string | string[] | undefined>;

function headerPairs(h: HeadersLike): [string, string][] {
  const bad = () =>
    new YjtError('INVALID_INPUT', 'headers 须为 Headers、[名称, 值] 列表或字符串值的对象 (headers must be Headers, [name, value] pairs or an object of strings)');
  if (typeof h !== 'object' || h === null) throw bad();
  const out: [string, string][] = [];
  if (typeof (h as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const e of h as Iterable<unknown>) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string') throw bad();
      out.push([e[0], e[1]]);
    }
    return out;
  }
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
    if (typeof v === 'string') out.push([k, v]);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out.push([k, v.join(', ')]);
  }
  return out;
}

/**
 * 校验入站请求的网关头（名称不区分大小写），是签名的逆运算：签名头缺失 MISSING_HEADER、格式不对 INVALID_HEADER、
 * 时间偏差 TIMESTAMP_SKEW、签名不符 SIGNATURE_MISMATCH；给出 paasId、appSecret、serviceId（及 query）时一并核对，
 * `gateway` 中的 alsoSign、extraHeaders、paasIdInQuery 也核对，不符为 HEADER_MISMATCH。错误的 `field` 点名请求头。
 * Verifies an inbound request's gateway headers — the inverse of signing: the signed set, and,
 * when given, the paasId, appSecret, service id (and query), plus the variant's alsoSign,
 * extraHeaders and paasIdInQuery. Throws a YjtError whose `field` names the header at fault.
 *
 * @example
 * ```ts
 * const v = verifyGatewayHeaders(request.headers, { paasToken });
 * if (seenNonces.has(v.nonce)) throw new Error('replay');
 * ```
 */
export function verifyGatewayHeaders(headers: HeadersLike, options: VerifyGatewayOptions & { nonceStore: YjtStore }): Promise<VerifiedGatewayHeaders>;
export function verifyGatewayHeaders(headers: HeadersLike, options: VerifyGatewayOptions): VerifiedGatewayHeaders;
export function verifyGatewayHeaders(headers: HeadersLike, options: VerifyGatewayOptions): VerifiedGatewayHeaders | Promise<VerifiedGatewayHeaders> {
  const store = typeof options === 'object' && options !== null ? checkStore(options.nonceStore, 'nonceStore') : undefined;
  const v = JSON.parse(call(() => core.verifyGatewayHeaders(verifyCall(headers, options)))) as VerifiedGatewayHeaders;
  if (!store) return v;
  return claimNonce(store, options.paasToken, options.paasId ?? '', v.nonce, nonceWindowMs(options)).then(() => v);
}

function verifyCall(headers: HeadersLike, options: VerifyGatewayOptions): string {
  const pairs = headerPairs(headers);
  if (typeof options !== 'object' || options === null) {
    throw new YjtError('INVALID_CONFIG', 'options 须为对象 (options must be an object)', { field: 'options' });
  }
  const { now, query, nonceStore: _, ...rest } = options;
  const q = query instanceof URLSearchParams ? [...query] : query;
  const c: VerifyCallCore = { headers: pairs, now: needNumber(now ?? Date.now(), 'now'), options: { ...rest, query: q } };
  return toJson(c, 'options', 'INVALID_CONFIG');
}

/**
 * 入站校验的结论（不抛出）：通过时为请求要素，未通过时为检查项与错误（含 field）。供模拟网关把结论映射为网关应答。
 * The verdict of an inbound verification, without throwing: what the request carried, or the
 * failed check and its error (with `field`) — for a provider that answers each check its own
 * way, as the mock gateway does. Bad options still throw INVALID_CONFIG.
 *
 * @example
 * ```ts
 * const v = gatewayVerdict(request.headers, { paasToken, paasId, appSecret, serviceId });
 * if ('rejected' in v) return reply(v.rejected.check === 'timestamp' ? 400 : 401, v.rejected.error.message);
 * ```
 */
export function gatewayVerdict(headers: HeadersLike, options: VerifyGatewayOptions): GatewayVerdict {
  return JSON.parse(call(() => core.gatewayVerdict(verifyCall(headers, options)))) as GatewayVerdict;
}

/**
 * 生成 16 位小写十六进制 nonce（CSPRNG）/ a 16-lowercase-hex nonce from the platform CSPRNG.
 *
 * @example
 * ```ts
 * generateNonce(); // 'e3b0c44298fc1c14'
 * ```
 */
export function generateNonce(): string {
  return poolNonce();
}
