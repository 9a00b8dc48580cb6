// Parsing the exchange response: the sans-I/O parseExchangeResponse (identity decrypted from
// OpenSSL ciphertext, labels, decrypt policies and failures, errcodes, HTTP statuses, malformed
// bodies) for the ESM and the CJS entry, and the same outcomes through YjtClient over a fake fetch
// and a node:http gateway — no PII quoted in any error.
import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES, esm as m, USER, osslHex, successBody, baseConfig } from './_pkg.mjs';
import { throwsYjt, assertNoSecrets } from './_assert.mjs';
import { fakeFetch, startGateway, staticAnswer } from './_gateway.mjs';
import { test, fails, parser, ERRCODES, STATUSES, RETRYABLE_STATUS } from './_client.mjs';

for (const [entry, m] of ENTRIES) {
  const parse = parser(m);

  describe(`parseExchangeResponse (${entry})`, () => {
    test('success: decrypts certificateNo / phone (encrypted by OpenSSL), labels, types', () => {
      const user = parse(successBody({ nation: '29' }));
      assert.deepEqual(JSON.parse(JSON.stringify(user)), {
        userId: USER.userId,
        name: USER.name,
        phone: USER.phone,
        certificateNo: USER.certificateNo,
        certificateType: '01',
        healthCardNo: USER.healthCardNo,
        gender: 1,
        nation: '29',
        channel: '1',
        labels: { certificateType: '居民身份证', gender: '男', nation: '柯尔克孜族', channel: '内地' },
      });
      const u2 = parse(successBody({ certificateType: '06', gender: '2', nation: '31', channel: 2 }));
      assert.equal(u2.gender, 2, 'a numeric string gender becomes a number');
      assert.equal(u2.channel, '2', 'a numeric channel becomes a string');
      assert.deepEqual({ ...u2.labels }, { certificateType: '港澳居民来往内地通行证', gender: '女', nation: '达斡尔族', channel: '港澳' });
    });

    test('unknown dictionary codes are kept with a null label, not an error', () => {
      const u = parse(successBody({ certificateType: '42', gender: 9, nation: '77', channel: '8' }));
      assert.equal(u.certificateType, '42');
      assert.equal(u.nation, '77');
      assert.deepEqual({ ...u.labels }, { certificateType: null, gender: null, nation: null, channel: null });
      const u2 = parse(successBody({ gender: null, phone: '', nation: '' }));
      assert.equal(u2.gender, null);
      assert.equal(u2.phone, '');
    });

    test('name / healthCardNo: decrypted when they are ciphertext (auto), policies always / never', () => {
      const encName = osslHex('李四');
      const encCard = osslHex('HC-001');
      const u = parse(successBody({ name: encName, healthCardNo: encCard }));
      assert.equal(u.name, '李四');
      assert.equal(u.healthCardNo, 'HC-001');
      const never = parse(successBody({ name: encName }), 200, baseConfig({ decryptFields: { name: 'never', healthCardNo: 'never' } }));
      assert.equal(never.name, encName);
      // a plaintext value that merely looks like hex of the wrong length stays as it is
      assert.equal(parse(successBody({ name: 'abcdef' })).name, 'abcdef');
      const always = baseConfig({ decryptFields: { name: 'always' } });
      assert.equal(parse(successBody({ name: encName }), 200, always).name, '李四');
      const e = throwsYjt(m, () => parse(successBody({ name: USER.name }), 200, always), 'DECRYPT_FAILED');
      assert.match(e.message, /\bname\b/);
      assertNoSecrets([e]);
    });

    test('`data` given as a JSON string is accepted', () => {
      const body = JSON.parse(successBody());
      body.data = JSON.stringify(body.data);
      assert.equal(parse(JSON.stringify(body)).certificateNo, USER.certificateNo);
    });

    test('decrypt failures name the field and never show ciphertext or plaintext', () => {
      const otherKeyCt = osslHex(USER.certificateNo, '00112233445566778899aabbccddeeff');
      for (const [field, value] of [
        ['certificateNo', otherKeyCt],
        ['certificateNo', 'zz'],
        ['certificateNo', osslHex(USER.certificateNo).slice(0, 30)],
        ['phone', otherKeyCt.slice(0, 32)],
        ['phone', 'not-hex'],
      ]) {
        const e = throwsYjt(m, () => parse(successBody({ [field]: value })), 'DECRYPT_FAILED');
        assert.ok(e.message.includes(field), e.message);
        assert.ok(!e.message.includes(value) || value.length < 4, e.message);
        assertNoSecrets([e]);
      }
      // a wrong appKey in the config
      const e = throwsYjt(m, () => parse(successBody(), 200, baseConfig({ appKey: '00112233445566778899aabbccddeeff' })), 'DECRYPT_FAILED');
      assert.match(e.message, /certificateNo/);
      assertNoSecrets([e]);
    });

    test('each errcode maps to its code, errcode and retryable', () => {
      const table = [
        [1, 'GATEWAY_FAILURE', false],
        [2, 'GATEWAY_INVALID_PARAMS', false],
        [3, 'GATEWAY_SIGNATURE', false],
        ['3', 'GATEWAY_SIGNATURE', false],
        [400000400, 'GATEWAY_REJECTED', false],
        [400000401, 'GATEWAY_REJECTED', false],
        [400000403, 'GATEWAY_REJECTED', false],
        [400000404, 'GATEWAY_REJECTED', false],
        [400000429, 'GATEWAY_REJECTED', true],
        [400000529, 'GATEWAY_REJECTED', true],
        [77, 'GATEWAY_FAILURE', false],
      ];
      for (const [errcode, code, retryable] of table) {
        const e = throwsYjt(m, () => parse(JSON.stringify({ errcode, errmsg: 'code 已失效', data: null })), code, {
          errcode: Number(errcode),
          retryable,
        });
        assert.ok(e.message.includes('code 已失效'), 'errmsg is kept for diagnosis');
      }
      // the errmsg is cleaned: digit runs that could be ID numbers / phones are masked
      const e = throwsYjt(m, () => parse(JSON.stringify({ errcode: 1, errmsg: `user ${USER.phone} ${USER.certificateNo} not found` })), 'GATEWAY_FAILURE');
      assertNoSecrets([e]);
    });

    test('HTTP status classes: status kept, retryable only for 429 / 502 / 503 / 504', () => {
      for (const status of [301, 302, 304, 400, 401, 403, 404, 429, 500, 501, 502, 503, 504, 599]) {
        throwsYjt(m, () => parse('<html>Bad Gateway</html>', status), 'HTTP_STATUS', {
          status,
          retryable: [429, 502, 503, 504].includes(status),
        });
      }
      // a gateway-level envelope on a non-2xx status is classified by its errcode
      throwsYjt(m, () => parse('{"errcode":400000401,"errmsg":"bad signature."}', 401), 'GATEWAY_REJECTED', {
        errcode: 400000401,
        status: 401,
        retryable: false,
      });
      throwsYjt(m, () => parse('{"errcode":400000429,"errmsg":"rate limited"}', 429), 'GATEWAY_REJECTED', { retryable: true });
      // 2xx other than 200 is fine
      assert.equal(parse(successBody(), 203).userId, USER.userId);
    });

    test('malformed bodies → BAD_RESPONSE', () => {
      const bad = [
        '', '<html>', 'not json', '{"errcode":0,', '[1,2]', '"string"', '42', 'null', 'true',
        '{}', '{"errmsg":"SUCCESS"}', '{"errcode":0}', '{"errcode":0,"data":null}', '{"errcode":0,"data":5}',
        '{"errcode":0,"data":[]}', '{"errcode":0,"data":"not json"}',
        successBody({ userId: undefined }), successBody({ certificateNo: '' }), successBody({ gender: 'male' }),
        successBody({ nation: { code: '01' } }), successBody({ channel: [1] }),
      ];
      for (const body of bad) {
        const e = throwsYjt(m, () => parse(body), 'BAD_RESPONSE');
        assertNoSecrets([e]);
      }
    });

    test('argument errors → INVALID_INPUT', () => {
      for (const res of [null, undefined, 'x', { status: '200', body: '{}' }, { status: 200 }, { status: 200, body: 5 }]) {
        throwsYjt(m, () => m.parseExchangeResponse(baseConfig(), res), 'INVALID_INPUT');
      }
    });
  });
}

