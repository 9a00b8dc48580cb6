// Run by load.test.mjs in its own process: 10,000 exchanges at 200 concurrency against the mock
// gateway over loopback, 5 % of requests with an injected fault. Prints one JSON line and must
// exit on its own (a leaked socket or timer would keep it alive; the parent kills it and fails).
import { esm as m } from './_pkg.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PKG_DIR } from './_pkg.mjs';

const { startMockGateway } = await import(pathToFileURL(join(PKG_DIR, 'mock.mjs')).href);
let unhandled = 0;
process.on('unhandledRejection', () => unhandled++);

const creds = { appCode: 'HOSP000001', appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697', paasId: 'paas-001', paasToken: 'tok', appSecret: 'sec' };
const N = Number(process.env.LOAD_N ?? 10_000);
const CONCURRENCY = 200;
const users = Array.from({ length: N }, (_, i) => ({
  userId: `u-${i}`, name: `用户${i}`, phone: `139${String(i).padStart(8, '0')}`, certificateNo: `4401061990${String(i).padStart(7, '0')}X`,
}));
// Deterministic fault choice, so a failing run reproduces.
let seed = 2463534242;
const random = () => ((seed ^= seed << 13, seed ^= seed >>> 17, seed ^= seed << 5) >>> 0) / 2 ** 32;
const kinds = ['http500', 'http502', 'http503', 'http504', 'http429', 'reset', 'truncatedBody', 'hangingBody', 'latency', 'malformedJson'];
const mock = await startMockGateway({ ...creds, users, faults: { rate: 0.05, kinds, latencyMs: 300, random } });
const client = new m.YjtClient({ env: 'test', ...creds, baseUrl: mock.baseUrl, timeoutMs: 8000 });
// What each fault must surface as: [code, retryable].
const EXPECT = new Set(['HTTP_STATUS:false', 'HTTP_STATUS:true', 'NETWORK:true', 'TIMEOUT:true', 'BAD_RESPONSE:false']);

const codes = users.map((u) => mock.gateway.issueCode(u.userId));
let next = 0;
let ok = 0;
let wrong = 0;
const errors = {};
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) {
      const i = next++;
      try {
        const u = await client.exchangeCode(codes[i]);
        const want = users[i];
        if (u.userId === want.userId && u.phone === want.phone && u.certificateNo === want.certificateNo && u.name === want.name) ok++;
        else wrong++;
      } catch (e) {
        const key = `${e?.code}:${e?.retryable}`;
        errors[key] = (errors[key] ?? 0) + 1;
        if (!(e instanceof m.YjtError) || !EXPECT.has(key)) wrong++;
      }
    }
  }),
);
const wallMs = performance.now() - t0;
const stats = mock.gateway.stats;
client.free();
await mock.close();
console.log(JSON.stringify({ n: N, ok, wrong, errors, unhandled, wallMs, faults: stats.faults, faultsByKind: stats.faultsByKind, exchanges: stats.exchanges }));
// No process.exit(): the process must end by itself.
