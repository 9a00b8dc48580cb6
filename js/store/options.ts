/**
 * The store fields of a YjtClient config (`store`, `storeKey`, `storeFailure`, `storeTtlMs`,
 * `storePrefix`): checked here, naming the field, and taken out before the rest goes to the
 * core. Only the client uses them.
 */
import { YjtError } from '../errors.js';
import { checkStore, type YjtStore } from '../store.js';

/** 共享存储相关配置 / the store fields of the config. */
export interface StoreConfig {
  /**
   * 多实例共享存储（Redis 适配器或自定义实现）：同一 code 在所有实例中只换取一次。
   * The shared store: one exchange per code across every instance.
   */
  store?: YjtStore | undefined;
  /**
   * 派生存储键名与加密密钥的密钥（≥ 32 个字符）；不配置时由 appKey、paasToken、appSecret 派生。
   * The secret the store's key names and encryption key derive from (≥ 32 characters); without
   * it they derive from appKey, paasToken and appSecret.
   */
  storeKey?: string | undefined;
  /** 存储故障时：'bypass'（默认，直接换取）或 'fail'（抛 STORE_UNAVAILABLE）/ on a store failure. */
  storeFailure?: 'bypass' | 'fail' | undefined;
  /** 换取结果在存储中保留的毫秒数（默认 60000，1000–300000）/ how long an outcome stays, ms. */
  storeTtlMs?: number | undefined;
  /** 键名前缀（默认 `yjt-sso:`；1–64 个 `[A-Za-z0-9:_.-]`）/ the key prefix. */
  storePrefix?: string | undefined;
}

export interface StoreSettings {
  store: YjtStore;
  /** Key material as bytes: the sealer zeroes them once the keys are derived. */
  secret: Uint8Array<ArrayBuffer>;
  failure: 'bypass' | 'fail';
  ttlMs: number;
  prefix: string;
}

export const STORE_FIELDS = ['store', 'storeKey', 'storeFailure', 'storeTtlMs', 'storePrefix'] as const;

function bad(field: string, rule: string, ruleEn: string): YjtError {
  return new YjtError('INVALID_CONFIG', `配置项 ${field} ${rule} (config field ${field} ${ruleEn})`, { field });
}

/**
 * The config without its store fields (for the core), and the store settings (undefined without
 * a store). Without a storeKey the key material is the app's secrets, which every instance
 * shares (a config the core refuses never gets this far in a useful way: it throws next).
 */
export function splitStoreConfig<C extends object>(config: C): [Omit<C, (typeof STORE_FIELDS)[number]>, StoreSettings | undefined] {
  if (typeof config !== 'object' || config === null) return [config, undefined];
  const { store, storeKey, storeFailure, storeTtlMs, storePrefix, ...rest } = config as C & StoreConfig;
  const s = checkStore(store, 'store');
  if (storeKey !== undefined && (typeof storeKey !== 'string' || storeKey.length < 32)) throw bad('storeKey', '须为至少 32 个字符的字符串', 'must be a string of at least 32 characters');
  if (storeFailure !== undefined && storeFailure !== 'bypass' && storeFailure !== 'fail') throw bad('storeFailure', "须为 'bypass' 或 'fail'", "must be 'bypass' or 'fail'");
  if (storeTtlMs !== undefined && (typeof storeTtlMs !== 'number' || !Number.isSafeInteger(storeTtlMs) || storeTtlMs < 1000 || storeTtlMs > 300_000)) {
    throw bad('storeTtlMs', '须为 1000–300000 的整数', 'must be an integer from 1000 to 300000');
  }
  if (storePrefix !== undefined && (typeof storePrefix !== 'string' || !/^[A-Za-z0-9:_.-]{1,64}$/.test(storePrefix))) {
    throw bad('storePrefix', '须为 1–64 个 [A-Za-z0-9:_.-]', 'must be 1–64 of [A-Za-z0-9:_.-]');
  }
  if (!s) {
    for (const [k, v] of Object.entries({ storeKey, storeFailure, storeTtlMs, storePrefix })) {
      if (v !== undefined) throw bad(k, '需要同时配置 store', 'needs store');
    }
    return [rest, undefined];
  }
  const c = rest as { appKey?: unknown; paasToken?: unknown; appSecret?: unknown; appCode?: unknown };
  const secret = new TextEncoder().encode(storeKey ?? `${String(c.appKey)}\n${String(c.paasToken)}\n${String(c.appSecret ?? '')}\n${String(c.appCode)}`);
  return [rest, { store: s, secret, failure: storeFailure ?? 'bypass', ttlMs: storeTtlMs ?? 60_000, prefix: storePrefix ?? 'yjt-sso:' }];
}
