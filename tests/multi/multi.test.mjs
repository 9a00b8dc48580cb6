// Several instances sharing a real Redis (Debian's redis-server, started here on a free loopback
// port): 4 Node worker processes (2 on node-redis, 2 on ioredis), a `deno serve --parallel` pair
// (2 isolates on one port, node-redis) and the mock gateway, each in its own process.
//   node --test tests/multi/     (scripts/test.sh stage "multi-instance (real Redis)")
// Needs the consumer project with the installed tarball (.tmp/consumer, or YJT_CONSUMER) and
// redis-server on PATH (bash scripts/redis.sh). Every child process and temp dir is removed in
// `after`, also on failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from 'redis';
import Redis from 'ioredis';
import { freePort, startRedis } from './_redis.mjs';
import { creds, identity, LEASE_MS, loadPkg, OP_LIMIT_MS, PKG_DIR, PKG_INDEX, ROOT, STORE_KEY, TIMEOUT_MS, USERS } from './_config.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const yjt = await loadPkg();
const { YjtError, nodeRedisStore, ioredisStore, gatewayHeaders, verifyGatewayHeaders, YjtClient, GATEWAY_PRESETS } = yjt;
const DENO = path.join(ROOT, 'node_modules/.bin/deno');
/** Every documented error code, from the installed package's declarations. */
const CODES = new Set([...readFileSync(path.join(PKG_DIR, 'index.d.mts'), 'utf8').match(/type YjtErrorCode = ([^;]*);/)[1].matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log('[multi]', ...a);

// ---- processes ------------------------------------------------------------------------------
let redis; // the redis-server child
let admin; // node-redis client of the test itself (SCAN, tampering)
const children = new Set();
const issuedCodes = new Set();
let mock; // { proc, url, baseUrl, call(op) }
let mockPort;
const workers = []; // { name, port, proc?, kind }

function track(proc) {
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  return proc;
}

async function killChild(proc, signal = 'SIGTERM') {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(t);
}

/** A mock-gateway process (fresh counters each time); `port` reuses the workers' baseUrl. */
async function startMock({ port = 0, nonceRedis } = {}) {
  const proc = track(fork(path.join(HERE, 'mock-proc.mjs'), [], {
    env: { ...process.env, MOCK_PORT: String(port), ...(nonceRedis ? { NONCE_REDIS_URL: nonceRedis } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }));
  const pending = new Map();
  let seq = 0;
  const ready = new Promise((resolve, reject) => {
    proc.once('exit', (c, s) => reject(new Error(`mock process exited at start (${c ?? s})`)));
    proc.on('message', (m) => {
      if (m.ready) resolve(m);
      else pending.get(m.id)?.(m);
    });
  });
  const m = await ready;
  return {
    proc, url: m.url, baseUrl: m.baseUrl,
    call(op) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        pending.set(id, (r) => { pending.delete(id); r.error ? reject(new Error(r.error)) : resolve(r); });
        proc.send({ id, ...op });
      });
    },
    async issue(n, userIds) {
      const { codes } = await this.call({ op: 'issue', n, userIds });
      for (const c of codes) issuedCodes.add(c);
      return codes;
    },
    async stats() { return (await this.call({ op: 'stats' })).stats; },
    stop: () => killChild(proc),
  };
}

/** Replaces the mock with a fresh one on the same port (the workers' baseUrl), counters at 0. */
async function freshMock() {
  if (mock) await mock.stop();
  mock = await startMock({ port: mockPort });
}

async function startWorker(name, lib) {
  const proc = track(fork(path.join(HERE, 'worker.mjs'), [], {
    env: { ...process.env, NAME: name, LIB: lib, REDIS_URL: redis.url, MOCK_BASE: mock.baseUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }));
  const m = await new Promise((resolve, reject) => {
    proc.once('exit', (c, s) => reject(new Error(`worker ${name} exited at start (${c ?? s})`)));
    proc.once('message', resolve);
  });
  return { name, port: m.port, proc, kind: lib };
}

async function startDeno() {
  const port = await freePort();
  let out = '';
  const proc = track(spawn(DENO, ['serve', '--parallel', '--port', String(port), '--host', '127.0.0.1', '--allow-all', '--node-modules-dir=manual', '--no-lock', '--quiet', path.join(HERE, 'deno-app.mjs')], {
    cwd: ROOT, // the root package.json and node_modules (redis) for npm:redis, offline
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, NO_COLOR: '1', DENO_JOBS: '2', YJT_PKG_INDEX: pathToFileURL(PKG_INDEX).href, YJT_CREDS: JSON.stringify(creds),
      REDIS_URL: redis.url, MOCK_BASE: mock.baseUrl, STORE_KEY, TIMEOUT_MS: String(TIMEOUT_MS),
    },
  }));
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const until = Date.now() + 30_000;
  // Both isolates must answer (each connection goes to one of them).
  const seen = new Set();
  while (seen.size < 2) {
    if (proc.exitCode !== null) throw new Error(`deno serve exited:\n${out}`);
    if (Date.now() > until) throw new Error(`deno serve: ${seen.size} of 2 isolates answered within 30 s:\n${out}`);
    try { seen.add((await get(port, '/health')).worker); } catch { await sleep(100); }
  }
  return { name: 'deno', port, proc, kind: 'deno (2 isolates)' };
}

/** GET on a fresh connection (no keep-alive: the deno port spreads connections over its isolates). */
function get(port, pathAndQuery) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathAndQuery, agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => { try { resolve(JSON.parse(body)); } catch (e) { reject(new Error(`bad JSON from :${port}: ${body.slice(0, 200)}`)); } });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')));
  });
}

