// 共享存储开销 / what the shared store adds to one exchange: YjtClient with nodeRedisStore on a
// loopback Redis (a throwaway redis-server, tests/multi/_redis.mjs) against the same client without
// a store, side by side in one process, against an in-process mock gateway (no sockets to the mock,
// so the difference is the store: HMAC key, seal/open, SET NX + SET on Redis). Alternating pairs,
// fresh code each. "Added" at a quantile is that quantile with the store minus the same quantile
// without it (what the store adds to the latency a caller sees at p50 / p99); the quantiles of the
// per-pair difference are printed too — its p99 also carries the noise of both sides (a pause in
// either request of a pair), which the store does not add. Prints one markdown line.
//   node bench/store.mjs [--n 2000] [--warmup 1500] [--quick]   (PKGDIR=… for another build; default pkg/)
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { startRedis } from '../tests/multi/_redis.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const pkgDir = process.env.PKGDIR ?? join(here, '..', 'pkg');
const { YjtClient, nodeRedisStore } = await import(pathToFileURL(join(pkgDir, 'index.mjs')).href);
const { createMockGateway, MOCK_API_PATH } = await import(pathToFileURL(join(pkgDir, 'mock.mjs')).href);
const { values: args } = parseArgs({ options: { n: { type: 'string' }, warmup: { type: 'string' }, quick: { type: 'boolean' } } });
const N = Number(args.n ?? (args.quick ? 500 : 2000));
const WARMUP = Number(args.warmup ?? 1500);

const creds = { appCode: 'HOSP000001', appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697', paasId: 'paas-bench', paasToken: 'tok-BENCH-123', appSecret: 'app-BENCH-456' };
const alice = { userId: 'u-bench-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X', gender: 1 };

const redis = await startRedis();
let rc;
try {
  rc = createClient({ url: redis.url });
  rc.on('error', () => {});
  await rc.connect();
  const gw = createMockGateway({ ...creds, users: [alice] });
  const config = { env: 'test', ...creds, baseUrl: 'http://mock.local' + MOCK_API_PATH, allowInsecureHttp: true, fetch: (u, i) => gw.fetch(new Request(u, i)) };
  const plain = new YjtClient(config);
  const stored = new YjtClient({ ...config, store: nodeRedisStore(rc), storeKey: 'bench-store-key-0123456789abcdef0123' });

  const time = async (client) => {
    const code = gw.issueCode(alice.userId);
    const t = performance.now();
    const u = await client.exchangeCode(code);
    const ms = performance.now() - t;
    if (u.userId !== alice.userId) throw new Error('wrong identity');
    return ms;
  };
  const without = [], withStore = [], diff = [];
  for (let i = 0; i < WARMUP + N; i++) {
    // Alternate which goes first, so neither side always follows the other.
    let a, b;
    if (i % 2 === 0) { a = await time(plain); b = await time(stored); } else { b = await time(stored); a = await time(plain); }
    if (i >= WARMUP) { without.push(a); withStore.push(b); diff.push(b - a); }
  }
  if (gw.stats.repeatedCodeRequests !== 0) throw new Error('a code was sent twice');
  const q = (xs, p) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  const f = (ms) => `${ms.toFixed(3)} ms`;
  const added = (p) => q(withStore, p) - q(without, p);
  const keys = await rc.dbSize();
  const line =
    `| shared store (nodeRedisStore, loopback redis-server ${(await rc.info('server')).match(/redis_version:(\S+)/)?.[1] ?? '?'}, ${N} exchanges each, alternating, node ${process.versions.node}) ` +
    `| without: p50 ${f(q(without, 0.5))}, p99 ${f(q(without, 0.99))} ` +
    `| with: p50 ${f(q(withStore, 0.5))}, p99 ${f(q(withStore, 0.99))} ` +
    `| added: p50 **${f(added(0.5))}**, p99 **${f(added(0.99))}** (target p99 ≤ 2 ms: ${added(0.99) <= 2 ? 'met' : 'NOT met'}) ` +
    `| per-pair difference: p50 ${f(q(diff, 0.5))}, p99 ${f(q(diff, 0.99))} |`;
  console.log(line);
  if (keys < N) throw new Error(`Redis holds ${keys} keys for ${N} stored exchanges`);
  plain.free?.();
  stored.free?.();
} finally {
  await rc?.quit().catch(() => {});
  await redis.stop();
}
