/**
 * serve.json：读取、严格校验（未知字段拒绝，错误点名字段路径，从不回显值），并解析机密
 * （内联、`<name>File` 文件或 `<name>Env` 环境变量）。
 * The service's config file: read, checked strictly (an unknown field is refused; errors name the
 * field's path and never echo a value), secrets resolved from inline values, `<name>File` paths or
 * `<name>Env` variables. Reloaded as a whole on SIGHUP.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { YjtError, type YjtClientConfig, type YjtConfig, type YjtUser } from '../index.js';

/** 127.0.0.0/8, ::1, localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** The identity fields a tenant may mask: every field of the SDK's user but its labels. */
export type IdentityField = Exclude<keyof YjtUser, 'labels'>;
// A record, so the compiler fails here when the user type gains or loses a field.
const MASKABLE: Record<IdentityField, true> = {
  userId: true, name: true, phone: true, certificateNo: true, certificateType: true, healthCardNo: true, gender: true, nation: true, channel: true,
};
export const IDENTITY_FIELDS: readonly IdentityField[] = Object.keys(MASKABLE) as IdentityField[];

/** The YjtClient settings of a tenant, secrets resolved: the SDK's own config fields. */
export type TenantClientConfig = Omit<YjtConfig, 'fetch' | 'now' | 'onEvent'> & Pick<YjtClientConfig, 'storeKey'>;

/** One allowed target of /v1/call. */
export interface CallRule {
  /** The `command` query parameter; absent: any (or none). */
  command?: string;
  /** The path on the gateway's origin; absent: the path of the tenant's baseUrl. */
  path?: string;
  /** The service ID of that API; absent: the tenant's. */
  serviceId?: string;
}

export interface TenantConfig {
  id: string;
  /** sha256 of each bearer token (32 bytes each). */
  tokenSha256: Buffer[];
  /** SHA-256 fingerprints of client certificates, `AB:CD:…` upper case. */
  clientCertFingerprint256: string[];
  client: TenantClientConfig;
  mask: IdentityField[];
  allow: CallRule[];
}

export interface Limits {
  bodyBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  concurrencyPerTenant: number;
  maxHeaderBytes: number;
}

export interface StoreConfig {
  /** The Redis URL (a secret: it may hold a password). */
  redisUrl: string;
  storeFailure: 'bypass' | 'fail';
  storeTtlMs?: number;
  storePrefix?: string;
}

export interface TlsConfig {
  cert: Buffer;
  key: Buffer;
  /** The CA of client certificates: mTLS when set. */
  clientCa?: Buffer;
}

export interface ServeConfig {
  listen: { host: string; port: number };
  tls?: TlsConfig;
  limits: Limits;
  store?: StoreConfig;
  tenants: TenantConfig[];
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 16_384,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  concurrencyPerTenant: 64,
  maxHeaderBytes: 16_384,
};

const bad = (field: string, zh: string, en: string): YjtError =>
  new YjtError('INVALID_CONFIG', `配置项 ${field} ${zh} (config field ${field} ${en})`, { field });

type Obj = Record<string, unknown>;

function object(v: unknown, field: string, known: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(field, '须为对象', 'must be an object');
  for (const k of Object.keys(v)) if (!known.includes(k)) throw bad(field ? `${field}.${k}` : k, '未知', 'is unknown');
  return v as Obj;
}

function string(v: unknown, field: string, re?: RegExp): string {
  if (typeof v !== 'string' || v === '' || (re && !re.test(v))) throw bad(field, '须为非空字符串' + (re ? '且格式正确' : ''), 'must be a non-empty string' + (re ? ' of the documented form' : ''));
  return v;
}

function int(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw bad(field, `须为 ${min}–${max} 的整数`, `must be an integer from ${min} to ${max}`);
  return v;
}

function list(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw bad(field, '须为数组', 'must be an array');
  return v;
}

function readFile(path: unknown, field: string): Buffer {
  const p = string(path, field);
  try {
    return readFileSync(p);
  } catch {
    throw bad(field, '指向的文件无法读取', 'names a file that cannot be read');
  }
}

/**
 * A secret from exactly one of `name`, `nameFile` (trailing newline trimmed) or `nameEnv`;
 * undefined when none is given. Errors name the field, never the value.
 */
function secret(o: Obj, name: string, at: string, env: NodeJS.ProcessEnv): string | undefined {
  const given = [name, `${name}File`, `${name}Env`].filter((k) => o[k] !== undefined);
  if (given.length > 1) throw bad(`${at}${name}`, `只能给出 ${given.join('、')} 之一`, `takes one of ${given.join(', ')}`);
  if (o[name] !== undefined) return string(o[name], `${at}${name}`);
  if (o[`${name}File`] !== undefined) {
    const v = readFile(o[`${name}File`], `${at}${name}File`).toString('utf8').replace(/\r?\n$/, '');
    if (v === '') throw bad(`${at}${name}File`, '指向的文件为空', 'names an empty file');
    return v;
  }
  if (o[`${name}Env`] !== undefined) {
    const k = string(o[`${name}Env`], `${at}${name}Env`);
    const v = env[k];
    if (v === undefined || v === '') throw bad(`${at}${name}Env`, `指向的环境变量 ${k} 未设置`, `names the environment variable ${k}, which is not set`);
    return v;
  }
  return undefined;
}

