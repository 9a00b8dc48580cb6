// Trap 恢复：一次 trap 后，新建对象与一次性函数立即可用；trap 之前创建的 Sm4、YjtExchange 抛出 INTERNAL，提示重新创建；
// YjtClient 与 GatewayClient 从密封的配置自行重建。
// Trap recovery, with real `memory access out of bounds` traps: a trapping one-off function fails
// with a retryable INTERNAL, a trapping method of Sm4 / YjtExchange with a non-retryable one;
// new objects and one-off functions work at once; Sm4 and YjtExchange created before the trap
// throw a non-retryable INTERNAL telling the caller to create them again; YjtClient and
// GatewayClient rebuild their core object themselves (retryable unless the request had gone out);
// freeing or forgetting old objects never touches the new instance.
// Uses the test build (build/testing/): the published entries have no test-only exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as tick } from 'node:timers/promises';
import * as t from '../../build/testing/index.mjs';
import { ENTRIES, SEED_KEY } from './_pkg.mjs';
import { createMockGateway, creds, alice } from './_mock.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const KEY = SEED_KEY;
const CONFIG = { env: 'test', appCode: 'HOSP001', appKey: KEY, paasId: 'p', paasToken: 't', appSecret: 's' };
const CT = '0a504c329ff631c16bd487b2fdc3489f'; // 小明

const trapped = (e) =>
  e instanceof t.YjtError && e.code === 'INTERNAL' && e.retryable === true &&
  e.cause instanceof WebAssembly.RuntimeError && /out of bounds/.test(e.cause.message);
const stale = (e) => e instanceof t.YjtError && e.code === 'INTERNAL' && e.retryable === false && /create this object again/.test(e.message);
const trappedIn = (e) => stale(e) && e.cause instanceof WebAssembly.RuntimeError;
const clientTrap = (retryable) => (e) =>
  e instanceof t.YjtError && e.code === 'INTERNAL' && e.retryable === retryable &&
  e.cause instanceof WebAssembly.RuntimeError && /rebuilds itself/.test(e.message);

function works() {
  assert.equal(t.encryptEcb(KEY, '小明'), CT);
  const sm4 = new t.Sm4(KEY);
  assert.equal(sm4.decrypt(CT), '小明');
  sm4.free();
  const ex = new t.YjtExchange(CONFIG);
  assert.match(ex.buildRequest('abc').url, /code=abc/);
  ex.free();
  assert.equal(t.NATIONS['01'], '汉族');
}

test('after a trap: new objects work, old objects throw INTERNAL, nothing crashes', async () => {
  works();
  const sm4 = new t.Sm4(KEY);
  const ex = new t.YjtExchange(CONFIG);
  const forgotten = Array.from({ length: 1000 }, () => new t.Sm4(KEY));
  assert.equal(sm4.decrypt(CT), '小明');

  const before = t.testing.memory();
  assert.ok(before.some((b) => b !== 0), 'the instance holds keys before the trap');
  assert.throws(() => t.testing.trap(), trapped);
  assert.ok(before.every((b) => b === 0), 'the trapped instance\'s memory is wiped before it is dropped');
  assert.notEqual(t.testing.memory().buffer, before.buffer, 'a new instance, a new memory');
  works();

  // The same rule for every long-lived object, on every call, not only the first.
  for (let i = 0; i < 2; i++) {
    assert.throws(() => sm4.decrypt(CT), stale);
    assert.throws(() => sm4.encryptBytes(new Uint8Array(3)), stale);
    assert.throws(() => ex.buildRequest('abc'), stale);
    assert.throws(() => ex.parseResponse({ status: 200, body: '{}' }), stale);
  }

  // Old pointers are never freed into the new instance: neither by free() nor by the glue's
  // FinalizationRegistry. Fill the new instance, release the old objects, and check the new ones.
  const fresh = Array.from({ length: 200 }, () => new t.Sm4(KEY));
  sm4.free();
  sm4.free();
  ex.free();
  forgotten.length = 0;
  for (let i = 0; i < 4; i++) {
    gc();
    await tick();
  }
  for (const s of fresh) assert.equal(s.decrypt(CT), '小明');
  for (const s of fresh) s.free();
  works();

  // A second trap recovers the same way.
  const again = new t.Sm4(KEY);
  assert.throws(() => t.testing.trap(), trapped);
  assert.throws(() => again.decrypt(CT), stale);
  works();
});

test('a trap inside a method of Sm4 or YjtExchange: that call says to create the object again', () => {
  const sm4 = new t.Sm4(KEY);
  t.testing.trapInside('Sm4', 'decrypt');
  assert.throws(() => sm4.decrypt(CT), trappedIn);
  assert.throws(() => sm4.decrypt(CT), stale);
  const ex = new t.YjtExchange(CONFIG);
  t.testing.trapInside('Exchange', 'buildRequest');
  assert.throws(() => ex.buildRequest('abc'), trappedIn);
  assert.throws(() => ex.buildRequest('abc'), stale);
  works();
});

