// 模拟网关的每条规则 + 1,000 并发真实回环换取。
// Every rule of the mock gateway, and 1,000 concurrent exchanges over real loopback HTTP.
// The package is loaded from the installed tarball (YJT_CONSUMER, see scripts/test.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createCipheriv } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const consumer = process.env.YJT_CONSUMER ?? join(root, '.tmp/consumer');
const pkgDir = join(consumer, 'node_modules/yjt-sso');
const yjt = await import(pathToFileURL(join(pkgDir, 'index.mjs')).href);
const { createMockGateway, startMockGateway, MOCK_API_PATH } = await import(pathToFileURL(join(pkgDir, 'mock.mjs')).href);
const { YjtClient, YjtError } = yjt;

const creds = {
  appCode: 'HOSP000001',
  appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
  paasId: 'paas-001',
  paasToken: 'tok-SECRET-123',
  appSecret: 'app-SECRET-456',
};
const alice = { userId: 'u-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X', gender: 2, nation: '29', channel: '2' };
const T0 = 1_800_000_000_000;

// Independent oracle for what the mock must send: OpenSSL's SM4.
const opensslEncrypt = (text) => {
  const c = createCipheriv('sm4-ecb', Buffer.from(creds.appKey, 'hex'), null);
  return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('hex');
};
const sig = (ts, nonce, token = creds.paasToken) => createHash('sha256').update(ts + token + nonce + ts).digest('hex').toUpperCase();

function setup(extra = {}) {
  let now = T0;
  const gw = createMockGateway({ ...creds, users: [alice], now: () => now, ...extra });
  return { gw, clock: { get: () => now, set: (t) => (now = t), add: (ms) => (now += ms) } };
}

/** A hand-built request (not via the SDK), so the mock is tested against the protocol itself. */
function request({ code, ts = String(T0 / 1000), nonce = 'abcdef0123456789', token, query = {}, headers = {}, drop = [], path = MOCK_API_PATH, method = 'GET' }) {
  const q = new URLSearchParams({ appCode: creds.appCode, command: '01', code, businessType: '1', ...query });
  for (const [k, v] of Object.entries(query)) if (v === undefined) q.delete(k);
  const h = {
    'x-tsp-timestamp': ts,
    'x-tsp-nonce': nonce,
    'x-tsp-signature': sig(ts, nonce, token),
    'x-tsp-paasid': creds.paasId,
    'x-tsp-appSecret': creds.appSecret,
    'x-tsp-serviceid': 'DGSP_1911964810465574914',
    ...headers,
  };
  for (const d of drop) delete h[d];
  return new Request(`http://mock.local${path}?${q}`, { method, headers: h });
}

async function answer(gw, req) {
  const res = await gw.fetch(req);
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* plain-text answers (404/405) */ }
  return { status: res.status, body, text };
}

test('success: seed response shape, certificateNo/phone SM4-encrypted exactly as OpenSSL does', async () => {
  const { gw } = setup();
  const code = gw.issueCode(alice);
  assert.match(code, /^[0-9a-f]{32}$/);
  const { status, body } = await answer(gw, request({ code }));
  assert.equal(status, 200);
  assert.equal(body.errcode, 0);
  assert.equal(body.errmsg, 'SUCCESS');
  assert.deepEqual(Object.keys(body.data).sort(), ['certificateNo', 'certificateType', 'channel', 'gender', 'healthCardNo', 'name', 'nation', 'phone', 'userId'].sort());
  assert.equal(body.data.certificateNo, opensslEncrypt(alice.certificateNo));
  assert.equal(body.data.phone, opensslEncrypt(alice.phone));
  assert.equal(body.data.name, alice.name);
  assert.equal(body.data.gender, 2);
});

test('the presets come from the core and match the interface document', () => {
  assert.deepEqual(yjt.GATEWAY_PRESETS, {
    baseUrl: 'https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api',
    apiPath: '/data_center/gateway/common/api',
    command: '01',
    serviceIds: { production: 'DGSP_1911981103558230017', test: 'DGSP_1911964810465574914' },
    maxSkewSeconds: 180,
    businessType: 1,
    timeoutMs: 10000,
    maxBodyBytes: 1048576,
    gateway: {
      prefix: 'x-tsp', serviceIdHeader: 'serviceid', appSecretHeader: 'appSecret', paasIdHeader: 'paasid',
      signatureCase: 'upper', timestampUnit: 'seconds', serviceIdPlacement: 'header', sendAppSecret: true,
      extraHeaders: {}, paasIdInQuery: false,
    },
  });
  assert.ok(Object.isFrozen(yjt.GATEWAY_PRESETS) && Object.isFrozen(yjt.GATEWAY_PRESETS.serviceIds));
  assert.ok(Object.isFrozen(yjt.GATEWAY_PRESETS.gateway));
  assert.equal(MOCK_API_PATH, yjt.GATEWAY_PRESETS.apiPath);
});

