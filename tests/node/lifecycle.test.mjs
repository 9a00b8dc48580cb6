// Object lifetime: YjtExchange is reusable until freed; free() is idempotent and Symbol.dispose
// frees; a freed YjtExchange throws, a freed YjtClient or GatewayClient rejects, with a YjtError.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { ENTRIES, esm as m, CREDS, USER, successBody, baseConfig } from './_pkg.mjs';
import { rejectsYjt, throwsYjt, assertNoSecrets } from './_assert.mjs';
import { fakeFetch } from './_gateway.mjs';
import { test } from './_client.mjs';
import { options, mockWith } from './_gateway-client.mjs';

for (const [entry, m] of ENTRIES) {
  describe(`YjtExchange (${entry})`, () => {
    test('reusable, redacted, freed safely', () => {
      const ex = new m.YjtExchange(baseConfig());
      assert.equal(ex.env, 'test');
      assert.equal(ex.appCode, CREDS.appCode);
      for (let i = 0; i < 3; i++) {
        const req = ex.buildRequest(`code${i}`);
        assert.equal(new URL(req.url).searchParams.get('code'), `code${i}`);
        assert.equal(ex.parseResponse({ status: 200, body: successBody() }).certificateNo, USER.certificateNo);
      }
      assertNoSecrets([ex, util.inspect(ex, { showHidden: true }), util.inspect(ex, { customInspect: false })]);
      assert.deepEqual(JSON.parse(JSON.stringify(ex)), { env: 'test', appCode: CREDS.appCode });
      ex.free();
      ex.free();
      throwsYjt(m, () => ex.buildRequest('abc'), 'INVALID_INPUT');
      throwsYjt(m, () => ex.parseResponse({ status: 200, body: successBody() }), 'INVALID_INPUT');
      const d = new m.YjtExchange(baseConfig());
      d[Symbol.dispose]();
      throwsYjt(m, () => d.buildRequest('abc'), 'INVALID_INPUT');
    });
  });
}

// -------------------------------------------------------------------------------------------
describe('YjtClient lifetime', () => {
  test('a freed client rejects with a YjtError', async () => {
    const c = new m.YjtClient(baseConfig({ fetch: fakeFetch().fetch }));
    c.free();
    await rejectsYjt(m, c.exchangeCode('ok-freed'), 'INVALID_INPUT');
  });
});

// -------------------------------------------------------------------------------------------
describe('GatewayClient lifetime', () => {
  test('free() is idempotent; a freed client rejects INVALID_INPUT; Symbol.dispose frees', async () => {
    const mk = mockWith();
    const c = new m.GatewayClient(options({ fetch: mk.fetch }));
    c.free();
    c.free();
    await rejectsYjt(m, c.request({ query: { command: '02' } }), 'INVALID_INPUT');
    const d = new m.GatewayClient(options({ fetch: mk.fetch }));
    assert.equal((await d.request({ query: { command: '02', id: 1 } })).data.id, '1');
    d[Symbol.dispose]();
    await rejectsYjt(m, d.request({ query: { command: '02' } }), 'INVALID_INPUT');
    assert.equal(mk.calls.length, 1);
  });
});
