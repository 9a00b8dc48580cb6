// Building the exchange request: the sans-I/O buildExchangeRequest (exact URL and query, signed
// headers, env presets, businessType, baseUrl, code validation) for the ESM and the CJS entry, and
// what YjtClient sends — one signed GET checked by a fake fetch and by a node:http gateway, invalid
// codes rejected before any request, an error from the configured clock.
import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES, esm as m, cjs, CREDS, USER, SEED_KEY, sha256Sig, baseConfig } from './_pkg.mjs';
import { rejectsYjt, throwsYjt, assertNoSecrets } from './_assert.mjs';
import { fakeFetch, startGateway, PATH } from './_gateway.mjs';
import { test, fails, EXPECTED_USER, plain, DOCUMENTED } from './_client.mjs';

const GATEWAY = 'https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api';
const SERVICE = { production: 'DGSP_1911981103558230017', test: 'DGSP_1911964810465574914' };

for (const [entry, m] of ENTRIES) {
  describe(`buildExchangeRequest (${entry})`, () => {
    test('GET, exact URL and query, signed headers (test env)', () => {
      const req = m.buildExchangeRequest(baseConfig(), 'afadsgfaar', { timestamp: '1700000000', nonce: 'abcdef0123456789' });
      assert.equal(req.method, 'GET');
      assert.equal(
        req.url,
        `${GATEWAY}?appCode=${CREDS.appCode}&command=01&code=afadsgfaar&businessType=1`,
      );
      const u = new URL(req.url);
      assert.equal(u.origin + u.pathname, GATEWAY);
      assert.deepEqual([...u.searchParams], [['appCode', CREDS.appCode], ['command', '01'], ['code', 'afadsgfaar'], ['businessType', '1']]);
      assert.deepEqual(req.headers, {
        'x-tsp-timestamp': '1700000000',
        'x-tsp-nonce': 'abcdef0123456789',
        'x-tsp-signature': sha256Sig('1700000000', CREDS.paasToken, 'abcdef0123456789'),
        'x-tsp-paasid': CREDS.paasId,
        'x-tsp-appSecret': CREDS.appSecret,
        'x-tsp-serviceid': SERVICE.test,
        'Content-Type': 'application/json;charset=utf-8',
      });
      assert.ok(!req.url.includes(CREDS.paasToken) && !req.url.includes(CREDS.appSecret) && !req.url.includes(SEED_KEY));
      assert.ok(!JSON.stringify(req).includes(CREDS.paasToken), 'the token is signed, never sent');
    });

    test('env presets pick the service id; serviceId overrides; config `now` is the clock', () => {
      for (const env of ['production', 'test']) {
        const req = m.buildExchangeRequest(baseConfig({ env }), 'c0de');
        assert.equal(req.headers['x-tsp-serviceid'], SERVICE[env], env);
      }
      const own = m.buildExchangeRequest(baseConfig({ env: 'production', serviceId: 'DGSP_OWN' }), 'c0de');
      assert.equal(own.headers['x-tsp-serviceid'], 'DGSP_OWN');
      const fixed = m.buildExchangeRequest(baseConfig({ now: () => 1_600_000_000_500 }), 'c0de');
      assert.equal(fixed.headers['x-tsp-timestamp'], '1600000000');
      assert.equal(fixed.headers['x-tsp-signature'], sha256Sig('1600000000', CREDS.paasToken, fixed.headers['x-tsp-nonce']));
    });

    test('businessType from options or config; service id in the query when configured; baseUrl', () => {
      const q = (req) => Object.fromEntries(new URL(req.url).searchParams);
      assert.equal(q(m.buildExchangeRequest(baseConfig(), 'c', { businessType: 3 })).businessType, '3');
      assert.equal(q(m.buildExchangeRequest(baseConfig({ businessType: 12 }), 'c')).businessType, '12');
      assert.equal(q(m.buildExchangeRequest(baseConfig({ businessType: 99 }), 'c')).businessType, '99', 'open-ended');
      for (const bad of [0, -1, 1.5, 2 ** 31, NaN, Infinity, '2']) {
        throwsYjt(m, () => m.buildExchangeRequest(baseConfig(), 'c', { businessType: bad }), 'INVALID_INPUT', {}, String(bad));
      }
      const viaQuery = m.buildExchangeRequest(baseConfig({ gateway: { serviceIdPlacement: 'query' } }), 'c');
      assert.equal(q(viaQuery).serviceId, SERVICE.test);
      assert.equal(viaQuery.headers['x-tsp-serviceid'], undefined);
      const proxied = m.buildExchangeRequest(baseConfig({ baseUrl: 'https://proxy.hospital.example/gw?route=yjt' }), 'c');
      assert.equal(proxied.url, `https://proxy.hospital.example/gw?route=yjt&appCode=${CREDS.appCode}&command=01&code=c&businessType=1`);
      const local = m.buildExchangeRequest(baseConfig({ baseUrl: 'http://127.0.0.1:8080/api' }), 'c');
      assert.ok(local.url.startsWith('http://127.0.0.1:8080/api?'));
    });

    test('code validation: only 1–64 of [A-Za-z0-9_-]; the code is not echoed', () => {
      for (const ok of ['a', 'x'.repeat(64), 'AZaz09-_', 'afadsgfaar']) {
        assert.equal(new URL(m.buildExchangeRequest(baseConfig(), ok).url).searchParams.get('code'), ok);
      }
      const bad = [
        '', 'x'.repeat(65), 'abc\r\nx-evil: 1', 'abc\n', 'abc\r', 'a&businessType=2', 'a#frag', 'a?b', 'a=b', 'a b',
        'a%20b', 'a+b', 'a/b', '小明', 'code🙂', 'café', '\u0000', 'abc\t',
      ];
      for (const code of bad) {
        const e = throwsYjt(m, () => m.buildExchangeRequest(baseConfig(), code), 'INVALID_INPUT');
        if (code.length > 3) assert.ok(!e.message.includes(code), `code echoed: ${e.message}`);
      }
      for (const code of [5, null, undefined, {}, ['a']]) throwsYjt(m, () => m.buildExchangeRequest(baseConfig(), code), 'INVALID_INPUT');
    });
  });
}