const sso = (w, code, extra = '') => {
  const t0 = performance.now();
  return get(w.port, `/sso?code=${encodeURIComponent(code)}${extra}`).then((r) => ({ ...r, sentTo: w.name, wallMs: performance.now() - t0 }));
};

/** Sends `code` to `a`, then to `b` ~1 ms later: the double tap. */
async function doubleTap(code, a, b, extra = '') {
  const first = sso(a, code, extra);
  await sleep(1);
  const second = sso(b, code, extra);
  return Promise.all([first, second]);
}

/** Pairs of distinct server processes, rotating so each (the deno pair included) is used. */
function pairs() {
  const out = [];
  for (let i = 0; i < workers.length; i++) for (let j = 0; j < workers.length; j++) if (i !== j) out.push([workers[i], workers[j]]);
  return out;
}

/** Runs `fn(i)` for i < n with at most `width` in flight. */
async function pool(n, width, fn) {
  const results = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) {
      const i = next++;
      results[i] = await fn(i);
    }
  }));
  return results;
}

async function scanAll() {
  const keys = [];
  for await (const batch of admin.scanIterator({ COUNT: 500 })) keys.push(...(Array.isArray(batch) ? batch : [batch]));
  return keys;
}

const userById = new Map(USERS.map((u) => [u.userId, identity(u)]));

before(async () => {
  redis = await startRedis();
  admin = createClient({ url: redis.url, socket: { reconnectStrategy: (n) => Math.min(50 * (n + 1), 200) } });
  admin.on('error', () => {});
  await admin.connect();
  mock = await startMock();
  mockPort = Number(new URL(mock.url).port);
  const started = await Promise.all([
    startWorker('node-1', 'node-redis'), startWorker('node-2', 'node-redis'),
    startWorker('io-1', 'ioredis'), startWorker('io-2', 'ioredis'),
    startDeno(),
  ]);
  workers.push(...started);
  log(`redis-server :${redis.port}, mock :${mockPort}, workers ${workers.map((w) => `${w.name}:${w.port}`).join(' ')}; timeoutMs ${TIMEOUT_MS}, lease ${LEASE_MS} ms, store op limit ${OP_LIMIT_MS} ms`);
});

