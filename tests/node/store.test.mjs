// The shared store, in one process: several YjtClients standing in for several instances share a
// memoryStore (or a store wrapper that fails, hangs or dies) and an in-process mock gateway.
// Exactly-once across "instances", outcomes (success and non-retryable errors) published,
// retryable failures not, the lease of a dead claimant, sealed values (tampered or moved →
// STORE_TAMPERED), the failure policy, the time bound with a hung store, config checks,
// redaction, and the nonce window. Real Redis and real processes: tests/multi/.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { esm as m } from './_pkg.mjs';
import { createMockGateway, creds, alice } from './_mock.mjs';
import { test } from './_client.mjs';
import { rejectsYjt, throwsYjt } from './_assert.mjs';

const BASE = 'http://mock.local/data_center/gateway/common/api';
const STORE_KEY = 'k'.repeat(16) + '-store-key-of-this-hospital';
const PII = [alice.name, alice.phone, alice.certificateNo];

/** A mock gateway, a store shared by `n` clients, and the store events of each client. */
function instances(n, { store = m.memoryStore(), gwOptions = {}, ...extra } = {}) {
  const gw = createMockGateway({ ...creds, users: [alice], ...gwOptions });
  const events = [];
  const clients = Array.from({ length: n }, (_, i) => new m.YjtClient({
    env: 'test', ...creds, baseUrl: BASE, allowInsecureHttp: true, timeoutMs: 2_000,
    fetch: (u, init) => gw.fetch(new Request(u, init)),
    store, storeKey: STORE_KEY,
    onEvent: (e) => { if (e.type === 'store') events.push({ i, ...e }); },
    ...extra,
  }));
  return { gw, store, clients, events, free: () => clients.forEach((c) => c.free()) };
}

/** A memoryStore whose entries can be read and written directly (what Redis would hold). */
function openStore() {
  const inner = m.memoryStore();
  const seen = new Map();
  const sets = [];
  return {
    seen,
    sets,
    get: (k) => inner.get(k),
    async set(k, v, o) {
      sets.push({ ...o });
      const ok = await inner.set(k, v, o);
      if (ok) seen.set(k, { v, ttlMs: o.ttlMs });
      return ok;
    },
    delete: (k) => { seen.delete(k); return inner.delete(k); },
    raw: inner,
  };
}

