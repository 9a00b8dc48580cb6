// 网关变体：每个变体两种情况——客户端与网关一致 → 成功；不一致 → 带类型的网关错误。
// Every gateway variant both ways against a mock configured strictly for it: the client matches
// → the identity; the client differs → a typed GATEWAY_* error (never a silent success).
// The header set each variant produces, and inbound verification under the same variant, are
// checked for the ESM and the CJS entry point at the end.
// The package is loaded from the installed tarball (YJT_CONSUMER, see scripts/test.sh).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ENTRIES, esm as yjt, sha256Sig } from './_pkg.mjs';
import { createMockGateway, MOCK_API_PATH } from './_mock.mjs';
// CREDS (with NOW, TS, NONCE) is the signing suites' fixed input, used by the per-entry tests at
// the end; `creds` below is what the mock gateway and its clients share.
import { CREDS, NOW, TS, NONCE, assertTokenAbsent, signer, opts } from './_signing.mjs';

const { YjtClient, YjtError, gatewayHeaders, verifyGatewayHeaders } = yjt;

const creds = {
  appCode: 'HOSP000001',
  appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
  paasId: 'paas-001',
  paasToken: 'tok-SECRET-123',
  appSecret: 'app-SECRET-456',
};
const alice = { userId: 'u-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X' };
const T0 = 1_800_000_000_000;

/** One exchange: a mock with `mockOpts`, a client with `clientOpts`; returns the user or the error. */
async function exchange(mockOpts, clientOpts, clientNow = T0) {
  const gw = createMockGateway({ ...creds, users: [alice], now: () => T0, ...mockOpts });
  const client = new YjtClient({
    env: 'test', ...creds, baseUrl: 'http://127.0.0.1' + MOCK_API_PATH, now: () => clientNow,
    fetch: (u, i) => gw.fetch(new Request(u, i)), ...clientOpts,
  });
  try {
    return await client.exchangeCode(gw.issueCode(alice));
  } catch (e) {
    return e;
  } finally {
    client.free();
  }
}

function ok(r, name) {
  assert.ok(!(r instanceof Error), `${name}: ${r?.code} ${r?.message}`);
  assert.equal(r.certificateNo, alice.certificateNo, name);
}

function fails(r, code, name) {
  assert.ok(r instanceof YjtError, `${name}: expected ${code}, got ${JSON.stringify(r)}`);
  assert.equal(r.code, code, `${name}: ${r.message}`);
  assert.ok(typeof r.errcode === 'number', name);
}

const VARIANTS = [
  // [name, mock options, matching client options, differing client options, expected code]
  ['lower-case signature (strict gateway)', { gateway: { signatureCase: 'lower' }, strict: true }, { gateway: { signatureCase: 'lower' } }, {}, 'GATEWAY_SIGNATURE'],
  ['upper-case signature (strict gateway)', { strict: true }, {}, { gateway: { signatureCase: 'lower' } }, 'GATEWAY_SIGNATURE'],
  ['x-tif prefix', { gateway: { prefix: 'x-tif' } }, { gateway: { prefix: 'x-tif' } }, {}, 'GATEWAY_SIGNATURE'],
  ['millisecond timestamps', { gateway: { timestampUnit: 'milliseconds' } }, { gateway: { timestampUnit: 'milliseconds' } }, {}, 'GATEWAY_INVALID_PARAMS'],
  ['service id in the query', { gateway: { serviceIdPlacement: 'query' } }, { gateway: { serviceIdPlacement: 'query' } }, {}, 'GATEWAY_INVALID_PARAMS'],
  ['appSecret header required', {}, {}, { gateway: { sendAppSecret: false } }, 'GATEWAY_SIGNATURE'],
  ['renamed appSecret header', { gateway: { appSecretHeader: 'AppSecret-Key' } }, { gateway: { appSecretHeader: 'AppSecret-Key' } }, {}, 'GATEWAY_SIGNATURE'],
  ['extra static headers', { gateway: { extraHeaders: { 'x-tsp-target': 'yjt', 'x-tsp-internet': 'true' } } }, { gateway: { extraHeaders: { 'x-tsp-target': 'yjt', 'x-tsp-internet': 'true' } } }, { gateway: { extraHeaders: { 'x-tsp-target': 'other' } } }, 'GATEWAY_SIGNATURE'],
  ['paasid also in the query', { gateway: { paasIdInQuery: true } }, { gateway: { paasIdInQuery: true } }, {}, 'GATEWAY_INVALID_PARAMS'],
  ['a second signed header set', { gateway: { alsoSign: { prefix: 'x-tif', paasId: 'tif-paas', paasToken: 'tif-TOKEN-9' } } }, { gateway: { alsoSign: { prefix: 'x-tif', paasId: 'tif-paas', paasToken: 'tif-TOKEN-9' } } }, { gateway: { alsoSign: { prefix: 'x-tif', paasId: 'tif-paas', paasToken: 'tif-WRONG-0' } } }, 'GATEWAY_SIGNATURE'],
  ['second header set missing', { gateway: { alsoSign: { prefix: 'x-tif', paasId: 'tif-paas', paasToken: 'tif-TOKEN-9' } } }, { gateway: { alsoSign: { prefix: 'x-tif', paasId: 'tif-paas', paasToken: 'tif-TOKEN-9' } } }, {}, 'GATEWAY_SIGNATURE'],
];