const SECRETS = ['appKey', 'paasToken', 'appSecret', 'storeKey'] as const;
const PLAIN = ['env', 'appCode', 'paasId', 'serviceId', 'baseUrl', 'businessType', 'gateway', 'decryptFields', 'allowInsecureHttp', 'timeoutMs', 'maxBodyBytes'] as const;
const CLIENT_KEYS = [...PLAIN, ...SECRETS.flatMap((s) => [s, `${s}File`, `${s}Env`])];

function clientConfig(v: unknown, at: string, env: NodeJS.ProcessEnv): TenantClientConfig {
  const o = object(v, at.slice(0, -1), CLIENT_KEYS);
  const out: Obj = {};
  for (const k of PLAIN) if (o[k] !== undefined) out[k] = o[k];
  out.env ??= 'test';
  for (const s of SECRETS) {
    const value = secret(o, s, at, env);
    if (value !== undefined) out[s] = value;
  }
  // The rest (required fields, formats, ranges) is checked by YjtClient when the tenant is built.
  return out as unknown as TenantClientConfig;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;
const FINGERPRINT = /^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/;
const TENANT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const COMMAND = /^[A-Za-z0-9._:-]{1,128}$/;
const PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,511}$/;

function tenant(v: unknown, i: number, env: NodeJS.ProcessEnv): TenantConfig {
  const at = `tenants[${i}]`;
  const o = object(v, at, ['id', 'tokenSha256', 'clientCertFingerprint256', 'client', 'exchange', 'call']);
  const id = string(o.id, `${at}.id`, TENANT_ID);
  const tokens = list(o.tokenSha256 ?? [], `${at}.tokenSha256`).map((t, j) => Buffer.from(string(t, `${at}.tokenSha256[${j}]`, HEX64), 'hex'));
  const prints = list(o.clientCertFingerprint256 ?? [], `${at}.clientCertFingerprint256`).map((t, j) =>
    string(t, `${at}.clientCertFingerprint256[${j}]`, FINGERPRINT).replace(/:/g, '').toUpperCase().replace(/(..)(?!$)/g, '$1:'),
  );
  if (tokens.length === 0 && prints.length === 0) throw bad(`${at}.tokenSha256`, '与 clientCertFingerprint256 至少给出一项', 'or clientCertFingerprint256 must list at least one entry');
  const client = clientConfig(o.client, `${at}.client.`, env);
  const ex = object(o.exchange ?? {}, `${at}.exchange`, ['mask']);
  const mask = list(ex.mask ?? [], `${at}.exchange.mask`).map((m, j) => {
    if (!(IDENTITY_FIELDS as readonly unknown[]).includes(m)) throw bad(`${at}.exchange.mask[${j}]`, `须为 ${IDENTITY_FIELDS.join('、')} 之一`, `must be one of ${IDENTITY_FIELDS.join(', ')}`);
    return m as IdentityField;
  });
  const call = object(o.call ?? {}, `${at}.call`, ['allow']);
  const allow = list(call.allow ?? [], `${at}.call.allow`).map((r, j) => {
    const f = `${at}.call.allow[${j}]`;
    const ro = object(r, f, ['command', 'path', 'serviceId']);
    const rule: CallRule = {};
    if (ro.command !== undefined) rule.command = string(ro.command, `${f}.command`, COMMAND);
    if (ro.path !== undefined) {
      rule.path = string(ro.path, `${f}.path`, PATH);
      if (rule.path.split('/').some((s) => s === '..' || s === '.')) throw bad(`${f}.path`, '不能含 . 或 .. 段', 'must not hold . or .. segments');
    }
    if (ro.serviceId !== undefined) rule.serviceId = string(ro.serviceId, `${f}.serviceId`);
    if (rule.command === undefined && rule.path === undefined) throw bad(f, '须给出 command 或 path', 'needs command or path');
    return rule;
  });
  return { id, tokenSha256: tokens, clientCertFingerprint256: prints, client, mask, allow };
}

/** Overrides from the command line (--host, --port). */
export interface ListenOverride {
  host?: string;
  port?: number;
}

/**
 * 解析并校验 serve.json（机密在此读取）。
 * Parses and checks a serve.json text; reads the secrets' files and variables.
 *
 * @example
 * ```ts
 * const config = parseServeConfig(readFileSync('serve.json', 'utf8'), process.env);
 * ```
 */
