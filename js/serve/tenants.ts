/**
 * 租户运行时：每个租户一个 YjtClient（可共享存储）、每个允许的调用目标一个 GatewayClient、脱敏规则与并发计数。
 * A tenant at run time: its YjtClient (with the shared store when one is configured), one
 * GatewayClient per allowed call target, its masking rules and its concurrency counter. Built
 * from a checked config; a config the SDK refuses names the tenant's field.
 *
 * @module
 */
import {
  GATEWAY_PRESETS,
  GatewayClient,
  YjtClient,
  YjtError,
  maskIdCard,
  maskName,
  maskPhone,
  memoryStore,
  type GatewayClientOptions,
  type YjtClientConfig,
  type YjtEvent,
  type YjtStore,
  type YjtUser,
} from '../index.js';
import type { CallRule, IdentityField, ServeConfig, TenantConfig } from './config.js';

/** One allowed /v1/call target and its client. */
export interface CallTarget {
  rule: CallRule;
  client: GatewayClient;
}

/** A tenant ready to serve. */
export interface Tenant {
  readonly id: string;
  readonly config: TenantConfig;
  readonly exchange: YjtClient;
  readonly targets: readonly CallTarget[];
  /** The tenant's secrets, cut out of any problem detail once more. */
  readonly secrets: readonly string[];
  /** Requests of this tenant in flight. */
  inFlight: number;
}

/** Called with every gateway event of a tenant's clients (metrics). */
export type EventSink = (tenant: string, e: YjtEvent) => void;

/** A config error of the SDK, its field prefixed with the tenant's path. */
function underTenant(e: unknown, at: string): unknown {
  if (e instanceof YjtError && e.code === 'INVALID_CONFIG') return new YjtError('INVALID_CONFIG', e.message, { field: `${at}${e.field ?? ''}`.replace(/\.$/, '') });
  return e;
}

/** The GatewayClient options of a target: the tenant's credentials, the target's URL and service ID. */
function targetOptions(t: TenantConfig, rule: CallRule): GatewayClientOptions {
  const c = t.client;
  const base = c.baseUrl ?? GATEWAY_PRESETS.baseUrl;
  let baseUrl = base;
  if (rule.path !== undefined) {
    try {
      baseUrl = new URL(rule.path, new URL(base).origin).href;
    } catch {
      throw new YjtError('INVALID_CONFIG', '配置项 baseUrl 不是有效的 URL (config field baseUrl is not a valid URL)', { field: 'baseUrl' });
    }
  }
  const o: Record<string, unknown> = {
    paasId: c.paasId,
    paasToken: c.paasToken,
    serviceId: rule.serviceId ?? c.serviceId ?? GATEWAY_PRESETS.serviceIds[c.env === 'production' ? 'production' : 'test'],
    baseUrl,
  };
  for (const k of ['appSecret', 'gateway', 'allowInsecureHttp', 'timeoutMs', 'maxBodyBytes'] as const) if (c[k] !== undefined) o[k] = c[k];
  return o as unknown as GatewayClientOptions;
}

/**
 * Builds every tenant of `config`; frees what was built when one fails. `store` is the shared
 * store (Redis) when the config has one; `send` the fetch every client uses (the global one when
 * absent).
 */
export function buildTenants(config: ServeConfig, store: YjtStore | undefined, sink: EventSink, send?: typeof fetch): Tenant[] {
  const built: Tenant[] = [];
  try {
    config.tenants.forEach((t, i) => built.push(buildTenant(t, i, config, store, sink, send)));
  } catch (e) {
    for (const t of built) freeTenant(t);
    throw e;
  }
  return built;
}