after(async () => {
  await admin?.quit().catch(() => admin?.destroy?.());
  await Promise.all([...children].map((p) => killChild(p).catch(() => p.kill('SIGKILL'))));
  await redis?.stop();
});

// ---- a. both client libraries: the YjtStore semantics on real Redis --------------------------
test('a. nodeRedisStore and ioredisStore: get/set/NX/TTL/delete on real Redis, and each sees the other', async () => {
  const nr = createClient({ url: redis.url });
  nr.on('error', () => {});
  await nr.connect();
  const io = new Redis(redis.url, { lazyConnect: true });
  io.on('error', () => {});
  await io.connect();
  try {
    const stores = { 'node-redis': nodeRedisStore(nr), ioredis: ioredisStore(io) };
    for (const [lib, s] of Object.entries(stores)) {
      const k = `multi-a:${lib}:k`;
      assert.equal(await s.get(k), null, `${lib}: absent → null`);
      assert.equal(await s.set(k, 'v1', { ttlMs: 1500, onlyIfAbsent: true }), true, `${lib}: NX on absent writes`);
      assert.equal(await s.set(k, 'v2', { ttlMs: 1500, onlyIfAbsent: true }), false, `${lib}: NX on present refuses`);
      assert.equal(await s.get(k), 'v1', `${lib}: refused NX left the value`);
      const pttl = await nr.pTTL(k);
      assert.ok(pttl > 0 && pttl <= 1500, `${lib}: PTTL ${pttl} in (0, 1500]`);
      assert.equal(await s.set(k, 'v3', { ttlMs: 60_000 }), true, `${lib}: plain set overwrites`);
      assert.equal(await s.get(k), 'v3');
      assert.ok((await nr.pTTL(k)) > 1500, `${lib}: overwrite took the new TTL`);
      await s.delete(k);
      assert.equal(await s.get(k), null, `${lib}: deleted`);
      await s.delete(k); // absent is fine
      assert.equal(await s.set(k, 'short', { ttlMs: 100 }), true);
      await sleep(250);
      assert.equal(await s.get(k), null, `${lib}: expired after its TTL`);
      assert.equal(await s.set(k, 'again', { ttlMs: 1000, onlyIfAbsent: true }), true, `${lib}: NX after expiry writes`);
      await assert.rejects(s.set(k, 'x', { ttlMs: 0 }), (e) => e instanceof YjtError && e.code === 'INVALID_INPUT', `${lib}: ttlMs 0 refused`);
      await s.delete(k);
    }
    // One key, two libraries: a claim by one is a claim for the other.
    const k = 'multi-a:cross';
    assert.equal(await stores['node-redis'].set(k, 'mine', { ttlMs: 2000, onlyIfAbsent: true }), true);
    assert.equal(await stores.ioredis.set(k, 'theirs', { ttlMs: 2000, onlyIfAbsent: true }), false);
    assert.equal(await stores.ioredis.get(k), 'mine');
    await stores.ioredis.delete(k);
    assert.equal(await stores['node-redis'].get(k), null);
  } finally {
    await nr.quit().catch(() => {});
    io.disconnect();
  }
});

// ---- b (before). the double tap without a store ----------------------------------------------
let beforeFailed = 0;
const BEFORE_N = 20;
test(`b0. double tap WITHOUT a store (${BEFORE_N} codes): one of each pair fails`, async () => {
  await freshMock();
  const codes = await mock.issue(BEFORE_N);
  const ps = pairs();
  const results = await pool(BEFORE_N, 4, (i) => doubleTap(codes[i], ...ps[i % ps.length], '&nostore=1'));
  for (const [x, y] of results) {
    const fails = [x, y].filter((r) => !r.ok);
    if (fails.length > 0) beforeFailed++;
    for (const f of fails) assert.ok(f.error.code === 'GATEWAY_FAILURE' && f.error.errcode === 1, `expected GATEWAY_FAILURE errcode 1: ${JSON.stringify(f.error)}`);
    assert.equal(fails.length, 1, `exactly one of the pair fails: ${JSON.stringify([x, y].map((r) => r.error?.code ?? 'ok'))}`);
  }
  const stats = await mock.stats();
  assert.equal(stats.codeRequests, 2 * BEFORE_N);
  log(`before: ${beforeFailed}/${BEFORE_N} pairs failed (no store; the gateway saw ${stats.codeRequests} requests for ${BEFORE_N} codes)`);
});