// -------------------------------------------------------------------------------------------
describe('YjtClient over an in-process fetch', () => {
  test('each errcode, each HTTP status class, non-JSON, bad UTF-8', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    for (const [errcode, code, retryable] of ERRCODES) {
      await fails(client, client.exchangeCode(`ec${errcode}-fake`), code, { errcode, retryable }, `errcode ${errcode}`);
    }
    for (const status of STATUSES) {
      await fails(client, client.exchangeCode(`st${status}-fake`), 'HTTP_STATUS', { status, retryable: RETRYABLE_STATUS.has(status) });
    }
    await fails(client, client.exchangeCode('nonjson-fake'), 'BAD_RESPONSE', { retryable: false });
    await fails(client, client.exchangeCode('badutf8-fake'), 'BAD_RESPONSE');
    await fails(client, client.exchangeCode('trunc-fake'), 'BAD_RESPONSE');
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

  test('each errcode', async () => {
    for (const [errcode, code, retryable] of ERRCODES) {
      await fails(client, client.exchangeCode(`ec${errcode}-http`), code, { errcode, retryable, status: 200 }, `errcode ${errcode}`);
    }
  });

  test('each HTTP status class; retryable only 429 / 502 / 503 / 504', async () => {
    for (const status of STATUSES) {
      await fails(client, client.exchangeCode(`st${status}-http`), 'HTTP_STATUS', { status, retryable: RETRYABLE_STATUS.has(status) });
    }
  });

  test('non-JSON, invalid UTF-8 and truncated bodies → BAD_RESPONSE, no PII quoted', async () => {
    assert.ok(staticAnswer('trunc').body.includes(USER.name), 'the truncated body does carry the name');
    for (const code of ['nonjson-http', 'badutf8-http', 'trunc-http']) {
      await fails(client, client.exchangeCode(code), 'BAD_RESPONSE', {}, code);
    }
  });
});
