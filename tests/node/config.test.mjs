// Config validation: every missing or invalid field → INVALID_CONFIG naming the field and never
// echoing its value, and the accepted forms — for the sans-I/O exchange (ESM and CJS entry),
// YjtClient (timeouts, body cap, fetch, plain http) and GatewayClient.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { ENTRIES, esm as m, USER, SEED_KEY, osslHex, successBody, baseConfig } from './_pkg.mjs';
import { throwsYjt, assertNoSecrets } from './_assert.mjs';
import { parser } from './_client.mjs';
import { options } from './_gateway-client.mjs';

for (const [entry, m] of ENTRIES) {
  const parse = parser(m);

  describe(`config validation (${entry})`, () => {
    // Distinctive values: an error must name the field and never contain the value.
    const SECRETISH = 'LEAKME';
    const cases = [
      ['env', undefined], ['env', 'prod'], ['env', 5],
      ['appCode', undefined], ['appCode', ''], ['appCode', `a b${SECRETISH}`], ['appCode', `${SECRETISH}`.repeat(7)], ['appCode', 5],
      ['appKey', undefined], ['appKey', ''], ['appKey', `${SECRETISH}012345678`], ['appKey', SEED_KEY.slice(0, 30) + 'ZZ'], ['appKey', 5],
      ['paasId', undefined], ['paasId', ''], ['paasId', `p ${SECRETISH}`],
      ['paasToken', undefined], ['paasToken', ''], ['paasToken', `t ${SECRETISH}`], ['paasToken', `t\r\n${SECRETISH}`], ['paasToken', 5],
      ['appSecret', ''], ['appSecret', `s ${SECRETISH}`], ['appSecret', 5],
      ['serviceId', ''], ['serviceId', `s ${SECRETISH}`],
      ['baseUrl', `ftp://${SECRETISH}.example`], ['baseUrl', `http://${SECRETISH}.example/api`], ['baseUrl', `https://u:${SECRETISH}@x.example`],
      ['baseUrl', `https://x.example/#${SECRETISH}`], ['baseUrl', `https://x.example/ ${SECRETISH}`], ['baseUrl', 'https://'],
      ['businessType', 0], ['businessType', -1], ['businessType', 1.5], ['businessType', 'one'], ['businessType', NaN],
      ['gateway', { prefix: `x ${SECRETISH}` }], ['gateway', { signatureCase: SECRETISH }], ['gateway', 'x-tif'],
      ['decryptFields', { name: SECRETISH }], ['decryptFields', { phone: 'auto' }], ['decryptFields', 'auto'],
      ['allowInsecureHttp', 'yes'],
      ['now', 1_700_000_000_000],
    ];
    test('each missing / invalid field → INVALID_CONFIG naming it, the value never echoed', () => {
      for (const [field, value] of cases) {
        const cfg = baseConfig({ [field]: value });
        if (value === undefined) delete cfg[field];
        const ctx = `${field}=${JSON.stringify(value)}`;
        const e = throwsYjt(m, () => new m.YjtExchange(cfg), 'INVALID_CONFIG', {}, ctx);
        assert.ok(e.message.includes(field), `${field}=${JSON.stringify(value)}: ${e.message}`);
        // gateway variants are not secret; their errors may quote serde's "unknown variant `…`"
        if (field !== 'gateway') assert.ok(!e.message.includes(SECRETISH), `${field} value echoed: ${e.message}`);
        assertNoSecrets([e]);
        // the one-off helpers validate the same way
        throwsYjt(m, () => m.buildExchangeRequest(cfg, 'abc'), 'INVALID_CONFIG', {}, ctx);
        throwsYjt(m, () => m.parseExchangeResponse(cfg, { status: 200, body: successBody() }), 'INVALID_CONFIG', {}, ctx);
      }
      for (const cfg of [null, undefined, 'config', 5]) throwsYjt(m, () => new m.YjtExchange(cfg), 'INVALID_CONFIG');
    });

    test('accepted forms: loopback http, allowInsecureHttp, 16-char appKey, lower-case hex key', () => {
      for (const baseUrl of ['http://127.0.0.1:9/x', 'http://localhost:9/x', 'http://[::1]:9/x', 'https://gw.example/x']) {
        new m.YjtExchange(baseConfig({ baseUrl })).free();
      }
      new m.YjtExchange(baseConfig({ baseUrl: 'http://gw.intranet.example/x', allowInsecureHttp: true })).free();
      const raw = 'Hospital-Key#16!';
      const ex = new m.YjtExchange(baseConfig({ appKey: raw }));
      const ct = osslHex(USER.phone, Buffer.from(raw, 'latin1').toString('hex'));
      assert.equal(ex.parseResponse({ status: 200, body: successBody({ phone: ct, certificateNo: ct }) }).phone, USER.phone);
      ex.free();
      assert.equal(parse(successBody(), 200, baseConfig({ appKey: SEED_KEY.toLowerCase() })).phone, USER.phone);
    });
  });
}