describe('exactly once across instances sharing a store', () => {
  test('two instances, one code: one gateway request, the same identity twice, claimant + waiter events', async () => {
    const x = instances(2);
    try {
      const code = x.gw.issueCode(alice);
      const [a, b] = await Promise.all([x.clients[0].exchangeCode(code), x.clients[1].exchangeCode(code)]);
      assert.equal(x.gw.stats.codeRequests, 1);
      assert.equal(x.gw.stats.maxRequestsPerCode, 1);
      assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
      assert.equal(String(a.phone), alice.phone);
      assert.equal(util.inspect(b).includes(alice.phone), false, 'an identity read from the store is masked in inspect like any other');
      assert.deepEqual(x.events.map((e) => e.role).sort(), ['claimant', 'waiter']);
      assert.ok(x.events.every((e) => e.error === null && e.waitedMs >= 0));
    } finally { x.free(); }
  });

  test('eight instances: still one request; later callers within the TTL are served from the store', async () => {
    const x = instances(8);
    try {
      const code = x.gw.issueCode(alice);
      const users = await Promise.all(x.clients.map((c) => c.exchangeCode(code)));
      assert.equal(new Set(users.map((u) => u.userId)).size, 1);
      const again = await x.clients[3].exchangeCode(code);
      assert.equal(again.userId, alice.userId);
      assert.equal(x.gw.stats.codeRequests, 1, 'one gateway request for nine exchanges');
      assert.equal(x.events.filter((e) => e.role === 'claimant').length, 1);
    } finally { x.free(); }
  });

  test('a non-retryable failure is the outcome: every instance gets the same typed error', async () => {
    const x = instances(3);
    try {
      const never = 'f'.repeat(32); // never issued: the gateway answers errcode 1
      const errs = await Promise.allSettled(x.clients.map((c) => c.exchangeCode(never)));
      for (const r of errs) {
        assert.equal(r.status, 'rejected');
        assert.ok(r.reason instanceof m.YjtError);
        assert.deepEqual([r.reason.code, r.reason.errcode, r.reason.retryable], ['GATEWAY_FAILURE', 1, false]);
      }
      assert.equal(x.gw.stats.requests, 1, 'the error was published, not fetched three times');
      assert.deepEqual(x.events.map((e) => e.role).sort(), ['claimant', 'waiter', 'waiter']);
    } finally { x.free(); }
  });

  test('a retryable failure is not published: the claim is released and the next call reaches the gateway', async () => {
    const s = openStore();
    const x = instances(2, { store: s });
    try {
      const code = x.gw.issueCode(alice);
      x.gw.injectFault('http503', { times: 1 });
      await rejectsYjt(m, x.clients[0].exchangeCode(code), 'HTTP_STATUS', { retryable: true });
      assert.equal(s.seen.size, 0, 'nothing left in the store');
      const u = await x.clients[1].exchangeCode(code);
      assert.equal(u.userId, alice.userId);
    } finally { x.free(); }
  });

  test('a dead claimant: its lease expires and a waiter claims, within the lease', async () => {
    // The first instance claims, then "dies": its gateway call never answers and it writes nothing more.
    const s = openStore();
    const dead = { get: s.get, set: async (k, v, o) => (o.onlyIfAbsent ? s.set(k, v, o) : false), delete: async () => {} };
    const gw = createMockGateway({ ...creds, users: [alice] });
    const code = gw.issueCode(alice);
    const timeoutMs = 300;
    const mk = (store, fetch) => new m.YjtClient({ env: 'test', ...creds, baseUrl: BASE, allowInsecureHttp: true, timeoutMs, fetch, store, storeKey: STORE_KEY });
    const a = mk(dead, (_u, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason))));
    // The gateway takes 50 ms: the instance that takes over gets a request budget of its own.
    const b = mk(s, async (u, init) => { await new Promise((r) => setTimeout(r, 50)); return gw.fetch(new Request(u, init)); });
    try {
      const first = a.exchangeCode(code).catch((e) => e);
      await new Promise((r) => setTimeout(r, 20));
      const t0 = performance.now();
      const u = await b.exchangeCode(code);
      const waited = performance.now() - t0;
      assert.equal(u.userId, alice.userId);
      const lease = timeoutMs + 1000;
      assert.ok(waited >= lease - 100 && waited < lease + 1000, `the waiter finished ${waited.toFixed(0)} ms later (lease ${lease} ms)`);
      assert.equal((await first).code, 'TIMEOUT');
      assert.equal(gw.stats.codeRequests, 1);
    } finally { a.free(); b.free(); }
  });

  test('a claim that lands after its time limit is not orphaned: the bypass publishes its outcome there', async () => {
    // The claim reaches the store after the 100 ms limit (timeoutMs 500 / 5), as when Redis
    // answers again after a stall: instance A has gone ahead without the store by then.
    const s = openStore();
    const slow = { get: s.get, delete: s.delete, set: async (k, v, o) => { if (o.onlyIfAbsent) await new Promise((r) => setTimeout(r, 200)); return s.set(k, v, o); } };
    const gw = createMockGateway({ ...creds, users: [alice] });
    const mk = (store) => new m.YjtClient({ env: 'test', ...creds, baseUrl: BASE, allowInsecureHttp: true, timeoutMs: 500, fetch: (u, init) => gw.fetch(new Request(u, init)), store, storeKey: STORE_KEY });
    const a = mk(slow);
    const b = mk(s);
    try {
      const code = gw.issueCode(alice);
      const u1 = await a.exchangeCode(code);
      await new Promise((r) => setTimeout(r, 250)); // the late claim lands, then the outcome
      const t0 = performance.now();
      const u2 = await b.exchangeCode(code);
      assert.ok(performance.now() - t0 < 200, 'served from the store, not held by an orphaned claim');
      assert.equal(u2.userId, u1.userId);
      assert.equal(gw.stats.codeRequests, 1);
    } finally { a.free(); b.free(); }
  });

  test('different businessTypes are different outcomes', async () => {
    const x = instances(2);
    try {
      const code = x.gw.issueCode(alice);
      const a = await x.clients[0].exchangeCode(code, { businessType: 1 });
      await rejectsYjt(m, x.clients[1].exchangeCode(code, { businessType: 2 }), 'GATEWAY_FAILURE');
      assert.equal(a.userId, alice.userId);
    } finally { x.free(); }
  });
});