for (const [name, mockOpts, same, differ, code] of VARIANTS) {
  test(`variant: ${name} — matching client succeeds, differing client gets ${code}`, async () => {
    ok(await exchange(mockOpts, same), `${name} (matching)`);
    fails(await exchange(mockOpts, differ), code, `${name} (differing)`);
  });
}

test('variant: 4000004xx envelopes from the gateway layer → GATEWAY_REJECTED with the errcode', async () => {
  const r = await exchange({ gatewayErrors: true, strict: true }, { gateway: { signatureCase: 'lower' } });
  fails(r, 'GATEWAY_REJECTED', 'gatewayErrors');
  assert.equal(r.errcode, 400000401);
});

test('variant: asymmetric skew — 180 s into the past is fine, 2 s into the future is not (maxFutureSeconds: 1)', async () => {
  const mock = { maxPastSeconds: 180, maxFutureSeconds: 1 };
  ok(await exchange(mock, {}, T0 - 170_000), 'past');
  ok(await exchange(mock, {}, T0 + 1_000), '1 s ahead');
  const ahead = await exchange(mock, {}, T0 + 2_000);
  fails(ahead, 'GATEWAY_INVALID_PARAMS', '2 s ahead');
  assert.match(ahead.message, /时间戳/);
  fails(await exchange(mock, {}, T0 - 181_000), 'GATEWAY_INVALID_PARAMS', '181 s behind');
});

test('variant: nonces in the forms seen in the field are signed and accepted by the gateway', async () => {
  const gw = createMockGateway({ ...creds, users: [alice], now: () => T0 });
  const serviceId = yjt.GATEWAY_PRESETS.serviceIds.test;
  for (const nonce of ['4821', '0100007f:01940736acbc:019de1', '0.8273649182', 'N1800000000N', '550e8400e29b41d4a716446655440000']) {
    const headers = gatewayHeaders({ ...creds, serviceId }, { nonce, now: () => T0 });
    const url = `http://127.0.0.1${MOCK_API_PATH}?appCode=${creds.appCode}&command=01&code=${gw.issueCode(alice)}&businessType=1`;
    const body = await (await gw.fetch(new Request(url, { headers }))).json();
    assert.equal(body.errcode, 0, `${nonce}: ${body.errmsg}`);
  }
});

test('variant: the forwarded-user signature covers uid, uinfo and ext', () => {
  const user = { uid: 'u-77', uinfo: 'eyJuYW1lIjoi5byg5LiJIn0=', ext: 'ch=1' };
  const h = gatewayHeaders(creds, { user, timestamp: '1800000000', nonce: 'abcdef0123456789', now: () => T0 });
  assert.equal(h['x-tsp-uid'], 'u-77');
  // Independent oracle: node:crypto over the documented string.
  const want = createHash('sha256').update(`1800000000${creds.paasToken}abcdef0123456789,u-77,${user.uinfo},ch=11800000000`).digest('hex').toUpperCase();
  assert.equal(h['x-tsp-signature'], want);
  const v = verifyGatewayHeaders(h, { paasToken: creds.paasToken, now: T0 });
  assert.deepEqual([v.uid, v.uinfo, v.ext], ['u-77', user.uinfo, 'ch=1']);
  for (const name of ['x-tsp-uid', 'x-tsp-uinfo', 'x-tsp-ext']) {
    assert.throws(() => verifyGatewayHeaders({ ...h, [name]: 'tampered' }, { paasToken: creds.paasToken, now: T0 }), (e) => e.code === 'SIGNATURE_MISMATCH', name);
  }
});

test('variant options are validated: colliding extra headers, a second set with the main prefix', () => {
  for (const gateway of [
    { extraHeaders: { 'X-TSP-SIGNATURE': 'x' } },
    { extraHeaders: { 'content-type': 'text/plain' } },
    { alsoSign: { prefix: 'x-tsp', paasId: 'p', paasToken: 't' } },
    { alsoSign: { prefix: 'x-tif', paasId: 'p' } },
  ]) {
    assert.throws(() => new YjtClient({ env: 'test', ...creds, gateway }), (e) => e.code === 'INVALID_CONFIG' && /gateway/.test(e.message), JSON.stringify(gateway));
  }
  // The second token never appears when the client is printed or serialized.
  const c = new YjtClient({ env: 'test', ...creds, gateway: { alsoSign: { prefix: 'x-tif', paasId: 'p', paasToken: 'tif-TOKEN-9' } } });
  assert.ok(!JSON.stringify(c).includes('tif-TOKEN') && !String(c).includes('tif-TOKEN'));
  assert.ok(!Object.values(c.buildRequest('abc').headers).some((v) => v.includes('tif-TOKEN')));
  c.free();
});

// -------------------------------------------------------------------------------------------
for (const [entry, m] of ENTRIES) {
  describe(`gatewayHeaders (${entry})`, () => {
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
  });

  describe(`verifyGatewayHeaders (${entry})`, () => {
    const signed = signer(m);

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
  });
}