// ---- d. Redis stopped and restarted mid-run ---------------------------------------------------
test('d. Redis killed and restarted on the same port while double taps flow: bounded latency, documented outcomes, bypass events', async () => {
  await freshMock();
  const N = 240;
  const codes = await mock.issue(N);
  const ps = pairs();
  const limit = TIMEOUT_MS + OP_LIMIT_MS + 400; // slack: process scheduling on 2 cores, HTTP hops
  let killAt = 0, restartAt = 0, upAt = 0;
  const chaos = (async () => {
    await sleep(700);
    killAt = Date.now();
    await redis.kill('SIGKILL');
    await sleep(1200);
    restartAt = Date.now();
    await redis.restart();
    upAt = Date.now();
  })();
  const t0 = Date.now();
  // ~3.5 s of traffic: a pair every ~15 ms, 6 pairs at most in flight.
  const results = await pool(N, 6, async (i) => {
    await sleep(Math.max(0, t0 + i * 15 - Date.now()));
    return doubleTap(codes[i], ...ps[i % ps.length]);
  });
  await chaos;
  const flat = results.flat();
  // A request over the limit is excused only when its own store events show it waited out a
  // claim past its own budget (waitedMs > timeoutMs: only a lease lasts that long) — the
  // orphaned-claim bug test d2 shows deterministically. Anything else over the limit fails here.
  const orphanWait = (r) => (r.store ?? []).some((e) => e.waitedMs > TIMEOUT_MS);
  const orphaned = flat.filter((r) => r.ms > limit && orphanWait(r));
  const bounded = flat.filter((r) => !orphaned.includes(r));
  const slowest = bounded.reduce((a, r) => (r.ms > a.ms ? r : a));
  const byOutcome = {};
  for (const r of flat) {
    const k = r.ok ? 'ok' : `${r.error.code}${r.error.errcode != null ? ` errcode ${r.error.errcode}` : ''}`;
    byOutcome[k] = (byOutcome[k] ?? 0) + 1;
    if (r.ok) assert.deepEqual(r.user, userById.get(r.user.userId), 'a success is the issued identity');
    else assert.ok(CODES.has(r.error.code), `undocumented error: ${JSON.stringify(r.error)}`);
  }
  for (const [x, y] of results) {
    assert.ok(x.ok || y.ok, `each pair has a success (the code was valid): ${JSON.stringify([x.error, y.error])}`);
    if (x.ok && y.ok) assert.deepEqual(x.user, y.user);
  }
  // Every worker reports its store events; those in the outage must include bypasses.
  const all = (await Promise.all(workers.filter((w) => w.kind !== 'deno (2 isolates)').map((w) => get(w.port, '/events')))).flatMap((e) => e.events);
  const outage = all.filter((e) => e.at >= killAt && e.at <= upAt + 500);
  const bypassed = outage.filter((e) => e.role === 'bypass' && e.error === 'STORE_UNAVAILABLE').length;
  const stats = await mock.stats();
  log(`redis restart: killed at +${killAt - t0} ms, up again at +${upAt - t0} ms (restart took ${upAt - restartAt} ms); ${flat.length} requests: ${JSON.stringify(byOutcome)}; slowest ${slowest.ms.toFixed(0)} ms (${slowest.sentTo}; limit ${limit})${orphaned.length ? `, and ${orphaned.length} over it waiting out an orphaned claim (${orphaned.map((r) => `${r.ms.toFixed(0)} ms ${r.ok ? 'ok' : r.error.code}`).join(', ')}; see d2)` : ''}; node workers' store events in the outage: ${bypassed} bypass/STORE_UNAVAILABLE of ${outage.length}; gateway saw ${stats.codeRequests} requests for ${N} codes`);
  assert.ok(slowest.ms <= limit, `a request took ${slowest.ms.toFixed(0)} ms > timeoutMs + store op limit + slack = ${limit} ms`);
  assert.ok(bypassed > 0, 'no bypass/STORE_UNAVAILABLE store event during the outage');
  assert.ok(!byOutcome.STORE_UNAVAILABLE, "storeFailure 'bypass' never surfaces STORE_UNAVAILABLE");
  // After the restart the store works again: a fresh double tap is exactly-once.
  await freshMock();
  const [c] = await mock.issue(1);
  const [x, y] = await doubleTap(c, workers[0], workers[2]);
  assert.ok(x.ok && y.ok, `after the restart: ${JSON.stringify([x.error, y.error])}`);
  assert.equal((await mock.stats()).codeRequests, 1, 'after the restart, one gateway request for the pair');
});