describe('nothing readable in the store', () => {
  test('keys are keyed hashes, values AES-GCM sealed; no code or PII in either; every entry has a TTL ≤ 300 s', async () => {
    const s = openStore();
    const x = instances(2, { store: s, storeTtlMs: 30_000 });
    try {
      const code = x.gw.issueCode(alice);
      await Promise.all(x.clients.map((c) => c.exchangeCode(code)));
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(s.seen.size, 1);
      const [[key, { v, ttlMs }]] = [...s.seen];
      assert.match(key, /^yjt-sso:[0-9a-f]{64}$/);
      assert.match(v, /^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
      assert.equal(ttlMs, 30_000);
      const hay = key + v + Buffer.from(v.split('.')[2], 'base64').toString('latin1');
      for (const p of [code, creds.appCode, STORE_KEY, creds.paasToken, creds.appKey, ...PII]) assert.equal(hay.includes(p), false, `${p.slice(0, 3)}… in the store`);
    } finally { x.free(); }
  });

  test('defaults: the claim is leased for timeoutMs + max(1 s, timeoutMs) (≤ +5 s), the outcome kept 60 s', async () => {
    const s = openStore();
    const x = instances(1, { store: s, timeoutMs: 2_000 });
    const y = instances(1, { store: s, timeoutMs: 20_000 });
    try {
      await x.clients[0].exchangeCode(x.gw.issueCode(alice));
      await y.clients[0].exchangeCode(y.gw.issueCode(alice));
      await new Promise((r) => setTimeout(r, 20)); // outcomes are written after the caller has its result
      const key = (o) => JSON.stringify(o);
      assert.deepEqual(s.sets.map(key).sort(), [{ ttlMs: 4_000, onlyIfAbsent: true }, { ttlMs: 60_000 }, { ttlMs: 25_000, onlyIfAbsent: true }, { ttlMs: 60_000 }].map(key).sort());
    } finally { x.free(); y.free(); }
  });

  test('a tampered value and a value moved to another key are refused with STORE_TAMPERED', async () => {
    const s = openStore();
    const x = instances(1, { store: s });
    try {
      const c1 = x.gw.issueCode(alice);
      const c2 = x.gw.issueCode(alice);
      await x.clients[0].exchangeCode(c1);
      await x.clients[0].exchangeCode(c2);
      await new Promise((r) => setTimeout(r, 20)); // the outcomes are written
      const [[k1, e1], [k2, e2]] = [...s.seen];
      // moved: c1's outcome under c2's key
      await s.raw.set(k2, e1.v, { ttlMs: 60_000 });
      await rejectsYjt(m, x.clients[0].exchangeCode(c2), 'STORE_TAMPERED', { retryable: false });
      // altered: one byte of the ciphertext flipped
      const parts = e2.v.split('.');
      const ct = Buffer.from(parts[2], 'base64');
      ct[3] ^= 1;
      await s.raw.set(k1, `${parts[0]}.${parts[1]}.${ct.toString('base64')}`, { ttlMs: 60_000 });
      await rejectsYjt(m, x.clients[0].exchangeCode(c1), 'STORE_TAMPERED');
      await s.raw.set(k1, 'not a sealed value', { ttlMs: 60_000 });
      await rejectsYjt(m, x.clients[0].exchangeCode(c1), 'STORE_TAMPERED');
      assert.equal(x.gw.stats.codeRequests, 2, 'a refused value never leads to a second gateway request');
    } finally { x.free(); }
  });

  test('without storeKey the keys derive from the app secrets; another storeKey gives other keys', async () => {
    const keysOf = async (extra) => {
      const s = openStore();
      const x = instances(1, { store: s, ...extra });
      const code = 'abcdef0123456789abcdef0123456789';
      await x.clients[0].exchangeCode(code).catch(() => {});
      x.free();
      return [...s.seen.keys()];
    };
    const [a] = await keysOf({ storeKey: undefined });
    const [b] = await keysOf({ storeKey: undefined });
    const [c] = await keysOf({ storeKey: 'another-hospital-store-key-0123456789' });
    assert.equal(a, b, 'instances with the same secrets agree on the key');
    assert.notEqual(a, c);
  });
});

describe('when the store fails', () => {
  const broken = { get: async () => { throw new Error('ECONNREFUSED 127.0.0.1:6379 password=hunter2'); }, set: async () => { throw new Error('connect ECONNREFUSED redis://:hunter2@127.0.0.1:6379'); }, delete: async () => {} };
  const hung = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), delete: () => new Promise(() => {}) };

  test("storeFailure 'bypass' (default): the exchange goes ahead, a bypass event says STORE_UNAVAILABLE", async () => {
    const x = instances(1, { store: broken });
    try {
      const u = await x.clients[0].exchangeCode(x.gw.issueCode(alice));
      assert.equal(u.userId, alice.userId);
      assert.deepEqual(x.events.map((e) => [e.role, e.error]), [['bypass', 'STORE_UNAVAILABLE']]);
    } finally { x.free(); }
  });

  test("storeFailure 'fail': a retryable STORE_UNAVAILABLE, no gateway request, the store's message not quoted", async () => {
    const x = instances(1, { store: broken, storeFailure: 'fail' });
    try {
      const err = await rejectsYjt(m, x.clients[0].exchangeCode(x.gw.issueCode(alice)), 'STORE_UNAVAILABLE', { retryable: true });
      assert.equal(err.message.includes('hunter2'), false);
      assert.equal(util.inspect(err, { depth: 10 }).includes('hunter2'), false, 'nor in its cause chain');
      assert.equal(String(err.cause?.message).includes('hunter2'), false);
      assert.equal(x.gw.stats.requests, 0);
    } finally { x.free(); }
  });

  test('a hung store never makes a request exceed timeoutMs', async () => {
    const x = instances(1, { store: hung, timeoutMs: 500 });
    try {
      const t0 = performance.now();
      const u = await x.clients[0].exchangeCode(x.gw.issueCode(alice));
      const took = performance.now() - t0;
      assert.equal(u.userId, alice.userId);
      assert.ok(took < 500, `took ${took.toFixed(0)} ms`);
      assert.equal(x.events[0].role, 'bypass');
    } finally { x.free(); }
  });

  test('a store that works for the claim and then hangs: the claimant still answers within timeoutMs', async () => {
    const s = openStore();
    const half = { get: s.get, set: (k, v, o) => (o.onlyIfAbsent ? s.set(k, v, o) : new Promise(() => {})), delete: () => new Promise(() => {}) };
    const x = instances(1, { store: half, timeoutMs: 500 });
    try {
      const t0 = performance.now();
      await x.clients[0].exchangeCode(x.gw.issueCode(alice));
      assert.ok(performance.now() - t0 < 500, 'the caller never waits on writing the outcome');
      await new Promise((r) => setTimeout(r, 150)); // the write's time limit (500 ms / 5) passes
      assert.deepEqual(x.events.map((e) => [e.role, e.error]), [['claimant', 'STORE_UNAVAILABLE']]);
    } finally { x.free(); }
  });
});

