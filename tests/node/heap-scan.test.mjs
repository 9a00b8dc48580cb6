// The SDK keeps no copy of the config or its secrets in the JavaScript heap (SECURITY.md): every
// string of a V8 heap snapshot is searched for the appKey, paasToken, appSecret and storeKey of
// live objects — YjtExchange, YjtClient (with and without a shared store, after an exchange),
// GatewayClient (after a request), both clients rebuilt after a WASM trap — and of freed objects still referenced. Each secret exists in
// this test only as two halves, so a whole one in the heap was kept by the SDK. (The request a
// caller holds carries the appSecret header on purpose: it is dropped before each snapshot.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { randomBytes } from 'node:crypto';
import { esm as m } from './_pkg.mjs';
import { createMockGateway, creds, alice } from './_mock.mjs';
import * as t from '../../build/testing/index.mjs';

const half = () => randomBytes(6).toString('hex');
let H;
const fresh = () => {
  H = {
    appKey: [half().toUpperCase() + 'ABCD', half().toUpperCase() + 'EF01'],
    paasToken: ['tok' + half(), half()],
    appSecret: ['sec' + half(), half()],
    storeKey: ['store-key-' + half(), half() + half()],
  };
};
const whole = (k) => H[k][0] + H[k][1];

/** The secrets (by name) found whole in some heap string; a snapshot collects garbage first. */
async function kept() {
  // WeakRef targets made in this job (undici's fetch makes some) live until the job ends.
  await new Promise((r) => setTimeout(r, 10));
  const chunks = [];
  for await (const c of v8.getHeapSnapshot()) chunks.push(c);
  const { strings } = JSON.parse(Buffer.concat(chunks).toString());
  return Object.entries(H)
    .filter(([, [a, b]]) => strings.some((s) => {
      for (let i = s.indexOf(a); i >= 0; i = s.indexOf(a, i + 1)) if (s.startsWith(b, i + a.length)) return true;
      return false;
    }))
    .map(([k]) => k);
}

const configOf = (extra = {}) => ({ env: 'test', appCode: creds.appCode, paasId: creds.paasId, appKey: whole('appKey'), paasToken: whole('paasToken'), appSecret: whole('appSecret'), ...extra });

const cases = {
  YjtExchange: async () => {
    const o = new m.YjtExchange(configOf());
    o.buildRequest('abc');
    return o;
  },
  YjtClient: async () => new m.YjtClient(configOf()),
  'YjtClient with a store (key material from the app secrets), after an exchange': async () => {
    // The mock knows the secrets too: it is reachable only through `via`, cut after the exchange.
    const via = { gw: createMockGateway({ ...creds, appKey: whole('appKey'), paasToken: whole('paasToken'), appSecret: whole('appSecret'), users: [alice] }) };
    const o = new m.YjtClient(configOf({ baseUrl: 'http://mock.local/data_center/gateway/common/api', allowInsecureHttp: true, fetch: (u, i) => via.gw.fetch(new Request(u, i)), store: m.memoryStore() }));
    const user = await o.exchangeCode(via.gw.issueCode(alice));
    assert.equal(user.userId, alice.userId);
    via.gw = null;
    return o;
  },
  'YjtClient with a storeKey': async () => {
    const o = new m.YjtClient(configOf({ baseUrl: 'http://127.0.0.1:9/api', timeoutMs: 200, store: m.memoryStore(), storeKey: whole('storeKey') }));
    await o.exchangeCode('abcdef').catch(() => {});
    return o;
  },
  GatewayClient: async () => {
    const o = new m.GatewayClient({ paasId: 'p', paasToken: whole('paasToken'), appSecret: whole('appSecret'), serviceId: 'S', baseUrl: 'http://127.0.0.1:9/api', timeoutMs: 200 });
    await o.request({ query: { command: '02' } }).catch(() => {});
    return o;
  },
  // The config a client keeps to rebuild itself after a trap is sealed; opening it leaves nothing.
  'YjtClient and GatewayClient rebuilt after a WASM trap': async () => {
    const via = { gw: createMockGateway({ ...creds, appKey: whole('appKey'), paasToken: whole('paasToken'), appSecret: whole('appSecret'), users: [alice] }) };
    const fetch = (u, i) => via.gw.fetch(new Request(u, i));
    const base = 'http://mock.local/data_center/gateway/common/api';
    const c = new t.YjtClient(configOf({ baseUrl: base, allowInsecureHttp: true, fetch }));
    const g = new t.GatewayClient({ paasId: creds.paasId, paasToken: whole('paasToken'), appSecret: whole('appSecret'), serviceId: 'S', baseUrl: 'http://127.0.0.1:9/api', timeoutMs: 200 });
    assert.throws(() => t.testing.trap());
    assert.equal((await c.exchangeCode(via.gw.issueCode(alice))).userId, alice.userId);
    await g.request({ query: { command: '02' } }).catch(() => {});
    via.gw = null;
    return { free: () => { c.free(); g.free(); } };
  },
};

for (const [name, make] of Object.entries(cases)) {
  test(`${name}: no secret in the JS heap while live, nor after free() while still referenced`, { timeout: 60_000 }, async () => {
    fresh();
    const o = await make();
    assert.deepEqual(await kept(), [], 'live');
    o.free();
    assert.deepEqual(await kept(), [], 'freed');
    assert.ok(o, 'still referenced');
  });
}