test('optional encryption of name and healthCardNo', async () => {
  const { gw } = setup({ encryptFields: { name: true, healthCardNo: true } });
  const code = gw.issueCode({ ...alice, healthCardNo: 'HC-1' });
  const { body } = await answer(gw, request({ code }));
  assert.equal(body.data.name, opensslEncrypt(alice.name));
  assert.equal(body.data.healthCardNo, opensslEncrypt('HC-1'));
});

test('codes are single-use and expire after 5 minutes', async () => {
  const { gw, clock } = setup();
  const code = gw.issueCode(alice);
  assert.equal((await answer(gw, request({ code, nonce: 'n1' }))).body.errcode, 0);
  assert.equal((await answer(gw, request({ code, nonce: 'n2' }))).body.errcode, 1, 'reuse');
  const late = gw.issueCode(alice);
  clock.add(5 * 60_000);
  const ts = String(Math.floor(clock.get() / 1000));
  assert.equal((await answer(gw, request({ code: late, ts, nonce: 'n3' }))).body.errcode, 1, 'expired');
  const fresh = gw.issueCode(alice);
  clock.add(5 * 60_000 - 1);
  const ts2 = String(Math.floor(clock.get() / 1000));
  assert.equal((await answer(gw, request({ code: fresh, ts: ts2, nonce: 'n4' }))).body.errcode, 0, 'just in time');
  assert.equal((await answer(gw, request({ code: 'f'.repeat(32), ts: ts2, nonce: 'n5' }))).body.errcode, 1, 'unknown');
});

test('signature: wrong token → errcode 3; case-insensitive unless strict', async () => {
  const { gw } = setup();
  assert.equal((await answer(gw, request({ code: gw.issueCode(alice), token: 'wrong' }))).body.errcode, 3);
  const ts = String(T0 / 1000);
  const lower = { 'x-tsp-signature': sig(ts, 'lc1').toLowerCase() };
  assert.equal((await answer(gw, request({ code: gw.issueCode(alice), nonce: 'lc1', headers: lower }))).body.errcode, 0);
  const strict = setup({ strict: true }).gw;
  const lower2 = { 'x-tsp-signature': sig(ts, 'lc2').toLowerCase() };
  assert.equal((await answer(strict, request({ code: strict.issueCode(alice), nonce: 'lc2', headers: lower2 }))).body.errcode, 3);
  assert.equal((await answer(gw, request({ code: gw.issueCode(alice), nonce: 'sec', headers: { 'x-tsp-appSecret': 'nope' } }))).body.errcode, 3, 'appSecret');
  assert.equal((await answer(gw, request({ code: gw.issueCode(alice), nonce: 'pid', headers: { 'x-tsp-paasid': 'other' } }))).body.errcode, 3, 'paasid');
});

test('skew: ±180 s accepted, beyond rejected with errcode 2', async () => {
  const { gw } = setup();
  for (const [offset, want] of [[-180, 0], [180, 0], [-181, 2], [181, 2]]) {
    const ts = String(T0 / 1000 + offset);
    const r = await answer(gw, request({ code: gw.issueCode(alice), ts, nonce: `skew${offset + 1000}` }));
    assert.equal(r.body.errcode, want, `offset ${offset}`);
  }
});

test('nonce replay within the window is rejected', async () => {
  const { gw } = setup();
  assert.equal((await answer(gw, request({ code: gw.issueCode(alice), nonce: 'replay1' }))).body.errcode, 0);
  const again = await answer(gw, request({ code: gw.issueCode(alice), nonce: 'replay1' }));
  assert.equal(again.body.errcode, 2);
});

test('parameter rules: missing gateway headers → errcode 3; service id, appCode, command, code, businessType → errcode 2', async () => {
  const { gw } = setup();
  let n = 0;
  const bad = async (opts) => (await answer(gw, request({ code: gw.issueCode(alice), nonce: `p${n++}`, ...opts }))).body.errcode;
  // A request whose signature cannot be checked is a signature failure, as gateways answer.
  for (const h of ['x-tsp-timestamp', 'x-tsp-nonce', 'x-tsp-signature', 'x-tsp-paasid']) assert.equal(await bad({ drop: [h] }), 3, h);
  assert.equal(await bad({ headers: { 'x-tsp-serviceid': 'DGSP_1911981103558230017' } }), 2, 'production service id on the test mock');
  assert.equal(await bad({ query: { appCode: 'OTHER' } }), 2);
  assert.equal(await bad({ query: { command: '02' } }), 2);
  assert.equal(await bad({ query: { businessType: '0' } }), 2);
  assert.equal(await bad({ query: { businessType: 'x' } }), 2);
  assert.equal((await answer(gw, request({ code: 'a b', nonce: 'pc' }))).body.errcode, 2);
  assert.equal((await answer(gw, request({ code: 'x'.repeat(65), nonce: 'pd' }))).body.errcode, 2);
  assert.equal((await answer(gw, request({ code: 'abc', path: '/other', nonce: 'pe' }))).status, 404);
  assert.equal((await answer(gw, request({ code: 'abc', method: 'POST', nonce: 'pf' }))).status, 405);
});