describe('store configuration', () => {
  const cfg = (extra) => ({ env: 'test', ...creds, store: m.memoryStore(), ...extra });
  for (const [extra, field] of [
    [{ store: {} }, 'store'],
    [{ store: { get() {}, set() {} } }, 'store'],
    [{ storeKey: 'short' }, 'storeKey'],
    [{ storeKey: 42 }, 'storeKey'],
    [{ storeFailure: 'retry' }, 'storeFailure'],
    [{ storeTtlMs: 300_001 }, 'storeTtlMs'],
    [{ storeTtlMs: 999 }, 'storeTtlMs'],
    [{ storeTtlMs: 1.5e3 + 0.5 }, 'storeTtlMs'],
    [{ storePrefix: '' }, 'storePrefix'],
    [{ storePrefix: 'has space' }, 'storePrefix'],
    [{ store: undefined, storeKey: STORE_KEY }, 'storeKey'],
  ]) {
    test(`${JSON.stringify(extra)} → INVALID_CONFIG naming ${field}`, () => {
      const e = throwsYjt(m, () => new m.YjtClient(cfg(extra)), 'INVALID_CONFIG');
      assert.equal(e.field, field);
      assert.equal(e.message.includes(STORE_KEY), false);
    });
  }

  test('storeKey, the store and a Redis client inside an adapter never show in inspect, JSON or toString', () => {
    const redisLike = { options: { password: 'redis-PASSWORD-42' }, get: async () => null, set: async () => 'OK', del: async () => 1 };
    for (const store of [m.nodeRedisStore(redisLike), m.ioredisStore(redisLike), m.memoryStore()]) {
      const c = new m.YjtClient(cfg({ store, storeKey: STORE_KEY }));
      for (const view of [util.inspect(c, { depth: 5, showHidden: true }), JSON.stringify(c), String(c), util.inspect(store, { depth: 5 }), JSON.stringify(store), String(store)]) {
        assert.equal(view.includes('redis-PASSWORD-42'), false, view);
        assert.equal(view.includes(STORE_KEY), false, view);
      }
      c.free();
    }
  });
});