function buildTenant(t: TenantConfig, i: number, config: ServeConfig, store: YjtStore | undefined, sink: EventSink, send: typeof fetch | undefined): Tenant {
  const at = `tenants[${i}].client.`;
  const onEvent = (e: YjtEvent) => sink(t.id, e);
  const { storeKey, ...client } = t.client;
  const cc: YjtClientConfig = { ...(client as YjtClientConfig), onEvent };
  if (send) cc.fetch = send;
  if (store && config.store) {
    cc.store = store;
    cc.storeFailure = config.store.storeFailure;
    if (config.store.storeTtlMs !== undefined) cc.storeTtlMs = config.store.storeTtlMs;
    if (config.store.storePrefix !== undefined) cc.storePrefix = config.store.storePrefix;
    if (storeKey !== undefined) cc.storeKey = storeKey;
  } else if (storeKey !== undefined) {
    throw new YjtError('INVALID_CONFIG', `配置项 ${at}storeKey 需要同时配置 store (config field ${at}storeKey needs store)`, { field: `${at}storeKey` });
  }
  let exchange: YjtClient;
  try {
    exchange = new YjtClient(cc);
  } catch (e) {
    throw underTenant(e, at);
  }
  const targets: CallTarget[] = [];
  const byKey = new Map<string, GatewayClient>();
  try {
    t.allow.forEach((rule, j) => {
      const key = `${rule.path ?? ''}\n${rule.serviceId ?? ''}`;
      let client = byKey.get(key);
      if (!client) {
        try {
          client = new GatewayClient({ ...targetOptions(t, rule), onEvent, ...(send ? { fetch: send } : {}) });
        } catch (e) {
          throw underTenant(e, rule.path !== undefined || rule.serviceId !== undefined ? `tenants[${i}].call.allow[${j}].` : at);
        }
        byKey.set(key, client);
      }
      targets.push({ rule, client });
    });
  } catch (e) {
    exchange.free();
    for (const c of byKey.values()) c.free();
    throw e;
  }
  const secrets = [t.client.appKey, t.client.paasToken, t.client.appSecret, storeKey].filter((s): s is string => typeof s === 'string');
  return { id: t.id, config: t, exchange, targets, secrets, inFlight: 0 };
}

/**
 * Checks that every tenant of `config` builds (the SDK's own checks of each client), without
 * connecting to anything; `--check` and the start use it.
 */
export function checkTenants(config: ServeConfig): void {
  const store = config.store ? memoryStore() : undefined;
  for (const t of buildTenants(config, store, () => {})) freeTenant(t);
}

/** Frees a tenant's clients (their WASM memory, zeroized). */
export function freeTenant(t: Tenant): void {
  t.exchange.free();
  for (const c of new Set(t.targets.map((x) => x.client))) c.free();
}

/**
 * The target of a /v1/call request: the first rule matching its command and path (a rule without
 * a command matches any), or undefined (403).
 */
export function findTarget(t: Tenant, command: string | undefined, path: string | undefined): CallTarget | undefined {
  return t.targets.find((x) => x.rule.path === path && (x.rule.command === undefined || x.rule.command === command));
}

/** The identity as the tenant's config shows it: masked fields masked, masked codes null. */
export function shownUser(u: YjtUser, mask: readonly IdentityField[]): Record<string, unknown> {
  const labels = { ...u.labels };
  const out: Record<string, unknown> = {
    userId: u.userId,
    name: u.name,
    phone: u.phone,
    certificateNo: u.certificateNo,
    certificateType: u.certificateType,
    healthCardNo: u.healthCardNo,
    gender: u.gender,
    nation: u.nation,
    channel: u.channel,
    labels,
  };
  for (const f of mask) {
    switch (f) {
      case 'name':
        out.name = maskName(u.name);
        break;
      case 'phone':
        out.phone = maskPhone(u.phone);
        break;
      case 'certificateNo':
      case 'healthCardNo':
      case 'userId':
        out[f] = maskIdCard(u[f]);
        break;
      default:
        // A dictionary code and its label say who the person is only together with the rest; a
        // tenant masking one gets neither.
        out[f] = null;
        labels[f] = null;
    }
  }
  return out;
}
