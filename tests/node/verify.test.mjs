// Inbound verification: verifyGatewayHeaders over every header shape (WHATWG Headers, objects,
// pairs, node:http headers), missing and malformed headers, timestamp skew, signature mismatch —
// for the ESM and the CJS entry point. Verification under the gateway variants is in
// gateway-variants.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES, sha256Sig } from './_pkg.mjs';
import { throwsYjt } from './_assert.mjs';
import { CREDS, NOW, TS, NONCE, signer, opts } from './_signing.mjs';

for (const [entry, m] of ENTRIES) {
  describe(`verifyGatewayHeaders (${entry})`, () => {
    const signed = signer(m);

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

test('a comma moved between nonce, uid, uinfo and ext keeps the signature: every re-split is refused (no replay)', async () => {
  const [, m] = ENTRIES[0];
  const ts = String(Math.floor(Date.now() / 1000));
  // sha256Sig(ts, token, nonce) = HEX(SHA-256(ts + token + nonce + ts)): with the user parts in
  // the "nonce" slot it is the forwarded-user signature, computed independently.
  const sig = sha256Sig(ts, CREDS.paasToken, 'N1,u1001,i,x,y');
  const base = { 'x-tsp-timestamp': ts, 'x-tsp-signature': sig, 'x-tsp-paasid': CREDS.paasId };
  const genuine = { ...base, 'x-tsp-nonce': 'N1', 'x-tsp-uid': 'u1001', 'x-tsp-uinfo': 'i', 'x-tsp-ext': 'x,y' };
  const v = m.verifyGatewayHeaders(genuine, { paasToken: CREDS.paasToken });
  assert.deepEqual([v.nonce, v.uid, v.uinfo, v.ext], ['N1', 'u1001', 'i', 'x,y']);
  for (const [forged, field] of [
    [{ ...base, 'x-tsp-nonce': 'N1,u1001', 'x-tsp-uid': 'i', 'x-tsp-uinfo': 'x', 'x-tsp-ext': 'y' }, 'x-tsp-nonce'],
    [{ ...base, 'x-tsp-nonce': 'N1,u1001,i,x,y' }, 'x-tsp-nonce'],
    [{ ...base, 'x-tsp-nonce': 'N1', 'x-tsp-uid': 'u1001,i', 'x-tsp-uinfo': 'x', 'x-tsp-ext': 'y' }, 'x-tsp-uid'],
  ]) {
    let err;
    try { m.verifyGatewayHeaders(forged, { paasToken: CREDS.paasToken }); } catch (e) { err = e; }
    assert.equal(err?.code, 'INVALID_HEADER', JSON.stringify(forged));
    assert.equal(err.field, field);
  }
});
