/**
 * 多实例共享存储：最小接口、单进程内存实现、node-redis 与 ioredis 适配器（传入你已连接的客户端，本包不依赖它们）。
 * The shared store several instances coordinate through: a three-method structural interface,
 * an in-memory store (one process, tests), and adapters for the two Redis clients hospitals use
 * — node-redis (`redis` / `@redis/client`) and ioredis — wrapping the caller's own connected
 * client, so the package keeps zero runtime dependencies. What goes in is already a keyed hash
 * (keys) and AES-256-GCM ciphertext (values): see store/seal.ts.
 *
 * @module
 */
import { YjtError } from './errors.js';
import { defineInspect } from './redact.js';

/** set 的选项 / options of `set`. */
export interface YjtStoreSetOptions {
  /** 存活毫秒数（到期自动删除）/ time to live, ms (the entry vanishes after it). */
  ttlMs: number;
  /** 仅当键不存在时写入 / write only if the key is absent (Redis `SET … NX`). */
  onlyIfAbsent?: boolean;
}

/**
 * 共享存储接口：三个异步方法。键与值都是字符串；本包写入的键是带密钥的哈希，值是密文。
 * The shared-store interface. Keys and values are strings; what this package writes is a keyed
 * hash (key) and ciphertext (value).
 *
 * @example
 * ```ts
 * const store: YjtStore = {
 *   get: (k) => redis.get(k),
 *   set: async (k, v, o) => (await redis.set(k, v, { PX: o.ttlMs, NX: o.onlyIfAbsent || undefined })) === 'OK',
 *   delete: async (k) => { await redis.del(k); },
 * };
 * ```
 */
export interface YjtStore {
  /** 读取；不存在（或已过期）为 null 或 undefined / the value, or null / undefined when absent. */
  get(key: string): Promise<string | null | undefined>;
  /** 写入；返回是否写入（onlyIfAbsent 且键已存在时为 false）/ whether it was written. */
  set(key: string, value: string, options: YjtStoreSetOptions): Promise<boolean>;
  /** 删除（不存在也不报错）/ deletes (absent is fine). */
  delete(key: string): Promise<void>;
}

/** Keeps a wrapped client (it may hold a Redis password) out of inspect, JSON and toString. */
function opaque(store: YjtStore, name: string): YjtStore {
  Object.defineProperties(store, {
    toJSON: { value: () => `[${name}]` },
    toString: { value: () => `[${name}]` },
  });
  defineInspect(store, () => `[${name}]`);
  return store;
}

function ttl(options: YjtStoreSetOptions): number {
  const ms = options.ttlMs;
  if (!Number.isSafeInteger(ms) || ms < 1) throw new YjtError('INVALID_INPUT', 'ttlMs 须为正整数 (ttlMs must be a positive integer)', { field: 'ttlMs' });
  return ms;
}

/**
 * 单进程内存存储（测试、单实例部署）。多进程 / 多容器请用 Redis 适配器。
 * An in-memory store for one process (tests, a single instance). Several processes need Redis.
 *
 * @example
 * ```ts
 * const client = new YjtClient({ ...config, store: memoryStore() });
 * ```
 */
export function memoryStore(options: { now?: () => number } = {}): YjtStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: string; expires: number }>();
  const live = (key: string) => {
    const e = entries.get(key);
    if (e && e.expires <= now()) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  return opaque(
    {
      async get(key) {
        return live(key)?.value ?? null;
      },
      async set(key, value, o) {
        const ms = ttl(o);
        if (o.onlyIfAbsent === true && live(key)) return false;
        // Expired entries are swept once the map grows, so a long-running process stays small.
        if (entries.size >= 10_000) for (const k of [...entries.keys()]) live(k);
        entries.set(key, { value, expires: now() + ms });
        return true;
      },
      async delete(key) {
        entries.delete(key);
      },
    },
    'memoryStore',
  );
}

/** node-redis（`redis` v4/v5、`@redis/client`）客户端中用到的部分 / the part of a node-redis client used. */
export interface NodeRedisLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, options: { PX: number; NX?: true }): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/**
 * node-redis 适配器：传入已 `connect()` 的客户端。
 * Adapter for node-redis (`redis`, `@redis/client`): pass your connected client.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const client = new YjtClient({ ...config, store: nodeRedisStore(redis) });
 * ```
 */
export function nodeRedisStore(client: NodeRedisLike): YjtStore {
  need(client, 'nodeRedisStore', ['get', 'set', 'del']);
  return opaque(
    {
      async get(key) {
        return text(await client.get(key));
      },
      async set(key, value, o) {
        const opts: { PX: number; NX?: true } = { PX: ttl(o) };
        if (o.onlyIfAbsent === true) opts.NX = true;
        return (await client.set(key, value, opts)) === 'OK';
      },
      async delete(key) {
        await client.del(key);
      },
    },
    'nodeRedisStore',
  );
}

/** ioredis 客户端中用到的部分 / the part of an ioredis client used. */
export interface IoRedisLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ms: number, ...nx: ['NX'] | []): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/**
 * ioredis 适配器：传入 ioredis 客户端（`new Redis(url)`）。
 * Adapter for ioredis: pass your client.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * const client = new YjtClient({ ...config, store: ioredisStore(new Redis(process.env.REDIS_URL)) });
 * ```
 */
export function ioredisStore(client: IoRedisLike): YjtStore {
  need(client, 'ioredisStore', ['get', 'set', 'del']);
  return opaque(
    {
      async get(key) {
        return text(await client.get(key));
      },
      async set(key, value, o) {
        const ms = ttl(o);
        const r = o.onlyIfAbsent === true ? await client.set(key, value, 'PX', ms, 'NX') : await client.set(key, value, 'PX', ms);
        return r === 'OK';
      },
      async delete(key) {
        await client.del(key);
      },
    },
    'ioredisStore',
  );
}

function need(client: unknown, name: string, methods: string[]): void {
  for (const m of methods) {
    if (typeof client !== 'object' || client === null || typeof (client as Record<string, unknown>)[m] !== 'function') {
      throw new YjtError('INVALID_CONFIG', `${name} 需要 Redis 客户端对象（缺少 ${m}）(${name} needs a Redis client: no ${m} method)`, { field: 'store' });
    }
  }
}

/** A Redis reply as a string (node-redis may return a Buffer in buffer mode); absent → null. */
function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}

/** INVALID_CONFIG unless `s` has the three methods of a YjtStore. */
export function checkStore(s: unknown, field: string): YjtStore | undefined {
  if (s === undefined) return undefined;
  for (const m of ['get', 'set', 'delete']) {
    if (typeof s !== 'object' || s === null || typeof (s as Record<string, unknown>)[m] !== 'function') {
      throw new YjtError('INVALID_CONFIG', `配置项 ${field} 须有 get、set、delete 方法 (config field ${field} must have get, set and delete)`, { field });
    }
  }
  return s as YjtStore;
}
