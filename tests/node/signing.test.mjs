// Signing outbound gateway requests: gatewaySignature checked against node:crypto SHA-256, and the
// default x-tsp header set of gatewayHeaders (names, order, values, clock, nonces, bad
// credentials) — for the ESM and the CJS entry point. The gateway variants are in
// gateway-variants.test.mjs, inbound verification in verify.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES, sha256Sig } from './_pkg.mjs';
import { throwsYjt } from './_assert.mjs';
import { CREDS, NOW, TS, NONCE, assertTokenAbsent } from './_signing.mjs';

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
}
