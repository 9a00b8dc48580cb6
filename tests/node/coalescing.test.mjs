// Coalescing of concurrent exchanges in YjtClient: concurrent calls with one code (and the same
// effective businessType) share one request; different codes or business types do not; one
// caller aborting leaves the shared request to the others; each caller gets its own copy.
import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { esm as m, USER, baseConfig } from './_pkg.mjs';
import { fakeFetch, startGateway } from './_gateway.mjs';
import { test, fails, EXPECTED_USER, plain } from './_client.mjs';

// -------------------------------------------------------------------------------------------
describe('YjtClient against a node:http gateway on 127.0.0.1', () => {
  let gw;
  let client;
  before(async () => {
    gw = await startGateway();
    client = new m.YjtClient(baseConfig({ baseUrl: gw.baseUrl, timeoutMs: 5_000 }));
  });
  after(async () => {
    client.free();
    await gw.close();
  });

  test('same-code coalescing: N concurrent calls → one request, one identity', async () => {
    const code = 'gate-same';
    const calls = Array.from({ length: 8 }, () => client.exchangeCode(code));
    await gw.arrived(code);
    gw.release(code);
    const users = await Promise.all(calls);
    assert.equal(gw.count(code), 1);
    for (const u of users) assert.deepEqual(plain(u), EXPECTED_USER);
    assert.equal(new Set(users).size, users.length, 'each caller gets its own copy of the identity');
    // not a cache: once settled, the same code is sent again
    await client.exchangeCode(code);
    assert.equal(gw.count(code), 2);
  });

  test('different codes (or business types) are separate requests', async () => {
    const a = Array.from({ length: 4 }, () => client.exchangeCode('gate-a'));
    const b = Array.from({ length: 4 }, () => client.exchangeCode('gate-b'));
    const a3 = client.exchangeCode('gate-a', { businessType: 3 });
    await Promise.all([gw.arrived('gate-a'), gw.arrived('gate-b')]);
    gw.release('gate-a');
    gw.release('gate-b');
    await Promise.all([...a, ...b, a3]);
    assert.equal(gw.count('gate-b'), 1);
    assert.equal(gw.count('gate-a'), 2, 'businessType 1 and 3 are two requests');
    const q = gw.hits.filter((h) => h.code === 'gate-a').map((h) => new URL(h.url, 'http://x').searchParams.get('businessType')).sort();
    assert.deepEqual(q, ['1', '3']);
  });

  test('one caller aborting does not cancel the shared request for the others', async () => {
    const code = 'gate-shared-abort';
    const ctrl = new AbortController();
    const quitter = client.exchangeCode(code, { signal: ctrl.signal });
    const stayer = client.exchangeCode(code);
    await gw.arrived(code);
    ctrl.abort();
    await fails(client, quitter, 'ABORTED');
    gw.release(code);
    assert.deepEqual(plain(await stayer), EXPECTED_USER);
    assert.equal(gw.count(code), 1);
  });
});

// -------------------------------------------------------------------------------------------
describe('coalescing', () => {
  test('coalesced callers get their own copies: one caller mutating its identity changes nobody else', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    const [a, b, c] = await Promise.all([client.exchangeCode('ok-copy'), client.exchangeCode('ok-copy'), client.exchangeCode('ok-copy')]);
    assert.equal(f.calls.length, 1, 'still one request');
    assert.notEqual(a, b);
    assert.notEqual(a.labels, b.labels);
    a.name = 'mutated';
    a.labels.gender = 'mutated';
    delete a.phone;
    for (const u of [b, c]) {
      assert.equal(u.name, USER.name);
      assert.equal(u.phone, USER.phone);
      assert.equal(u.labels.gender, '男');
    }
    assert.ok(!util.inspect(b).includes(USER.phone), 'the copies keep the masked inspect view');
    client.free();
  });

  test('coalescing is on the effective businessType: omitted and the default are one request', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    await Promise.all([client.exchangeCode('ok-bt'), client.exchangeCode('ok-bt', { businessType: 1 })]);
    assert.equal(f.calls.length, 1, 'exchangeCode(c) and exchangeCode(c, { businessType: 1 }) share one request');
    await Promise.all([client.exchangeCode('ok-bt2'), client.exchangeCode('ok-bt2', { businessType: 2 })]);
    assert.equal(f.calls.length, 3, 'a different businessType is its own request');
    client.free();

    const f3 = fakeFetch();
    const three = new m.YjtClient(baseConfig({ fetch: f3.fetch, businessType: 3 }));
    await Promise.all([three.exchangeCode('ok-bt3'), three.exchangeCode('ok-bt3', { businessType: 3 }), three.exchangeCode('ok-bt3', { businessType: 1 })]);
    assert.deepEqual(f3.calls.map((c) => new URL(c.url).searchParams.get('businessType')).sort(), ['1', '3']);
    three.free();
  });
});