// ---- d2. a claim that times out can still land ---------------------------------------------------
test('d2. a claim whose SET timed out (Redis stalled) must not leave an orphaned claim that makes the next instance wait a lease', async () => {
  await freshMock();
  const [code] = await mock.issue(1);
  const keysBefore = new Set(await scanAll());
  const limit = TIMEOUT_MS + OP_LIMIT_MS + 400;
  redis.pause(); // SIGSTOP: the claim reaches the socket, no answer comes
  let x;
  try {
    x = await sso(workers[0], code); // the claim times out (400 ms): bypass, the exchange succeeds
  } finally {
    redis.resume(); // SIGCONT: Redis now runs the claim the worker gave up on
  }
  await sleep(100);
  const orphans = [];
  for (const k of await scanAll()) if (!keysBefore.has(k)) orphans.push([k, await admin.pTTL(k)]);
  const y = await sso(workers[2], code); // another instance, the same code (a double tap, a reload)
  const show = (r) => (r.ok ? 'ok' : `${r.error.code}${r.error.errcode != null ? ` errcode ${r.error.errcode}` : ''}`);
  log(`orphaned claim: first call ${show(x)} in ${x.ms.toFixed(0)} ms (store events ${JSON.stringify(x.store.map((e) => `${e.role}/${e.error}`))}); after SIGCONT Redis holds ${orphans.length} new key(s) (PTTL ${orphans.map((o) => o[1]).join(', ')} ms); the second instance: ${show(y)} after ${y.ms.toFixed(0)} ms (store events ${JSON.stringify(y.store.map((e) => `${e.role}/${e.error}/${e.waitedMs}ms`))}), limit ${limit} ms`);
  assert.ok(x.ok, 'the first call bypassed the stalled store and succeeded');
  // The claim the worker gave up on lands after SIGCONT; it is the worker's, so the worker writes
  // its bypass's outcome there (an outcome's TTL is storeTtlMs, 60 s; a pending claim's the lease).
  assert.ok(orphans.every(([, pttl]) => pttl > LEASE_MS), `a pending claim was left behind (PTTL ${orphans.map((o) => o[1]).join(', ')} ms)`);
  assert.ok(y.ms <= limit, `the second instance waited ${y.ms.toFixed(0)} ms for a claim nobody holds`);
});

