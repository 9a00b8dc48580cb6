// One server instance (node:http): GET /sso?code=… → YjtClient.exchangeCode → JSON. Its store is
// nodeRedisStore or ioredisStore (env LIB) on REDIS_URL; `&nostore=1` uses a second client with no
// store (the double-tap "before" figure). GET /events: the store events seen (with times).
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { creds, identity, loadPkg, STORE_KEY, TIMEOUT_MS } from './_config.mjs';

const { YjtClient, YjtError, nodeRedisStore, ioredisStore } = await loadPkg();
const NAME = process.env.NAME ?? `worker-${process.pid}`;
const LIB = process.env.LIB ?? 'node-redis';

let store;
if (LIB === 'node-redis') {
  const { createClient } = await import('redis');
  // Reconnect quickly after an outage; an 'error' listener keeps a dropped socket from crashing us.
  const redis = createClient({ url: process.env.REDIS_URL, socket: { reconnectStrategy: (n) => Math.min(50 * (n + 1), 200), connectTimeout: 1000 } });
  redis.on('error', () => {});
  await redis.connect();
  store = nodeRedisStore(redis);
} else if (LIB === 'ioredis') {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL, { retryStrategy: (n) => Math.min(50 * n, 200), connectTimeout: 1000, lazyConnect: true });
  redis.on('error', () => {});
  await redis.connect();
  store = ioredisStore(redis);
} else throw new Error(`LIB must be node-redis or ioredis, not ${LIB}`);

const events = [];
// The store events of one call (the hook runs inside the call's async context).
const call = new AsyncLocalStorage();
const gateway = { starts: 0 };
const config = { env: 'test', ...creds, baseUrl: process.env.MOCK_BASE, allowInsecureHttp: true, timeoutMs: TIMEOUT_MS };
const onEvent = (e) => {
  if (e.type === 'store') {
    const ev = { role: e.role, error: e.error, waitedMs: e.waitedMs, at: Date.now() };
    events.push(ev);
    call.getStore()?.push(ev);
  }
  else if (e.type === 'start') gateway.starts++;
};
const withStore = new YjtClient({ ...config, store, storeKey: STORE_KEY, onEvent });
const without = new YjtClient({ ...config, onEvent });

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

http
  .createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/events') return send(res, 200, { worker: NAME, lib: LIB, pid: process.pid, gatewayStarts: gateway.starts, events });
    if (url.pathname === '/health') return send(res, 200, { ok: true, worker: NAME });
    if (url.pathname !== '/sso') return send(res, 404, { error: 'not found' });
    const t0 = performance.now();
    const client = url.searchParams.get('nostore') === '1' ? without : withStore;
    const mine = [];
    try {
      const user = await call.run(mine, () => client.exchangeCode(url.searchParams.get('code') ?? ''));
      send(res, 200, { ok: true, worker: NAME, pid: process.pid, ms: performance.now() - t0, store: mine, user: identity(user) });
    } catch (e) {
      const error = e instanceof YjtError ? { code: e.code, errcode: e.errcode ?? null, retryable: e.retryable, message: e.message } : { code: 'NOT_A_YJT_ERROR', message: String(e) };
      send(res, 200, { ok: false, worker: NAME, pid: process.pid, ms: performance.now() - t0, store: mine, error });
    }
  })
  .listen(0, '127.0.0.1', function () {
    process.send?.({ ready: true, port: this.address().port, name: NAME });
  });