export function parseServeConfig(text: string, env: NodeJS.ProcessEnv, override: ListenOverride = {}): ServeConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new YjtError('INVALID_CONFIG', '配置文件不是有效的 JSON (the config file is not valid JSON)');
  }
  const o = object(raw, '', ['listen', 'tls', 'limits', 'store', 'tenants']);
  const l = object(o.listen ?? {}, 'listen', ['host', 'port']);
  const listen = {
    host: override.host ?? (l.host === undefined ? '127.0.0.1' : string(l.host, 'listen.host')),
    port: override.port ?? (l.port === undefined ? 8788 : int(l.port, 'listen.port', 0, 65535)),
  };
  let tls: TlsConfig | undefined;
  if (o.tls !== undefined) {
    const t = object(o.tls, 'tls', ['certFile', 'keyFile', 'clientCaFile']);
    tls = { cert: readFile(t.certFile, 'tls.certFile'), key: readFile(t.keyFile, 'tls.keyFile') };
    if (t.clientCaFile !== undefined) tls.clientCa = readFile(t.clientCaFile, 'tls.clientCaFile');
  }
  const li = object(o.limits ?? {}, 'limits', Object.keys(DEFAULT_LIMITS));
  const limits: Limits = { ...DEFAULT_LIMITS };
  const ranges: Record<keyof Limits, [number, number]> = {
    bodyBytes: [64, 16 * 1024 * 1024],
    headersTimeoutMs: [100, 600_000],
    requestTimeoutMs: [100, 600_000],
    keepAliveTimeoutMs: [0, 600_000],
    concurrencyPerTenant: [1, 100_000],
    maxHeaderBytes: [1024, 1024 * 1024],
  };
  for (const k of Object.keys(ranges) as (keyof Limits)[]) if (li[k] !== undefined) limits[k] = int(li[k], `limits.${k}`, ...ranges[k]);
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw bad('limits.headersTimeoutMs', '不能大于 limits.requestTimeoutMs', 'must not exceed limits.requestTimeoutMs');
  let store: StoreConfig | undefined;
  if (o.store !== undefined) {
    const s = object(o.store, 'store', ['redisUrl', 'redisUrlFile', 'redisUrlEnv', 'storeFailure', 'storeTtlMs', 'storePrefix']);
    const redisUrl = secret(s, 'redisUrl', 'store.', env);
    if (redisUrl === undefined) throw bad('store.redisUrl', '缺失（或 redisUrlFile、redisUrlEnv）', 'is missing (or redisUrlFile, redisUrlEnv)');
    if (!/^rediss?:\/\//.test(redisUrl)) throw bad('store.redisUrl', '须以 redis:// 或 rediss:// 开头', 'must start with redis:// or rediss://');
    const failure = s.storeFailure ?? 'bypass';
    if (failure !== 'bypass' && failure !== 'fail') throw bad('store.storeFailure', "须为 'bypass' 或 'fail'", "must be 'bypass' or 'fail'");
    store = { redisUrl, storeFailure: failure };
    if (s.storeTtlMs !== undefined) store.storeTtlMs = int(s.storeTtlMs, 'store.storeTtlMs', 1000, 300_000);
    if (s.storePrefix !== undefined) store.storePrefix = string(s.storePrefix, 'store.storePrefix');
  }
  const tenants = list(o.tenants, 'tenants').map((t, i) => tenant(t, i, env));
  if (tenants.length === 0) throw bad('tenants', '至少一项', 'needs at least one tenant');
  const ids = new Set<string>();
  const tokens = new Set<string>();
  const prints = new Set<string>();
  tenants.forEach((t, i) => {
    if (ids.has(t.id)) throw bad(`tenants[${i}].id`, '重复', 'is a duplicate');
    ids.add(t.id);
    for (const h of t.tokenSha256) {
      if (tokens.has(h.toString('hex'))) throw bad(`tenants[${i}].tokenSha256`, '与另一租户的令牌相同', "repeats another tenant's token");
      tokens.add(h.toString('hex'));
    }
    for (const p of t.clientCertFingerprint256) {
      if (prints.has(p)) throw bad(`tenants[${i}].clientCertFingerprint256`, '与另一租户的证书相同', "repeats another tenant's certificate");
      prints.add(p);
    }
    if (t.clientCertFingerprint256.length > 0 && !tls?.clientCa) throw bad(`tenants[${i}].clientCertFingerprint256`, '需要 tls.clientCaFile（mTLS）', 'needs tls.clientCaFile (mTLS)');
  });
  if (!isLoopback(listen.host) && !tls?.clientCa) {
    throw bad('listen.host', '为非回环地址时须配置 tls 与 tls.clientCaFile（mTLS）', 'is not a loopback address: that needs tls with tls.clientCaFile (mTLS)');
  }
  const cfg: ServeConfig = { listen, limits, tenants };
  if (tls) cfg.tls = tls;
  if (store) cfg.store = store;
  return cfg;
}

/** Reads and parses the config file at `path`. */
export function loadServeConfig(path: string, env: NodeJS.ProcessEnv, override: ListenOverride = {}): ServeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new YjtError('INVALID_CONFIG', `无法读取配置文件 (cannot read the config file)`, { field: 'config' });
  }
  return parseServeConfig(text, env, override);
}