// ---- f. nonce window shared by two mock processes --------------------------------------------
test('f. nonce replay across two mock processes sharing Redis, and verifyGatewayHeaders with nonceStore', async () => {
  const m1 = await startMock({ nonceRedis: redis.url });
  const m2 = await startMock({ nonceRedis: redis.url });
  try {
    const [code] = await m1.issue(1);
    const { url } = new YjtClient({ env: 'test', ...creds, baseUrl: m1.baseUrl, allowInsecureHttp: true }).buildRequest(code);
    // Signed once; the same bytes go to mock 1, then to mock 2.
    const headers = gatewayHeaders({ paasId: creds.paasId, paasToken: creds.paasToken, appSecret: creds.appSecret, serviceId: GATEWAY_PRESETS.serviceIds.test });
    const r1 = await (await fetch(url, { headers })).json();
    assert.equal(r1.errcode, 0, `mock 1 accepts the signed request: ${JSON.stringify(r1)}`);
    const r2 = await (await fetch(url.replace(m1.url, m2.url), { headers })).json();
    assert.deepEqual(r2, { errcode: 2, errmsg: '参数不合法：nonce 重复' }, 'mock 2 refuses the replay');
    const s2 = await m2.stats();
    assert.equal(s2.codeRequests, 0, 'the replay never reached the exchange');
    assert.equal(s2.rejected, 1);
    log(`nonce: mock 1 errcode ${r1.errcode}, the same signed request at mock 2: errcode ${r2.errcode} ${r2.errmsg}`);

    // The SDK's verifier, each call with its own client library on the same Redis.
    const nr = createClient({ url: redis.url });
    nr.on('error', () => {});
    await nr.connect();
    const io = new Redis(redis.url);
    io.on('error', () => {});
    try {
      const h = gatewayHeaders({ paasId: creds.paasId, paasToken: creds.paasToken });
      const opts = { paasToken: creds.paasToken, paasId: creds.paasId };
      const v = await verifyGatewayHeaders(h, { ...opts, nonceStore: nodeRedisStore(nr) });
      assert.equal(v.nonce, h['x-tsp-nonce']);
      await assert.rejects(verifyGatewayHeaders(h, { ...opts, nonceStore: nodeRedisStore(nr) }), (e) => e instanceof YjtError && e.code === 'NONCE_REPLAY');
      await assert.rejects(verifyGatewayHeaders(h, { ...opts, nonceStore: ioredisStore(io) }), (e) => e instanceof YjtError && e.code === 'NONCE_REPLAY', 'the other library sees the same window');
      const fresh = gatewayHeaders({ paasId: creds.paasId, paasToken: creds.paasToken });
      await verifyGatewayHeaders(fresh, { ...opts, nonceStore: ioredisStore(io) }); // a new nonce passes
    } finally {
      await nr.quit().catch(() => {});
      io.disconnect();
    }
  } finally {
    await Promise.all([m1.stop(), m2.stop()]);
  }
});

// ---- b. 1,000 codes, each double-tapped at two processes --------------------------------------
const AFTER_N = 1000;
test(`b. ${AFTER_N} codes, each sent to two server processes within ~1 ms: one gateway request per code`, async () => {
  await freshMock();
  const codes = await mock.issue(AFTER_N);
  const ps = pairs();
  const t0 = performance.now();
  const results = await pool(AFTER_N, 12, (i) => doubleTap(codes[i], ...ps[i % ps.length]));
  const secs = (performance.now() - t0) / 1000;
  const flat = results.flat();
  const errors = flat.filter((r) => !r.ok);
  const served = {};
  for (const r of flat) served[r.worker] = (served[r.worker] ?? 0) + 1;
  const stats = await mock.stats();
  const pairsFailed = results.filter(([x, y]) => !x.ok || !y.ok).length;
  log(`after: ${pairsFailed}/${AFTER_N} pairs failed (${flat.length} requests in ${secs.toFixed(1)} s; gateway: codeRequests ${stats.codeRequests}, repeated ${stats.repeatedCodeRequests}, max per code ${stats.maxRequestsPerCode}); served by ${JSON.stringify(served)}`);
  assert.deepEqual(errors.slice(0, 5).map((r) => r.error), [], `${errors.length} errors`);
  for (const [x, y] of results) {
    assert.deepEqual(x.user, y.user, 'both taps get the same identity');
    assert.deepEqual(x.user, userById.get(x.user.userId));
  }
  assert.equal(stats.codeRequests, AFTER_N);
  assert.equal(stats.repeatedCodeRequests, 0);
  assert.equal(stats.maxRequestsPerCode, 1);
  const denoIsolates = Object.keys(served).filter((n) => n.startsWith('deno-'));
  assert.equal(denoIsolates.length, 2, `both deno isolates served requests: ${denoIsolates}`);
  for (const w of workers.filter((w) => !w.name.startsWith('deno'))) assert.ok(served[w.name] > 0, `${w.name} served requests`);
});