// -------------------------------------------------------------------------------------------
describe('YjtClient over an in-process fetch', () => {
  test('success: one GET with the signed headers, redirect manual, an AbortSignal', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    const user = await client.exchangeCode('ok-fake');
    assert.deepEqual(plain(user), EXPECTED_USER);
    assert.equal(f.calls.length, 1);
    const { url, init } = f.calls[0];
    assert.equal(url, `https://sjzt.wjw.gdgov.cn${PATH}?appCode=${CREDS.appCode}&command=01&code=ok-fake&businessType=1`);
    assert.equal(init.method, 'GET');
    assert.equal(init.redirect, 'manual');
    assert.ok(init.signal instanceof AbortSignal);
    assert.equal(init.signal.aborted, false);
    assert.equal(init.body, undefined);
    const again = await client.exchangeCode('ok-fake', { businessType: 4 });
    assert.equal(new URL(f.calls[1].url).searchParams.get('businessType'), '4');
    assert.equal(again.userId, USER.userId);
    client.free();
  });

  test('invalid codes reject (not throw) INVALID_INPUT before any fetch', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    for (const code of ['', 'a&b', 'a\r\nb', '小明', 'x'.repeat(65), 5, null]) {
      const p = client.exchangeCode(code);
      assert.ok(p instanceof Promise);
      await fails(client, p, 'INVALID_INPUT');
    }
    await fails(client, client.exchangeCode('abc', { businessType: 0 }), 'INVALID_INPUT');
    assert.equal(f.calls.length, 0);
  });
});

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

  test('success: the server verified signature, headers and query', async () => {
    const user = await client.exchangeCode('ok-http');
    assert.deepEqual(plain(user), EXPECTED_USER);
    assert.equal(gw.count('ok-http'), 1);
    // the CJS build talks to it as well
    const c2 = new cjs.YjtClient(baseConfig({ baseUrl: gw.baseUrl }));
    assert.deepEqual(plain(await c2.exchangeCode('ok-http-cjs')), EXPECTED_USER);
    c2.free();
  });
});

// -------------------------------------------------------------------------------------------
describe('only documented error codes', () => {
  test('an error thrown by the configured now() (here a RangeError with code ERR_STRING_TOO_LONG) → INTERNAL', async () => {
    const now = () => {
      throw Object.assign(new RangeError(`Invalid string length ${CREDS.appSecret}`), { code: 'ERR_STRING_TOO_LONG' });
    };
    const client = new m.YjtClient(baseConfig({ now, fetch: fakeFetch().fetch }));
    const e = await rejectsYjt(m, client.exchangeCode('abc'), 'INTERNAL');
    assert.ok(DOCUMENTED.has(e.code));
    assertNoSecrets([e]);
    client.free();
  });
});
