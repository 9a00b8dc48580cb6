// Gateway signing (x-tsp family) checked against node:crypto SHA-256, every header variant,
// and inbound verification over every header shape — for the ESM and the CJS entry point.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES, sha256Sig } from './_pkg.mjs';
import { throwsYjt } from './_assert.mjs';

const CREDS = {
  paasId: 'paas-hosp-001',
  paasToken: 'tok-Zq81-SECRET-TOKEN-77',
  appSecret: 'sec-Wm42-SECRET-APPSECRET-99',
  serviceId: 'DGSP_1911964810465574914',
};
const NOW = 1_700_000_123_456; // ms
const TS = '1700000123';
const NONCE = 'abcdef0123456789';

/** Assert `h` carries no secret but the appSecret in its own header. */
function assertTokenAbsent(h) {
  for (const [k, v] of Object.entries(h)) {
    assert.ok(!k.includes(CREDS.paasToken) && !v.includes(CREDS.paasToken), `token in header ${k}`);
  }
}

for (const [entry, m] of ENTRIES) {
  describe(`gatewaySignature (${entry})`, () => {
    test('= uppercase hex SHA-256(timestamp + token + nonce + timestamp); lowercase option', () => {
      const cases = [
        ['1700000000', 'my-paas-token', 'abcdef0123456789'],
        ['1', 't', 'n'],
        ['1700000000123', CREDS.paasToken, 'x_Y-z'],
        ['0', '', ''],
        ['1700000000', '令牌🙂', 'nonce'], // UTF-8 of the token
      ];
      for (let i = 0; i < 50; i++) cases.push([String(1.6e9 + i * 7919), `tok${i}${'ab'.repeat(i)}`, (i * 2654435761).toString(36)]);
      for (const [ts, tok, n] of cases) {
        const upper = m.gatewaySignature(ts, tok, n);
        assert.equal(upper, sha256Sig(ts, tok, n, true));
        assert.match(upper, /^[0-9A-F]{64}$/);
        assert.equal(m.gatewaySignature(ts, tok, n, { lowercase: true }), sha256Sig(ts, tok, n, false));
        assert.equal(m.gatewaySignature(ts, tok, n, { lowercase: false }), upper);
      }
      // order matters: swapping token and nonce changes it
      assert.notEqual(m.gatewaySignature('1', 'a', 'b'), m.gatewaySignature('1', 'b', 'a'));
    });

    test('non-string arguments → INVALID_INPUT', () => {
      for (const args of [[1, 't', 'n'], ['1', null, 'n'], ['1', 't', undefined], [{}, 't', 'n']]) {
        throwsYjt(m, () => m.gatewaySignature(...args), 'INVALID_INPUT');
      }
    });
  });

  describe(`gatewayHeaders (${entry})`, () => {
    test('default x-tsp header set: names, order, values', () => {
      const h = m.gatewayHeaders(CREDS, { now: () => NOW });
      assert.deepEqual(Object.keys(h), [
        'x-tsp-timestamp', 'x-tsp-nonce', 'x-tsp-signature', 'x-tsp-paasid',
        'x-tsp-appSecret', 'x-tsp-serviceid', 'Content-Type',
      ]);
      assert.equal(h['x-tsp-timestamp'], TS, 'Unix seconds from the injected clock');
      assert.match(h['x-tsp-nonce'], /^[0-9a-f]{16}$/);
      assert.equal(h['x-tsp-signature'], sha256Sig(TS, CREDS.paasToken, h['x-tsp-nonce']));
      assert.equal(h['x-tsp-paasid'], CREDS.paasId);
      assert.equal(h['x-tsp-appSecret'], CREDS.appSecret);
      assert.equal(h['x-tsp-serviceid'], CREDS.serviceId);
      assert.equal(h['Content-Type'], 'application/json;charset=utf-8');
      assertTokenAbsent(h);
      // a WHATWG Headers accepts them as they are
      const wh = new Headers(h);
      assert.equal(wh.get('X-TSP-SIGNATURE'), h['x-tsp-signature']);
    });

    test('fixed timestamp and nonce are used verbatim', () => {
      const h = m.gatewayHeaders(CREDS, { timestamp: '1234567890', nonce: NONCE, now: () => NOW });
      assert.equal(h['x-tsp-timestamp'], '1234567890');
      assert.equal(h['x-tsp-nonce'], NONCE);
      assert.equal(h['x-tsp-signature'], sha256Sig('1234567890', CREDS.paasToken, NONCE));
      for (const bad of ['', 'abc', '12.5', '-1', ' 1', '1'.repeat(21)]) {
        throwsYjt(m, () => m.gatewayHeaders(CREDS, { timestamp: bad }), 'INVALID_INPUT');
      }
      for (const bad of ['', 'a b', 'a\r\nx-evil: 1', 'x'.repeat(65), '随机', 'a\tb']) {
        throwsYjt(m, () => m.gatewayHeaders(CREDS, { nonce: bad }), 'INVALID_INPUT');
      }
      // Nonces seen in the field: any 1–64 visible ASCII characters.
      for (const good of ['4821', '0100007f:01940736acbc:019de1', '0.8273649182', 'N1700000000N', 'x'.repeat(64)]) {
        const g = m.gatewayHeaders(CREDS, { nonce: good, timestamp: '1234567890' });
        assert.equal(g['x-tsp-signature'], sha256Sig('1234567890', CREDS.paasToken, good));
      }
    });

    test('injected clock; Date.now by default; nonces differ per call', () => {
      assert.equal(m.gatewayHeaders(CREDS, { now: () => 999 })['x-tsp-timestamp'], '0');
      assert.equal(m.gatewayHeaders(CREDS, { now: () => 1_700_000_000_999 })['x-tsp-timestamp'], '1700000000');
      const before = Math.floor(Date.now() / 1000);
      const ts = Number(m.gatewayHeaders(CREDS)['x-tsp-timestamp']);
      const after = Math.floor(Date.now() / 1000);
      assert.ok(ts >= before && ts <= after, 'default clock is Date.now in seconds');
      const nonces = new Set();
      for (let i = 0; i < 200; i++) nonces.add(m.gatewayHeaders(CREDS, { now: () => NOW })['x-tsp-nonce']);
      assert.equal(nonces.size, 200);
      assert.match(m.generateNonce(), /^[0-9a-f]{16}$/);
    });

    test('variants: prefix, header spellings, signature case, ms timestamps, service-id placement, appSecret', () => {
      const sig = (h, p, ts, upper = true) => sha256Sig(ts, CREDS.paasToken, h[`${p}-nonce`], upper);
      for (const prefix of ['x-tif', 'x-rio']) {
        const h = m.gatewayHeaders({ ...CREDS, gateway: { prefix } }, { now: () => NOW });
        assert.deepEqual(Object.keys(h), [
          `${prefix}-timestamp`, `${prefix}-nonce`, `${prefix}-signature`, `${prefix}-paasid`,
          `${prefix}-appSecret`, `${prefix}-serviceid`, 'Content-Type',
        ]);
        assert.equal(h[`${prefix}-signature`], sig(h, prefix, TS));
        assert.ok(!Object.keys(h).some((k) => k.startsWith('x-tsp')));
      }
      {
        const h = m.gatewayHeaders(
          { ...CREDS, gateway: { prefix: 'x-tif', serviceIdHeader: 'serviceId', appSecretHeader: 'AppSecret', paasIdHeader: 'paasId' } },
          { now: () => NOW },
        );
        assert.equal(h['x-tif-serviceId'], CREDS.serviceId);
        assert.equal(h['x-tif-AppSecret'], CREDS.appSecret);
        assert.equal(h['x-tif-paasId'], CREDS.paasId);
        assert.equal(h['x-tif-serviceid'], undefined);
        assert.equal(h['x-tif-appSecret'], undefined);
        assert.equal(h['x-tif-paasid'], undefined);
      }
      {
        const h = m.gatewayHeaders({ ...CREDS, gateway: { signatureCase: 'lower' } }, { now: () => NOW });
        assert.equal(h['x-tsp-signature'], sig(h, 'x-tsp', TS, false));
        assert.match(h['x-tsp-signature'], /^[0-9a-f]{64}$/);
      }
      {
        const h = m.gatewayHeaders({ ...CREDS, gateway: { timestampUnit: 'milliseconds' } }, { now: () => NOW });
        assert.equal(h['x-tsp-timestamp'], String(NOW));
        assert.equal(h['x-tsp-signature'], sig(h, 'x-tsp', String(NOW)));
      }
      for (const placement of ['query', 'omit']) {
        const h = m.gatewayHeaders({ ...CREDS, gateway: { serviceIdPlacement: placement } }, { now: () => NOW });
        assert.equal(h['x-tsp-serviceid'], undefined, placement);
        assert.ok(!Object.values(h).includes(CREDS.serviceId), placement);
      }
      {
        const h = m.gatewayHeaders({ ...CREDS, gateway: { sendAppSecret: false } }, { now: () => NOW });
        assert.equal(h['x-tsp-appSecret'], undefined);
        assert.ok(!Object.values(h).includes(CREDS.appSecret));
        // the signature does not depend on the appSecret
        const h2 = m.gatewayHeaders({ ...CREDS, appSecret: 'other-secret' }, { now: () => NOW, nonce: h['x-tsp-nonce'] });
        assert.equal(h2['x-tsp-signature'], h['x-tsp-signature']);
      }
      {
        const { appSecret, serviceId, ...minimal } = CREDS;
        void appSecret;
        void serviceId;
        const h = m.gatewayHeaders(minimal, { now: () => NOW });
        assert.deepEqual(Object.keys(h), ['x-tsp-timestamp', 'x-tsp-nonce', 'x-tsp-signature', 'x-tsp-paasid', 'Content-Type']);
      }
      for (const variant of [{ prefix: 'x-tif' }, { sendAppSecret: false }, { signatureCase: 'lower' }]) {
        assertTokenAbsent(m.gatewayHeaders({ ...CREDS, gateway: variant }, { now: () => NOW }));
      }
    });

    test('bad credentials / options → INVALID_CONFIG naming the field, never echoing the value', () => {
      const cases = [
        [{ ...CREDS, paasToken: undefined }, 'paasToken'],
        [{ ...CREDS, paasToken: 'tok en SECRET' }, 'paasToken'],
        [{ ...CREDS, paasToken: 'tok\r\nx-evil: SECRET' }, 'paasToken'],
        [{ ...CREDS, paasId: '' }, 'paasId'],
        [{ ...CREDS, appSecret: 'sec SECRET' }, 'appSecret'],
        [{ ...CREDS, gateway: { prefix: 'x tsp' } }, 'prefix'],
        [{ ...CREDS, gateway: { serviceIdHeader: 'a:b' } }, 'serviceIdHeader'],
        [{ ...CREDS, gateway: { signatureCase: 'mixed' } }, 'gateway'],
        [{ ...CREDS, gateway: { timestampUnit: 'minutes' } }, 'gateway'],
        [{ ...CREDS, gateway: { serviceIdPlacement: 'body' } }, 'gateway'],
        [{ ...CREDS, gateway: { bogus: 1 } }, 'gateway'],
      ];
      for (const [creds, field] of cases) {
        const e = throwsYjt(m, () => m.gatewayHeaders(creds, { now: () => NOW }), 'INVALID_CONFIG');
        assert.ok(e.message.includes(field), `${field}: ${e.message}`);
        assert.ok(!e.message.includes('SECRET'), e.message);
      }
      for (const v of [null, undefined, 'creds', 5]) throwsYjt(m, () => m.gatewayHeaders(v), 'INVALID_CONFIG');
    });
  });

  describe(`verifyGatewayHeaders (${entry})`, () => {
    const signed = (extra = {}, gateway) =>
      m.gatewayHeaders({ ...CREDS, gateway }, { now: () => NOW, nonce: NONCE, ...extra });
    const opts = (extra = {}) => ({ paasToken: CREDS.paasToken, now: NOW, ...extra });

    test('accepts WHATWG Headers, a plain object, pairs, and Node IncomingHttpHeaders', () => {
      const h = signed();
      const expected = { timestamp: TS, nonce: NONCE, paasId: CREDS.paasId, serviceId: CREDS.serviceId, uid: null, uinfo: null, ext: null };
      const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
      const shapes = {
        Headers: new Headers(h),
        object: h,
        pairs: Object.entries(h),
        'pairs (Map)': new Map(Object.entries(h)),
        // what node:http gives: lower-case names, string[] for repeated headers, undefined values
        IncomingHttpHeaders: { ...lower, host: '127.0.0.1', 'set-cookie': ['a=1', 'b=2'], 'x-absent': undefined },
        'UPPER-CASE names': Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v])),
      };
      for (const [name, shape] of Object.entries(shapes)) {
        assert.deepEqual({ ...m.verifyGatewayHeaders(shape, opts()) }, expected, name);
      }
      // a service id is optional on the way in
      const { 'x-tsp-serviceid': _s, ...noService } = h;
      void _s;
      assert.equal(m.verifyGatewayHeaders(noService, opts()).serviceId, null);
    });

    test('defaults to Date.now when `now` is omitted', () => {
      const h = m.gatewayHeaders(CREDS);
      assert.equal(m.verifyGatewayHeaders(h, { paasToken: CREDS.paasToken }).nonce, h['x-tsp-nonce']);
    });

    test('variant gateways verify with the same options they signed with', () => {
      for (const gateway of [
        { prefix: 'x-tif', paasIdHeader: 'paasId', serviceIdHeader: 'serviceId' },
        { prefix: 'x-rio', signatureCase: 'lower' },
        { timestampUnit: 'milliseconds' },
      ]) {
        const h = signed({}, gateway);
        const v = m.verifyGatewayHeaders(new Headers(h), opts({ gateway }));
        assert.equal(v.nonce, NONCE);
        // and not with the defaults
        assert.throws(() => m.verifyGatewayHeaders(h, opts()), (e) => e instanceof m.YjtError);
      }
    });

    test('MISSING_HEADER for each required header, naming it', () => {
      const h = signed();
      for (const name of ['x-tsp-timestamp', 'x-tsp-nonce', 'x-tsp-signature', 'x-tsp-paasid']) {
        const { [name]: _gone, ...rest } = h;
        void _gone;
        const e = throwsYjt(m, () => m.verifyGatewayHeaders(rest, opts()), 'MISSING_HEADER');
        assert.ok(e.message.includes(name), e.message);
      }
      throwsYjt(m, () => m.verifyGatewayHeaders({}, opts()), 'MISSING_HEADER');
      throwsYjt(m, () => m.verifyGatewayHeaders(new Headers(), opts()), 'MISSING_HEADER');
    });

    test('INVALID_HEADER for a malformed timestamp or nonce', () => {
      const h = signed();
      for (const ts of ['abc', '', '1.5', '-1', '1'.repeat(21), '99999999999999999999']) {
        throwsYjt(m, () => m.verifyGatewayHeaders({ ...h, 'x-tsp-timestamp': ts }, opts()), 'INVALID_HEADER');
      }
      for (const n of ['a b', '', 'x'.repeat(65), '随机数', 'a\u0001b']) {
        throwsYjt(m, () => m.verifyGatewayHeaders({ ...h, 'x-tsp-nonce': n }, opts()), 'INVALID_HEADER');
      }
    });

    test('TIMESTAMP_SKEW outside ±180 s (or maxSkewSeconds); inside is accepted', () => {
      const h = signed();
      const at = (deltaMs, extra) => () => m.verifyGatewayHeaders(h, opts({ now: NOW + deltaMs, ...extra }));
      // the header says 1700000123 s; now is compared in ms
      const tsMs = Number(TS) * 1000;
      const base = tsMs - NOW;
      at(base + 180_000)();
      at(base - 180_000)();
      throwsYjt(m, at(base + 180_001), 'TIMESTAMP_SKEW');
      throwsYjt(m, at(base - 180_001), 'TIMESTAMP_SKEW');
      throwsYjt(m, at(base + 3_600_000), 'TIMESTAMP_SKEW');
      at(base + 30_000, { maxSkewSeconds: 30 })();
      throwsYjt(m, at(base + 31_000, { maxSkewSeconds: 30 }), 'TIMESTAMP_SKEW');
      at(base + 3_600_000, { maxSkewSeconds: 3600 })();
    });

    test('SIGNATURE_MISMATCH: wrong token, tampered values; hex case ignored unless strict', () => {
      const h = signed();
      throwsYjt(m, () => m.verifyGatewayHeaders(h, opts({ paasToken: 'another-token' })), 'SIGNATURE_MISMATCH');
      throwsYjt(m, () => m.verifyGatewayHeaders({ ...h, 'x-tsp-nonce': 'abcdef0123456780' }, opts()), 'SIGNATURE_MISMATCH');
      throwsYjt(m, () => m.verifyGatewayHeaders({ ...h, 'x-tsp-timestamp': String(Number(TS) + 1) }, opts()), 'SIGNATURE_MISMATCH');
      const flipped = h['x-tsp-signature'].slice(0, -1) + (h['x-tsp-signature'].endsWith('0') ? '1' : '0');
      throwsYjt(m, () => m.verifyGatewayHeaders({ ...h, 'x-tsp-signature': flipped }, opts()), 'SIGNATURE_MISMATCH');
      throwsYjt(m, () => m.verifyGatewayHeaders({ ...h, 'x-tsp-signature': '' }, opts()), 'SIGNATURE_MISMATCH');
      // the appSecret is not what is signed
      const bySecret = sha256Sig(TS, CREDS.appSecret, NONCE);
      throwsYjt(m, () => m.verifyGatewayHeaders({ ...h, 'x-tsp-signature': bySecret }, opts()), 'SIGNATURE_MISMATCH');
      const lowerSig = { ...h, 'x-tsp-signature': h['x-tsp-signature'].toLowerCase() };
      assert.equal(m.verifyGatewayHeaders(lowerSig, opts()).nonce, NONCE);
      throwsYjt(m, () => m.verifyGatewayHeaders(lowerSig, opts({ strict: true })), 'SIGNATURE_MISMATCH');
      assert.equal(m.verifyGatewayHeaders(h, opts({ strict: true })).nonce, NONCE);
      // no error message carries the token
      for (const bad of [opts({ paasToken: 'another-token' }), opts()]) {
        try {
          m.verifyGatewayHeaders({ ...h, 'x-tsp-signature': flipped }, bad);
        } catch (e) {
          assert.ok(!e.message.includes(CREDS.paasToken) && !e.message.includes('another-token'));
        }
      }
    });

    test('bad arguments → YjtError', () => {
      for (const v of [null, undefined, 'x-tsp-nonce: 1', 5]) throwsYjt(m, () => m.verifyGatewayHeaders(v, opts()), 'INVALID_INPUT');
      throwsYjt(m, () => m.verifyGatewayHeaders(signed(), null), 'INVALID_CONFIG');
      throwsYjt(m, () => m.verifyGatewayHeaders(signed(), {}), 'INVALID_CONFIG');
    });
  });
}
