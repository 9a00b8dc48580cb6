// The Deno instances: `deno serve --parallel` (DENO_JOBS=2 isolates on one port), each isolate with
// its own node-redis client and YjtClient, same config as the Node workers. Run from the repository
// root with --node-modules-dir=manual, so `npm:redis` resolves from the root node_modules (offline);
// yjt-sso is the consumer's installed package, imported by file URL (YJT_PKG_INDEX).
const env = (k) => {
  const v = Deno.env.get(k);
  if (!v) throw new Error(`deno-app: ${k} is not set`);
  return v;
};
import { AsyncLocalStorage } from 'node:async_hooks';
const { YjtClient, YjtError, nodeRedisStore } = await import(env('YJT_PKG_INDEX'));
const { createClient } = await import('npm:redis');
const creds = JSON.parse(env('YJT_CREDS'));

const redis = createClient({ url: env('REDIS_URL'), socket: { reconnectStrategy: (n) => Math.min(50 * (n + 1), 200), connectTimeout: 1000 } });
redis.on('error', () => {});
await redis.connect();

const NAME = `deno-${crypto.randomUUID().slice(0, 8)}`;
const events = [];
const call = new AsyncLocalStorage();
let starts = 0;
const config = { env: 'test', ...creds, baseUrl: env('MOCK_BASE'), allowInsecureHttp: true, timeoutMs: Number(env('TIMEOUT_MS')) };
const onEvent = (e) => {
  if (e.type === 'store') {
    const ev = { role: e.role, error: e.error, waitedMs: e.waitedMs, at: Date.now() };
    events.push(ev);
    call.getStore()?.push(ev);
  }
  else if (e.type === 'start') starts++;
};
const withStore = new YjtClient({ ...config, store: nodeRedisStore(redis), storeKey: env('STORE_KEY'), onEvent });
const without = new YjtClient({ ...config, onEvent });
const identity = (u) => ({ userId: u.userId, name: u.name, phone: u.phone, certificateNo: u.certificateNo, gender: u.gender });

export default {
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === '/events') return Response.json({ worker: NAME, lib: 'node-redis (deno)', pid: Deno.pid, gatewayStarts: starts, events });
    if (url.pathname === '/health') return Response.json({ ok: true, worker: NAME });
    if (url.pathname !== '/sso') return Response.json({ error: 'not found' }, { status: 404 });
    const t0 = performance.now();
    const client = url.searchParams.get('nostore') === '1' ? without : withStore;
    const mine = [];
    try {
      const user = await call.run(mine, () => client.exchangeCode(url.searchParams.get('code') ?? ''));
      return Response.json({ ok: true, worker: NAME, pid: Deno.pid, ms: performance.now() - t0, store: mine, user: identity(user) });
    } catch (e) {
      const error = e instanceof YjtError ? { code: e.code, errcode: e.errcode ?? null, retryable: e.retryable, message: e.message } : { code: 'NOT_A_YJT_ERROR', message: String(e) };
      return Response.json({ ok: false, worker: NAME, pid: Deno.pid, ms: performance.now() - t0, store: mine, error });
    }
  },
};
