// 模拟网关的 code 换取接口：响应格式、SM4 加密字段、code 单次有效与过期。
// The mock's code-exchange API: the interface document's response shape, the SM4-encrypted
// fields (checked against OpenSSL), single-use codes and their expiry, the presets it serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yjt, MOCK_API_PATH, alice, opensslEncrypt, setup, request, answer } from './_mock.mjs';

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