describe('adapters (the calls they make; real Redis in tests/multi/)', () => {
  test('nodeRedisStore: SET with { PX, NX }, true only on OK; GET; DEL', async () => {
    const calls = [];
    const client = {
      get: async (k) => { calls.push(['get', k]); return k === 'hit' ? 'v' : null; },
      set: async (k, v, o) => { calls.push(['set', k, v, o]); return o.NX ? null : 'OK'; },
      del: async (k) => { calls.push(['del', k]); return 1; },
    };
    const s = m.nodeRedisStore(client);
    assert.equal(await s.set('a', 'b', { ttlMs: 1500, onlyIfAbsent: true }), false);
    assert.equal(await s.set('a', 'b', { ttlMs: 1500 }), true);
    assert.equal(await s.get('hit'), 'v');
    assert.equal(await s.get('miss'), null);
    await s.delete('a');
    assert.deepEqual(calls, [['set', 'a', 'b', { PX: 1500, NX: true }], ['set', 'a', 'b', { PX: 1500 }], ['get', 'hit'], ['get', 'miss'], ['del', 'a']]);
  });

  test("ioredisStore: SET key value 'PX' ms ['NX']", async () => {
    const calls = [];
    const client = { get: async () => Buffer.from('bytes'), set: async (...a) => { calls.push(a); return a.includes('NX') ? 'OK' : null; }, del: async () => 0 };
    const s = m.ioredisStore(client);
    assert.equal(await s.set('a', 'b', { ttlMs: 7, onlyIfAbsent: true }), true);
    assert.equal(await s.set('a', 'b', { ttlMs: 7 }), false);
    assert.equal(await s.get('x'), 'bytes');
    assert.deepEqual(calls, [['a', 'b', 'PX', 7, 'NX'], ['a', 'b', 'PX', 7]]);
    await rejectsYjt(m, s.set('a', 'b', { ttlMs: 0 }), 'INVALID_INPUT');
  });

  test('an adapter refuses what is not a Redis client', () => {
    throwsYjt(m, () => m.nodeRedisStore({}), 'INVALID_CONFIG');
    throwsYjt(m, () => m.ioredisStore(null), 'INVALID_CONFIG');
  });

  test('memoryStore: NX, TTL on its clock', async () => {
    let t = 0;
    const s = m.memoryStore({ now: () => t });
    assert.equal(await s.set('k', '1', { ttlMs: 100, onlyIfAbsent: true }), true);
    assert.equal(await s.set('k', '2', { ttlMs: 100, onlyIfAbsent: true }), false);
    assert.equal(await s.get('k'), '1');
    t = 100;
    assert.equal(await s.get('k'), null);
    assert.equal(await s.set('k', '3', { ttlMs: 100, onlyIfAbsent: true }), true);
  });
});

describe('a nonce window shared by instances', () => {
  test('verifyGatewayHeaders with nonceStore: the first use passes, a replay (to another instance) is NONCE_REPLAY', async () => {
    const store = m.memoryStore();
    const h = m.gatewayHeaders(creds, { nonce: 'feedfacecafebeef' });
    const opts = { paasToken: creds.paasToken, paasId: creds.paasId, nonceStore: store };
    const v = await m.verifyGatewayHeaders(h, opts);
    assert.equal(v.nonce, 'feedfacecafebeef');
    const e = await rejectsYjt(m, m.verifyGatewayHeaders(h, opts), 'NONCE_REPLAY', { field: 'x-tsp-nonce' });
    assert.equal(e.retryable, false);
    // without a store: synchronous, no window (as before)
    assert.equal(m.verifyGatewayHeaders(h, { paasToken: creds.paasToken }).nonce, 'feedfacecafebeef');
    // a failing store fails the check
    const broken = { get: async () => null, set: async () => { throw new Error('down'); }, delete: async () => {} };
    await rejectsYjt(m, m.verifyGatewayHeaders(m.gatewayHeaders(creds), { ...opts, nonceStore: broken }), 'STORE_UNAVAILABLE');
    // a bad signature is refused before the store is touched
    await assert.rejects(async () => m.verifyGatewayHeaders({ ...h, 'x-tsp-signature': 'AB'.repeat(32) }, opts), (err) => err.code === 'SIGNATURE_MISMATCH');
  });

  test('two mock gateways sharing a nonceStore refuse a replay sent to the other', async () => {
    const nonceStore = m.memoryStore();
    const g1 = createMockGateway({ ...creds, users: [alice], nonceStore });
    const g2 = createMockGateway({ ...creds, users: [alice], nonceStore });
    const code = g1.issueCode(alice);
    const req = m.buildExchangeRequest({ env: 'test', ...creds, baseUrl: BASE, allowInsecureHttp: true }, code);
    const r1 = await (await g1.fetch(new Request(req.url, { headers: req.headers }))).json();
    const r2 = await (await g2.fetch(new Request(req.url, { headers: req.headers }))).json();
    assert.equal(r1.errcode, 0);
    assert.deepEqual([r2.errcode, r2.errmsg], [2, '参数不合法：nonce 重复']);
  });
});