// ---- c. the claimant dies mid-request ---------------------------------------------------------
test('c. claimant SIGKILLed mid-request: the other two finish with one outcome within the lease', async () => {
  await freshMock();
  const [A, B, C] = workers; // node-1 (node-redis), node-2 (node-redis), io-1 (ioredis)
  const [code] = await mock.issue(1);
  const latencyMs = 1500;
  await mock.call({ op: 'fault', kind: 'latency', latencyMs }); // the next gateway request (A's) is slow
  const t0 = performance.now();
  const a = sso(A, code).then((r) => ({ r }), (e) => ({ e }));
  await sleep(30); // A has claimed and its request is at the mock
  const b = sso(B, code);
  await sleep(5);
  const c = sso(C, code);
  await sleep(300);
  await killChild(A.proc, 'SIGKILL');
  const killedAt = performance.now() - t0;
  const [rb, rc, ra] = await Promise.all([b, c, a]);
  const doneAt = performance.now() - t0;
  const stats = await mock.stats();
  const outcome = (r) => (r.ok ? `ok ${r.user.userId}` : `${r.error.code}${r.error.errcode != null ? ` errcode ${r.error.errcode}` : ''}${r.error.retryable ? ' (retryable)' : ''}`);
  log(`kill: A killed at ${killedAt.toFixed(0)} ms (A: ${ra.e ? ra.e.message : 'answered?!'}); B ${outcome(rb)} after ${rb.wallMs.toFixed(0)} ms, C ${outcome(rc)} after ${rc.wallMs.toFixed(0)} ms; all done at ${doneAt.toFixed(0)} ms (lease ${LEASE_MS}); gateway saw ${stats.codeRequests} requests for the code`);
  // Restart A for the tests after this one.
  const fresh = await startWorker(A.name, A.kind);
  workers[0] = fresh;
  killed = { rb, rc, requests: stats.codeRequests };
  // A claimed, so B and C wait; A's claim is a lease of timeoutMs + max(1 s, …) = 4 s, and
  // nothing else frees it (A is dead, it cannot release). When it expires the first waiter to
  // see the key gone claims and runs a request with a budget of its own; the gateway answers it
  // (errcode 1: A's request consumed the code) and that outcome is published for the other.
  assert.ok(ra.e, 'A died before answering');
  assert.ok(rb.wallMs <= LEASE_MS + OP_LIMIT_MS + 600 && rc.wallMs <= LEASE_MS + OP_LIMIT_MS + 600, `B and C finish within the lease + a store op + slack (${LEASE_MS + OP_LIMIT_MS + 600} ms)`);
  assert.ok(stats.codeRequests >= 1 && stats.codeRequests <= 3, `the gateway saw ${stats.codeRequests} requests for the code`);
  assert.equal(outcome(rb), outcome(rc), 'B and C finish with the same outcome');
});

let killed; // test c's results
test('c2. after a dead claimant, the successor gets a real budget: one published outcome (the code A consumed: errcode 1), at most 2 gateway requests', () => {
  assert.ok(killed, 'test c ran');
  const { rb, rc, requests } = killed;
  for (const r of [rb, rc]) {
    assert.equal(r.ok, false);
    assert.deepEqual({ code: r.error.code, errcode: r.error.errcode, retryable: r.error.retryable }, { code: 'GATEWAY_FAILURE', errcode: 1, retryable: false }, `B/C got ${r.error.code}: the gateway's answer (the code is used) was never obtained`);
  }
  assert.ok(requests <= 2, `the gateway saw ${requests} requests`);
});