/** A YjtClient on an in-process mock gateway, with a code issuer. */
function clientOnMock(extra = {}) {
  const gw = createMockGateway({ ...creds, users: [alice], services: { echo: (q) => ({ id: q.get('id') }) } });
  const fetch = (u, i) => gw.fetch(new Request(u, i));
  const base = 'http://mock.local/data_center/gateway/common/api';
  const client = new t.YjtClient({ env: 'test', ...creds, baseUrl: base, allowInsecureHttp: true, fetch, ...extra });
  const api = new t.GatewayClient({ paasId: creds.paasId, paasToken: creds.paasToken, appSecret: creds.appSecret, serviceId: t.GATEWAY_PRESETS.serviceIds.test, baseUrl: base, allowInsecureHttp: true, fetch });
  return { gw, client, api, code: () => gw.issueCode(alice) };
}

test('YjtClient and GatewayClient rebuild themselves after a trap elsewhere (another tenant keeps working)', async () => {
  const a = clientOnMock();
  const b = clientOnMock({ store: t.memoryStore() }); // its store key names are computed in the core too
  assert.equal((await a.client.exchangeCode(a.code())).userId, alice.userId);
  assert.equal((await b.client.exchangeCode(b.code())).userId, alice.userId);
  assert.throws(() => t.testing.trap(), trapped);
  // Concurrent first calls share one rebuild.
  const [u1, u2, r] = await Promise.all([a.client.exchangeCode(a.code()), b.client.exchangeCode(b.code()), a.api.request({ query: { command: 'echo', id: 7 } })]);
  assert.equal(u1.userId, alice.userId);
  assert.equal(u2.userId, alice.userId);
  assert.deepEqual(r.data, { id: '7' });
  assert.match(a.client.buildRequest('abc').url, /code=abc/, 'the sync methods work on the rebuilt object');
  assert.equal(a.gw.stats.serviceCalls, 1);

  // One rebuild for concurrent calls: the sealed config is opened once.
  const subtle = globalThis.crypto.subtle;
  const decrypt = subtle.decrypt;
  let opened = 0;
  subtle.decrypt = function (...args) {
    opened++;
    return decrypt.apply(this, args);
  };
  try {
    assert.throws(() => t.testing.trap(), trapped);
    const users = await Promise.all([1, 2, 3].map(() => a.client.exchangeCode(a.code())));
    assert.deepEqual(users.map((u) => u.userId), [alice.userId, alice.userId, alice.userId]);
    assert.equal(opened, 1);
  } finally {
    subtle.decrypt = decrypt;
  }
  a.client.free();
  a.api.free();
  b.client.free();
  works();
});

test('a trap inside a client: retryable before the request went out, not after; the next call works', async () => {
  const { client, api, code, gw } = clientOnMock();
  t.testing.trapInside('Exchange', 'buildRequest');
  await assert.rejects(client.exchangeCode(code()), clientTrap(true));
  assert.equal((await client.exchangeCode(code())).userId, alice.userId);

  const spent = code();
  t.testing.trapInside('Exchange', 'parseResponse');
  await assert.rejects(client.exchangeCode(spent), clientTrap(false), 'the code reached the gateway: spent');
  await assert.rejects(client.exchangeCode(spent), (e) => e.code === 'GATEWAY_FAILURE' && e.errcode === 1, 'a retry would find it used');
  assert.equal((await client.exchangeCode(code())).userId, alice.userId);

  t.testing.trapInside('Api', 'buildRequest');
  await assert.rejects(api.request({ query: { command: 'echo', id: 1 } }), clientTrap(true));
  assert.equal(gw.stats.serviceCalls, 0, 'nothing was sent');
  t.testing.trapInside('Api', 'classify');
  await assert.rejects(api.request({ query: { command: 'echo', id: 2 } }), clientTrap(false));
  assert.equal(gw.stats.serviceCalls, 1, 'the call had been sent');
  assert.deepEqual((await api.request({ query: { command: 'echo', id: 3 } })).data, { id: '3' });
  client.free();
  api.free();
  await assert.rejects(client.exchangeCode(code()), (e) => e.code === 'INVALID_INPUT', 'a freed client stays freed');
});

test('the published entries carry no test-only exports', () => {
  for (const [name, m] of ENTRIES) {
    for (const k of Object.keys(m)) assert.doesNotMatch(k, /^_|testing|trap/i, `${name} exports ${k}`);
  }
});
