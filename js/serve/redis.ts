/**
 * 共享存储的 Redis 连接：按需动态加载使用方安装的 `redis`（node-redis）包；本包不依赖它。
 * The shared store's Redis connection: the user's own `redis` (node-redis) package, loaded only
 * when a store is configured (the package keeps zero dependencies). Commands fail fast while the
 * connection is down (no offline queue), so the SDK's storeFailure policy applies at once.
 *
 * @module
 */
import { YjtError, nodeRedisStore, type NodeRedisLike, type YjtStore } from '../index.js';

/** What the service needs of a node-redis client. */
interface RedisClient extends NodeRedisLike {
  connect(): Promise<unknown>;
  ping(): Promise<unknown>;
  quit?(): Promise<unknown>;
  close?(): Promise<unknown>;
  destroy?(): void;
  on(event: 'error', listener: (e: unknown) => void): unknown;
}

/** A connected store. */
export interface RedisStore {
  store: YjtStore;
  /** Whether Redis answers PING within `ms`. */
  ping(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects to `url` (waiting at most `connectMs` for the first connection; it keeps retrying in
 * the background after that). `onError` gets the error's name / code only: a Redis error message
 * may quote the URL, password included.
 */
export async function connectRedis(url: string, connectMs: number, onError: (kind: string) => void): Promise<RedisStore> {
  let mod: { createClient(o: object): RedisClient };
  try {
    mod = (await import('redis')) as unknown as typeof mod;
  } catch {
    throw new YjtError('INVALID_CONFIG', '配置了 store 但未安装 redis 包：在项目中运行 npm install redis (the config has store, but the redis package is not installed: npm install redis)', { field: 'store' });
  }
  const client = mod.createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: connectMs, reconnectStrategy: (n: number) => Math.min(50 * 2 ** n, 2000) },
  });
  client.on('error', (e) => {
    const c = e as { code?: unknown; name?: unknown };
    onError(typeof c?.code === 'string' ? c.code : typeof c?.name === 'string' ? c.name : 'error');
  });
  const connecting = client.connect().then(() => true, () => false);
  const timer = new Promise<boolean>((r) => setTimeout(r, connectMs, false).unref());
  await Promise.race([connecting, timer]);
  return {
    store: nodeRedisStore(client),
    async ping(ms) {
      let t: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([client.ping().then(() => true, () => false), new Promise<boolean>((r) => (t = setTimeout(r, ms, false)))]);
      } finally {
        clearTimeout(t);
      }
    },
    async close() {
      try {
        if (client.close) await client.close();
        else await client.quit?.();
      } catch {
        client.destroy?.();
      }
    },
  };
}
