// The sans-I/O exchange: request parts, response parsing (ciphertext made by OpenSSL), config
// validation, dictionaries, ID numbers and masks — for the ESM and the CJS entry point.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { ENTRIES, CREDS, USER, SEED_KEY, osslHex, sha256Sig, successBody, baseConfig } from './_pkg.mjs';
import { throwsYjt, assertNoSecrets } from './_assert.mjs';

const GATEWAY = 'https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api';
const SERVICE = { production: 'DGSP_1911981103558230017', test: 'DGSP_1911964810465574914' };

/** ISO 7064 MOD 11-2 check character of a 17-digit body (GB 11643), computed here. */
function checkChar(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body17[i]) * w[i];
  return '10X98765432'[s % 11];
}

for (const [entry, m] of ENTRIES) {
  const parse = (body, status = 200, cfg = baseConfig()) => m.parseExchangeResponse(cfg, { status, body });

  describe(`buildExchangeRequest (${entry})`, () => {
    test('GET, exact URL and query, signed headers (test env)', () => {
      const req = m.buildExchangeRequest(baseConfig(), 'afadsgfaar', { timestamp: '1700000000', nonce: 'abcdef0123456789' });
      assert.equal(req.method, 'GET');
      assert.equal(
        req.url,
        `${GATEWAY}?appCode=${CREDS.appCode}&command=01&code=afadsgfaar&businessType=1`,
      );
      const u = new URL(req.url);
      assert.equal(u.origin + u.pathname, GATEWAY);
      assert.deepEqual([...u.searchParams], [['appCode', CREDS.appCode], ['command', '01'], ['code', 'afadsgfaar'], ['businessType', '1']]);
      assert.deepEqual(req.headers, {
        'x-tsp-timestamp': '1700000000',
        'x-tsp-nonce': 'abcdef0123456789',
        'x-tsp-signature': sha256Sig('1700000000', CREDS.paasToken, 'abcdef0123456789'),
        'x-tsp-paasid': CREDS.paasId,
        'x-tsp-appSecret': CREDS.appSecret,
        'x-tsp-serviceid': SERVICE.test,
        'Content-Type': 'application/json;charset=utf-8',
      });
      assert.ok(!req.url.includes(CREDS.paasToken) && !req.url.includes(CREDS.appSecret) && !req.url.includes(SEED_KEY));
      assert.ok(!JSON.stringify(req).includes(CREDS.paasToken), 'the token is signed, never sent');
    });

    test('env presets pick the service id; serviceId overrides; config `now` is the clock', () => {
      for (const env of ['production', 'test']) {
        const req = m.buildExchangeRequest(baseConfig({ env }), 'c0de');
        assert.equal(req.headers['x-tsp-serviceid'], SERVICE[env], env);
      }
      const own = m.buildExchangeRequest(baseConfig({ env: 'production', serviceId: 'DGSP_OWN' }), 'c0de');
      assert.equal(own.headers['x-tsp-serviceid'], 'DGSP_OWN');
      const fixed = m.buildExchangeRequest(baseConfig({ now: () => 1_600_000_000_500 }), 'c0de');
      assert.equal(fixed.headers['x-tsp-timestamp'], '1600000000');
      assert.equal(fixed.headers['x-tsp-signature'], sha256Sig('1600000000', CREDS.paasToken, fixed.headers['x-tsp-nonce']));
    });

    test('businessType from options or config; service id in the query when configured; baseUrl', () => {
      const q = (req) => Object.fromEntries(new URL(req.url).searchParams);
      assert.equal(q(m.buildExchangeRequest(baseConfig(), 'c', { businessType: 3 })).businessType, '3');
      assert.equal(q(m.buildExchangeRequest(baseConfig({ businessType: 12 }), 'c')).businessType, '12');
      assert.equal(q(m.buildExchangeRequest(baseConfig({ businessType: 99 }), 'c')).businessType, '99', 'open-ended');
      for (const bad of [0, -1, 1.5, 2 ** 31, NaN, Infinity, '2']) {
        throwsYjt(m, () => m.buildExchangeRequest(baseConfig(), 'c', { businessType: bad }), 'INVALID_INPUT', {}, String(bad));
      }
      const viaQuery = m.buildExchangeRequest(baseConfig({ gateway: { serviceIdPlacement: 'query' } }), 'c');
      assert.equal(q(viaQuery).serviceId, SERVICE.test);
      assert.equal(viaQuery.headers['x-tsp-serviceid'], undefined);
      const proxied = m.buildExchangeRequest(baseConfig({ baseUrl: 'https://proxy.hospital.example/gw?route=yjt' }), 'c');
      assert.equal(proxied.url, `https://proxy.hospital.example/gw?route=yjt&appCode=${CREDS.appCode}&command=01&code=c&businessType=1`);
      const local = m.buildExchangeRequest(baseConfig({ baseUrl: 'http://127.0.0.1:8080/api' }), 'c');
      assert.ok(local.url.startsWith('http://127.0.0.1:8080/api?'));
    });

    test('code validation: only 1–64 of [A-Za-z0-9_-]; the code is not echoed', () => {
      for (const ok of ['a', 'x'.repeat(64), 'AZaz09-_', 'afadsgfaar']) {
        assert.equal(new URL(m.buildExchangeRequest(baseConfig(), ok).url).searchParams.get('code'), ok);
      }
      const bad = [
        '', 'x'.repeat(65), 'abc\r\nx-evil: 1', 'abc\n', 'abc\r', 'a&businessType=2', 'a#frag', 'a?b', 'a=b', 'a b',
        'a%20b', 'a+b', 'a/b', '小明', 'code🙂', 'café', '\u0000', 'abc\t',
      ];
      for (const code of bad) {
        const e = throwsYjt(m, () => m.buildExchangeRequest(baseConfig(), code), 'INVALID_INPUT');
        if (code.length > 3) assert.ok(!e.message.includes(code), `code echoed: ${e.message}`);
      }
      for (const code of [5, null, undefined, {}, ['a']]) throwsYjt(m, () => m.buildExchangeRequest(baseConfig(), code), 'INVALID_INPUT');
    });
  });

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

    test('util.inspect(user) is masked; JSON.stringify(user) is the full data', () => {
      const user = parse(successBody());
      const shown = util.inspect(user, { depth: 5 });
      assert.ok(shown.includes('138****8000'), shown);
      assert.ok(shown.includes('1101**********002X'), shown);
      assert.ok(shown.includes('张*丰'), shown);
      assertNoSecrets([shown, util.inspect({ user }, { depth: 5 }), util.format('%o', user)], [USER.name, USER.phone, USER.certificateNo, USER.healthCardNo]);
      const json = JSON.stringify(user);
      for (const v of [USER.name, USER.phone, USER.certificateNo, USER.healthCardNo, USER.userId]) assert.ok(json.includes(v));
      // plain property access is the real data
      assert.equal(user.phone, USER.phone);
      assert.equal(Object.keys(user).length, 10);
    });
  });

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

  describe(`dictionaries, ID numbers, masks (${entry})`, () => {
    test('dictionaries (seed typos fixed) and counts', () => {
      assert.equal(m.NATIONS['29'], '柯尔克孜族');
      assert.equal(m.NATIONS['31'], '达斡尔族');
      assert.equal(m.NATIONS['01'], '汉族');
      assert.equal(m.NATIONS['56'], '基诺族');
      assert.equal(m.NATIONS['97'], '其他');
      assert.equal(m.NATIONS['98'], '外国血统中国籍人士');
      assert.equal(m.NATIONS['99'], '其它民族或外国人');
      assert.equal(Object.keys(m.NATIONS).length, 59);
      for (let i = 1; i <= 56; i++) assert.equal(typeof m.NATIONS[String(i).padStart(2, '0')], 'string', `nation ${i}`);
      assert.deepEqual({ ...m.CERTIFICATE_TYPES }, {
        '01': '居民身份证', '02': '居民户口簿', '03': '护照', '04': '军官证', '05': '驾驶证',
        '06': '港澳居民来往内地通行证', '07': '台湾居民来往内地通行证', '08': '出生医学证明', '99': '其他法定有效证件',
      });
      assert.deepEqual({ ...m.GENDERS }, { 1: '男', 2: '女', 3: '保密', 4: '未知' });
      assert.deepEqual({ ...m.CHANNELS }, { 1: '内地', 2: '港澳', 3: '台湾', 4: '外籍' });
      assert.equal(Object.keys(m.BUSINESS_TYPES).length, 12);
      assert.equal(m.BUSINESS_TYPES[1], '预约挂号');
      assert.equal(m.BUSINESS_TYPES[12], '健康深圳《新冠预约》');
      for (const d of [m.NATIONS, m.CERTIFICATE_TYPES, m.GENDERS, m.CHANNELS, m.BUSINESS_TYPES]) assert.ok(Object.isFrozen(d));
      assert.equal(m.dictLabel('nation', '1'), '汉族', 'single-digit codes are zero-padded');
      assert.equal(m.dictLabel('nation', 29), '柯尔克孜族');
      assert.equal(m.dictLabel('gender', 2), '女');
      assert.equal(m.dictLabel('certificateType', '1'), '居民身份证');
      assert.equal(m.dictLabel('channel', '4'), '外籍');
      assert.equal(m.dictLabel('businessType', 1), '预约挂号');
      assert.equal(m.dictLabel('nation', '00'), null);
      assert.equal(m.dictLabel('nation', '57'), null);
    });

    test('GB 11643 check digit agrees with an independent ISO 7064 MOD 11-2', () => {
      let seed = 12345;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let i = 0; i < 300; i++) {
        const area = String(110000 + Math.floor(rnd() * 540000));
        const d = new Date(Date.UTC(1930 + Math.floor(rnd() * 90), 0, 1) + Math.floor(rnd() * 365) * 86_400_000);
        const birth = d.toISOString().slice(0, 10).replaceAll('-', '');
        const body = area + birth + String(Math.floor(rnd() * 1000)).padStart(3, '0');
        const good = body + checkChar(body);
        assert.equal(m.isValidIdCard(good), true, good);
        assert.equal(m.checkIdCard(good), 'valid', good);
        if (good.endsWith('X')) assert.equal(m.isValidIdCard(good.slice(0, 17) + 'x'), true, 'lower-case x');
        for (const wrong of '0123456789X') {
          if (wrong === good[17]) continue;
          assert.equal(m.isValidIdCard(body + wrong), false, body + wrong);
          assert.equal(m.checkIdCard(body + wrong), 'bad_check_digit', body + wrong);
        }
      }
      assert.equal(m.checkIdCard(USER.certificateNo), 'valid');
      assert.equal(m.checkIdCard('110105491231002'), 'legacy_15');
      assert.equal(m.isValidIdCard('110105491231002'), false);
      // an impossible birth date with a correct check character is still malformed
      const feb30 = '11010519490230002';
      assert.equal(m.checkIdCard(feb30 + checkChar(feb30)), 'malformed');
      for (const bad of ['', 'abc', '1101051949123100', '1101051949123100211', '11010519491231002Y', '１１０１０５１９４９１２３１００２Ｘ']) {
        assert.equal(m.checkIdCard(bad), 'malformed', bad);
        assert.equal(m.isValidIdCard(bad), false, bad);
      }
      for (const v of [null, undefined, 110105194912310020, {}]) assert.equal(m.isValidIdCard(v), false);
      throwsYjt(m, () => m.checkIdCard(5), 'INVALID_INPUT');
    });

    test('masks', () => {
      assert.equal(m.maskPhone('13800138000'), '138****8000');
      assert.equal(m.maskIdCard('11010519491231002X'), '1101**********002X');
      assert.equal(m.maskName('张三丰'), '张*丰');
      assert.equal(m.maskName('张三'), '张*');
      for (const [f, v] of [[m.maskPhone, USER.phone], [m.maskIdCard, USER.certificateNo], [m.maskName, USER.name]]) {
        assert.notEqual(f(v), v);
        assert.ok(!f(v).includes(v));
      }
      for (const f of [m.maskPhone, m.maskIdCard, m.maskName]) {
        assert.equal(typeof f(''), 'string');
        throwsYjt(m, () => f(5), 'INVALID_INPUT');
      }
    });
  });
}
