// 模拟网关的校验：签名、时间偏差、nonce 重放、请求参数、网关层错误包络、各网关变体。
// The mock gateway's checks: signature, skew, nonce replay, parameters, the 4000004xx envelopes
// of gatewayErrors mode, and agreement with the SDK client on every gateway variant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YjtClient, YjtError, GatewayClient, MOCK_API_PATH, creds, alice, T0, sig, setup, request, answer } from './_mock.mjs';

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

test('an unknown command is named in the answer (参数不合法：command), hand-built and through GatewayClient (GET and POST)', async () => {
  const { gw } = setup({ services: { '02': () => ({ ok: true }) } });
  // An API the mock does not serve, asked without the exchange's appCode (as GatewayClient asks).
  const r = await answer(gw, request({ code: gw.issueCode(alice), nonce: 'uc1', query: { command: '99', appCode: undefined } }));
  assert.deepEqual(r.body, { errcode: 2, errmsg: '参数不合法：command' });
  const client = new GatewayClient({
    paasId: creds.paasId, paasToken: creds.paasToken, appSecret: creds.appSecret, serviceId: 'DGSP_1911964810465574914',
    baseUrl: 'http://127.0.0.1' + MOCK_API_PATH, now: () => T0, fetch: (u, i) => gw.fetch(new Request(u, i)),
  });
  for (const o of [{ query: { command: '99' } }, { method: 'POST', query: { command: '99' }, body: { a: 1 } }]) {
    await assert.rejects(client.request(o), (e) => {
      assert.ok(e instanceof YjtError, JSON.stringify(o));
      assert.equal(e.code, 'GATEWAY_INVALID_PARAMS', JSON.stringify(o));
      assert.equal(e.errcode, 2);
      assert.ok(e.message.includes('参数不合法：command'), e.message);
      assert.ok(!e.message.includes('appCode'), e.message);
      return true;
    });
  }
  assert.deepEqual((await client.request({ query: { command: '02' } })).data, { ok: true }, 'a known command is served');
  // The gateway's own checks still come first: a wrong token is a signature failure, whatever the command.
  assert.equal((await answer(gw, request({ code: 'x', nonce: 'uc2', token: 'wrong', query: { command: '99' } }))).body.errcode, 3);
  // Other methods are still refused before any check.
  assert.equal((await answer(gw, request({ code: 'x', nonce: 'uc3', method: 'PUT', query: { command: '99' } }))).status, 405);
  client.free();
});

test('every failed gateway check gets its answer: errcode and errmsg, or the 4000004xx envelope in gatewayErrors mode', async () => {
  const ts = String(T0 / 1000);
  const alsoSign = { prefix: 'x-tif', paasId: 'paas-2', paasToken: 'tok-2' };
  const second = (paasId) => ({ 'x-tif-timestamp': ts, 'x-tif-nonce': 'n2', 'x-tif-signature': sig(ts, 'n2', alsoSign.paasToken), 'x-tif-paasid': paasId });
  // [check, mock options, request options, errcode, errmsg, gateway errcode, gateway errmsg]
  const CASES = [
    ['header', {}, { drop: ['x-tsp-nonce'] }, 3, '验签失败：缺少或错误的网关请求头', 400000401, 'bad signature.'],
    ['timestamp', {}, { ts: String(T0 / 1000 - 600) }, 2, '参数不合法：时间戳超出允许范围', 400000400, 'bad timestamp.'],
    ['signature', {}, { token: 'wrong' }, 3, '验签失败', 400000401, 'bad signature.'],
    ['secondPaasId', { gateway: { alsoSign } }, { headers: second('paas-3') }, 3, '验签失败：第二套 paasid 未授权', 400000403, 'forbidden.'],
    ['paasId', {}, { headers: { 'x-tsp-paasid': 'other' } }, 3, '验签失败：paasid 未授权', 400000403, 'forbidden.'],
    ['extraHeader', { gateway: { extraHeaders: { 'X-Tsp-Target': 'yjt' } } }, {}, 3, '验签失败：缺少请求头 X-Tsp-Target', 400000403, 'forbidden.'],
    ['queryPaasId', { gateway: { paasIdInQuery: true } }, {}, 2, '参数不合法：paasid', 400000400, 'bad request.'],
    ['appSecret', {}, { headers: { 'x-tsp-appSecret': 'nope' } }, 3, '验签失败：appSecret 不匹配', 400000401, 'bad signature.'],
    ['serviceId', {}, { headers: { 'x-tsp-serviceid': 'DGSP_1911981103558230017' } }, 2, '参数不合法：service ID 不匹配', 400000404, 'api not found.'],
  ];
  for (const gatewayErrors of [false, true]) {
    for (const [check, mockOpts, reqOpts, errcode, errmsg, gatewayCode, gatewayMsg] of CASES) {
      const { gw } = setup({ ...mockOpts, gatewayErrors });
      const r = await answer(gw, request({ code: gw.issueCode(alice), ...reqOpts }));
      const want = gatewayErrors ? { errcode: gatewayCode, errmsg: gatewayMsg } : { errcode, errmsg };
      assert.deepEqual(r.body, want, `${check} (gatewayErrors: ${gatewayErrors})`);
      assert.equal(gw.stats.rejected, 1, check);
    }
    // The mock's own check: a nonce seen inside the window.
    const { gw } = setup({ gatewayErrors });
    assert.equal((await answer(gw, request({ code: gw.issueCode(alice), nonce: 'seen' }))).body.errcode, 0);
    const replay = await answer(gw, request({ code: gw.issueCode(alice), nonce: 'seen' }));
    assert.deepEqual(replay.body, gatewayErrors ? { errcode: 400000400, errmsg: 'nonce reused.' } : { errcode: 2, errmsg: '参数不合法：nonce 重复' });
  }
  // The variants above pass when the request matches them: the failures are the checks named.
  const ok = async (mockOpts, reqOpts) => (await answer(setup(mockOpts).gw, request({ code: 'f'.repeat(32), ...reqOpts }))).body;
  assert.deepEqual(await ok({ gateway: { alsoSign } }, { headers: second('paas-2') }), { errcode: 1, errmsg: 'code 无效、已过期或已使用' });
  assert.equal((await ok({ gateway: { extraHeaders: { 'X-Tsp-Target': 'yjt' } } }, { headers: { 'x-tsp-target': 'yjt' } })).errcode, 1);
  assert.equal((await ok({ gateway: { paasIdInQuery: true } }, { query: { paasid: creds.paasId } })).errcode, 1);
});