// -------------------------------------------------------------------------------------------
describe('YjtClient config errors', () => {
  const bad = [
    ['timeoutMs', 0], ['timeoutMs', -1], ['timeoutMs', NaN], ['timeoutMs', Infinity], ['timeoutMs', '1000'], ['timeoutMs', 600_001],
    ['maxBodyBytes', 0], ['maxBodyBytes', -5], ['maxBodyBytes', NaN], ['maxBodyBytes', '1024'], ['maxBodyBytes', 2 ** 40],
    ['fetch', 'fetch'], ['fetch', {}], ['fetch', 5],
    ['baseUrl', 'http://gateway.example/api'], ['baseUrl', 'http://10.0.0.8/api'],
    ['appKey', 'not-a-key'], ['paasToken', ''], ['env', 'staging'],
  ];
  for (const [field, value] of bad) {
    test(`${field}=${typeof value === 'string' ? JSON.stringify(value) : String(value)} → INVALID_CONFIG naming ${field}`, () => {
      const e = throwsYjt(m, () => new m.YjtClient(baseConfig({ [field]: value })), 'INVALID_CONFIG');
      assert.ok(e.message.includes(field), e.message);
      assertNoSecrets([e]);
    });
  }

  test('plain http: loopback allowed, other hosts only with allowInsecureHttp', () => {
    for (const baseUrl of ['http://127.0.0.1:1/x', 'http://localhost:1/x', 'http://[::1]:1/x']) new m.YjtClient(baseConfig({ baseUrl })).free();
    new m.YjtClient(baseConfig({ baseUrl: 'http://gateway.example/api', allowInsecureHttp: true })).free();
  });

  test('no global fetch and none configured → INVALID_CONFIG', () => {
    const saved = globalThis.fetch;
    try {
      globalThis.fetch = undefined;
      throwsYjt(m, () => new m.YjtClient(baseConfig()), 'INVALID_CONFIG');
      new m.YjtClient(baseConfig({ fetch: saved })).free();
    } finally {
      globalThis.fetch = saved;
    }
  });
});

// -------------------------------------------------------------------------------------------
describe('GatewayClient config', () => {
  const bad = [
    ['paasId', undefined], ['paasToken', ''], ['serviceId', undefined], ['baseUrl', 'ftp://x/y'], ['baseUrl', 'https://u:p@x/y'],
    ['timeoutMs', 0], ['timeoutMs', NaN], ['maxBodyBytes', -1], ['fetch', 'fetch'], ['now', 5], ['gateway', { prefix: 'x y' }], ['unknownField', 1],
  ];
  for (const [field, value] of bad) {
    test(`${field}=${util.inspect(value)} → INVALID_CONFIG naming ${field}`, () => {
      const o = options({ [field]: value });
      if (value === undefined) delete o[field];
      const e = throwsYjt(m, () => new m.GatewayClient(o), 'INVALID_CONFIG');
      assert.ok(e.message.includes(field === 'gateway' ? 'prefix' : field), e.message);
      assertNoSecrets([e]);
    });
  }
});