// ---- e. what Redis holds; tampered and moved values --------------------------------------------
test('e. Redis holds no plaintext (keys or values), every key expires; a tampered or moved value is refused (STORE_TAMPERED)', async () => {
  const keys = await scanAll();
  assert.ok(keys.length >= AFTER_N, `Redis holds the published outcomes (${keys.length} keys)`);
  const needles = new Map();
  const add = (label, s) => {
    const b = Buffer.from(s, 'utf8');
    for (const form of [s, b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url')]) needles.set(form, label);
  };
  for (const u of USERS) {
    add(`name of ${u.userId}`, u.name);
    add(`phone of ${u.userId}`, u.phone);
    add(`ID number of ${u.userId}`, u.certificateNo);
    add(`userId ${u.userId}`, u.userId);
  }
  for (const c of issuedCodes) add('a code', c);
  let values = 0, nonces = 0;
  const hits = [];
  for (let i = 0; i < keys.length; i += 200) {
    const batch = keys.slice(i, i + 200);
    const [vals, ttls] = await Promise.all([admin.mGet(batch), Promise.all(batch.map((k) => admin.pTTL(k)))]);
    batch.forEach((k, j) => {
      const v = vals[j] ?? '';
      assert.match(k, /^yjt-sso:(n:)?[0-9a-f]{64}$/, 'a key is the prefix and a keyed hash');
      assert.ok(ttls[j] > 0, `key ${k} has no TTL (PTTL ${ttls[j]})`);
      if (k.startsWith('yjt-sso:n:')) { nonces++; assert.equal(v, '1'); }
      else { values++; assert.match(v, /^v1p?\.[A-Za-z0-9+/]+={0,2}\.[A-Za-z0-9+/]+={0,2}$/, 'a value is v1.<iv>.<ciphertext>'); }
      for (const [needle, label] of needles) if (k.includes(needle) || v.includes(needle)) hits.push(`${label} in ${k}`);
    });
  }
  log(`scan: ${keys.length} keys (${values} outcomes/claims, ${nonces} nonces), every one with a TTL; ${needles.size} plaintext forms searched, ${hits.length} found`);
  assert.deepEqual(hits.slice(0, 10), []);

  // Two more published outcomes, then alter one and move the other.
  await freshMock();
  const [c3, c4] = await mock.issue(2);
  const W = workers[1];
  const keyOf = async (code) => {
    const before = new Set(await scanAll());
    const r = await sso(W, code);
    assert.ok(r.ok, JSON.stringify(r.error));
    const added = (await scanAll()).filter((k) => !before.has(k));
    assert.equal(added.length, 1, 'one new key per exchange');
    return added[0];
  };
  const k3 = await keyOf(c3);
  const k4 = await keyOf(c4);
  const v3 = await admin.get(k3);
  const [fmt, iv, ct] = v3.split('.');
  const bytes = Buffer.from(ct, 'base64');
  bytes[Math.floor(bytes.length / 2)] ^= 0x01; // one bit of the ciphertext
  await admin.set(k3, `${fmt}.${iv}.${bytes.toString('base64')}`, { KEEPTTL: true });
  await admin.set(k4, v3, { KEEPTTL: true }); // code 3's genuine value under code 4's key
  const r3 = await sso(workers[2], c3);
  const r4 = await sso(workers[3], c4);
  log(`tamper: flipped bit → ${r3.ok ? 'ACCEPTED' : r3.error.code}; value moved to another key → ${r4.ok ? 'ACCEPTED' : r4.error.code}`);
  assert.equal(r3.ok, false, 'an altered value was accepted');
  assert.equal(r3.error.code, 'STORE_TAMPERED');
  assert.equal(r4.ok, false, 'a value moved to another key was accepted');
  assert.equal(r4.error.code, 'STORE_TAMPERED');
  assert.equal((await mock.stats()).codeRequests, 2, 'refusing a tampered value sends nothing to the gateway');
});