test('gatewayErrors mode answers with 4000004xx envelopes, which the client classifies', async () => {
  const { gw } = setup({ gatewayErrors: true });
  const r = await answer(gw, request({ code: gw.issueCode(alice), token: 'wrong', nonce: 'g1' }));
  assert.deepEqual(r.body, { errcode: 400000401, errmsg: 'bad signature.' });
  const skew = await answer(gw, request({ code: gw.issueCode(alice), ts: '1', nonce: 'g2' }));
  assert.equal(skew.body.errcode, 400000400);
  const client = new YjtClient({ env: 'test', ...creds, paasToken: 'wrong', baseUrl: 'http://127.0.0.1' + MOCK_API_PATH, now: () => T0, fetch: (u, i) => gw.fetch(new Request(u, i)) });
  await assert.rejects(client.exchangeCode(gw.issueCode(alice)), (e) => e instanceof YjtError && e.code === 'GATEWAY_REJECTED' && e.errcode === 400000401);
});

test('the SDK client and the mock agree on every gateway variant', async () => {
  const variants = [
    {},
    { prefix: 'x-tif', serviceIdHeader: 'serviceId', appSecretHeader: 'AppSecret', paasIdHeader: 'paasId' },
    { prefix: 'x-rio', signatureCase: 'lower', timestampUnit: 'milliseconds' },
    { serviceIdPlacement: 'query', sendAppSecret: false },
    { serviceIdPlacement: 'omit' },
  ];
  for (const gateway of variants) {
    const { gw } = setup({ gateway, strict: true });
    const client = new YjtClient({ env: 'test', ...creds, gateway, baseUrl: 'http://127.0.0.1' + MOCK_API_PATH, now: () => T0, fetch: (u, i) => gw.fetch(new Request(u, i)) });
    const user = await client.exchangeCode(gw.issueCode(alice));
    assert.equal(user.certificateNo, alice.certificateNo, JSON.stringify(gateway));
    assert.equal(user.labels.nation, '柯尔克孜族');
  }
});

test('admin route POST /__mock/codes over real HTTP; each fault kind maps to the right client error', async () => {
  const mock = await startMockGateway({ ...creds, users: [alice] });
  try {
    const res = await fetch(`${mock.url}/__mock/codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: alice.userId }) });
    const { code } = await res.json();
    const client = new YjtClient({ env: 'test', ...creds, baseUrl: mock.baseUrl, timeoutMs: 1500 });
    assert.equal((await client.exchangeCode(code)).phone, alice.phone);
    const cases = [
      ['http429', 'HTTP_STATUS', true],
      ['http500', 'HTTP_STATUS', false],
      ['http502', 'HTTP_STATUS', true],
      ['http503', 'HTTP_STATUS', true],
      ['http504', 'HTTP_STATUS', true],
      ['malformedJson', 'BAD_RESPONSE', false],
      ['truncatedBody', 'NETWORK', true],
      ['reset', 'NETWORK', true],
      ['hangingBody', 'TIMEOUT', true],
    ];
    for (const [kind, code, retryable] of cases) {
      mock.gateway.injectFault(kind);
      await assert.rejects(client.exchangeCode(mock.gateway.issueCode(alice)), (e) => {
        assert.ok(e instanceof YjtError, kind);
        assert.equal(e.code, code, kind);
        assert.equal(e.retryable, retryable, kind);
        return true;
      });
    }
    mock.gateway.injectFault('latency', { latencyMs: 50 });
    assert.equal((await client.exchangeCode(mock.gateway.issueCode(alice))).userId, alice.userId);
    assert.equal(mock.gateway.stats.faults, cases.length + 1);
  } finally {
    await mock.close();
  }
});

test('1,000 concurrent exchanges through YjtClient over loopback: 0 failures, every identity right', async () => {
  const users = Array.from({ length: 1000 }, (_, i) => ({
    userId: `u-${i}`,
    name: `用户${i}`,
    phone: `138${String(i).padStart(8, '0')}`,
    certificateNo: `4401061990${String(i).padStart(7, '0')}X`,
  }));
  const mock = await startMockGateway({ ...creds, users });
  try {
    const client = new YjtClient({ env: 'test', ...creds, baseUrl: mock.baseUrl, timeoutMs: 30_000 });
    const codes = users.map((u) => mock.gateway.issueCode(u.userId));
    const t0 = performance.now();
    const results = await Promise.allSettled(codes.map((c) => client.exchangeCode(c)));
    const ms = performance.now() - t0;
    const failed = results.filter((r) => r.status === 'rejected');
    assert.equal(failed.length, 0, failed[0]?.reason?.message);
    results.forEach((r, i) => {
      assert.equal(r.value.userId, users[i].userId);
      assert.equal(r.value.phone, users[i].phone);
      assert.equal(r.value.certificateNo, users[i].certificateNo);
      assert.equal(r.value.name, users[i].name);
    });
    assert.equal(mock.gateway.stats.exchanges, 1000);
    console.log(`# 1000 concurrent exchanges over loopback: ${ms.toFixed(0)} ms wall`);
  } finally {
    await mock.close();
  }
});
