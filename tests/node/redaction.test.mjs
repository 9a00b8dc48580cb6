// 密钥与个人信息卫生：驱动客户端、模拟网关、命令行的每条失败路径，扫描所有错误消息、cause 链、
// inspect / JSON.stringify 输出与日志行，密钥、令牌、appSecret 与测试用户的明文证件号、手机号、姓名出现 0 次。
// Secrets and redaction: every failure path of the client, the mock and the CLI, every rendering
// (no key, token, secret or unmasked PII); and the redacted views themselves — YjtClient,
// buildRequest()'s appSecret header, the identity (masked inspect, full JSON), GatewayClient.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ENTRIES, esm as m, CONSUMER, CREDS, USER, baseConfig, successBody } from './_pkg.mjs';
import { renderings, assertNoSecrets } from './_assert.mjs';
import { fakeFetch } from './_gateway.mjs';
import { parser } from './_client.mjs';
import { options, SERVICE_ID } from './_gateway-client.mjs';
import { startMockGateway, createMockGateway, MOCK_API_PATH } from './_mock.mjs';

const creds = {
  appCode: 'HOSP000001', appKey: '5EC2E7C0FFEE00112233445566778899', paasId: 'paas-hyg', paasToken: 'TOKEN-hygiene-7f3a', appSecret: 'SECRET-hygiene-91c2',
};
const user = { userId: 'u-h1', name: '司马相如', phone: '13912345678', certificateNo: '44010619900307123X' };
const NEEDLES = [creds.appKey, creds.appKey.toLowerCase(), creds.paasToken, creds.appSecret, user.name, user.phone, user.certificateNo];

function scan(label, values) {
  const hits = [];
  for (const v of values) for (const text of renderings(v)) for (const s of NEEDLES) if (text.includes(s)) hits.push(`${label}: ${s.slice(0, 4)}… in ${text.slice(0, 160)}`);
  return hits;
}

test('every client and mock failure path: no key, token, secret or unmasked PII in any rendering', async () => {
  const captured = []; // everything a log pipeline could see
  const logs = [];
  const origError = console.error;
  const origWarn = console.warn;
  const origLog = console.log;
  console.error = console.warn = console.log = (...a) => logs.push(a.map(String).join(' '));
  const mock = await startMockGateway({ ...creds, users: [user] });
  try {
    const client = new m.YjtClient({ env: 'test', ...creds, baseUrl: mock.baseUrl, timeoutMs: 800, maxBodyBytes: 4096 });
    captured.push(client);
    const { inspect } = await import('node:util');
    const attempt = async (f) => {
      try {
        // A successful identity is plaintext by design (JSON.stringify(user) is for the session
        // store); what a log line would show is its inspect view, which must be masked.
        captured.push(inspect(await f(), { depth: 5 }));
      } catch (e) {
        captured.push(e);
      }
    };
    // Each fault kind, each errcode path, reuse, expiry-like unknown code, bad input.
    for (const kind of ['http429', 'http500', 'http502', 'http503', 'http504', 'reset', 'truncatedBody', 'hangingBody', 'malformedJson', 'latency']) {
      mock.gateway.injectFault(kind, { latencyMs: 10 });
      await attempt(() => client.exchangeCode(mock.gateway.issueCode(user)));
    }
    const used = mock.gateway.issueCode(user);
    const ok = await client.exchangeCode(used);
    assert.equal(ok.phone, user.phone); // the identity itself is plaintext by design...
    captured.push(`inspect: ${inspect(ok)}`); // ...but its inspect view is masked
    await attempt(() => client.exchangeCode(used)); // errcode 1
    await attempt(() => client.exchangeCode('f'.repeat(32)));
    await attempt(() => client.exchangeCode('bad code\r\nX-Evil: 1'));
    await attempt(() => client.exchangeCode(mock.gateway.issueCode(user), { signal: AbortSignal.abort() }));
    // Wrong token (errcode 3), wrong key (DECRYPT_FAILED), gateway-level envelopes.
    const wrongToken = new m.YjtClient({ env: 'test', ...creds, paasToken: 'TOKEN-other', baseUrl: mock.baseUrl });
    await attempt(() => wrongToken.exchangeCode(mock.gateway.issueCode(user)));
    const wrongKey = new m.YjtClient({ env: 'test', ...creds, appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697', baseUrl: mock.baseUrl });
    await attempt(() => wrongKey.exchangeCode(mock.gateway.issueCode(user)));
    const envelopes = createMockGateway({ ...creds, users: [user], gatewayErrors: true });
    const viaEnvelope = new m.YjtClient({ env: 'test', ...creds, paasToken: 'TOKEN-other', baseUrl: 'http://127.0.0.1' + MOCK_API_PATH, fetch: (u, i) => envelopes.fetch(new Request(u, i)) });
    await attempt(() => viaEnvelope.exchangeCode(envelopes.issueCode(user)));
    // A body that quotes the user (a misbehaving relay) and a huge one.
    const echo = new m.YjtClient({
      env: 'test', ...creds, baseUrl: 'http://127.0.0.1/x',
      fetch: async () => new Response(`<html>${user.name} ${user.phone} ${user.certificateNo} ${creds.paasToken}</html>`, { status: 502 }),
    });
    await attempt(() => echo.exchangeCode('abc'));
    const echo200 = new m.YjtClient({
      env: 'test', ...creds, baseUrl: 'http://127.0.0.1/x',
      fetch: async () => new Response(`oops ${user.phone} ${user.certificateNo}`, { status: 200 }),
    });
    await attempt(() => echo200.exchangeCode('abc'));
    // Config errors with the secrets in the wrong places.
    for (const bad of [
      { appKey: creds.paasToken }, { paasToken: `${creds.paasToken}\r\n` }, { appSecret: `${creds.appSecret} x` },
      { baseUrl: `http://${creds.appSecret}@10.0.0.1/` }, { appCode: creds.appSecret + '!' }, { timeoutMs: -1 }, { gateway: { prefix: creds.paasToken + ' ' } },
    ]) {
      await attempt(() => new m.YjtClient({ env: 'test', ...creds, ...bad }));
    }
    // SM4 and helpers with secrets as the bad input.
    await attempt(() => new m.Sm4(creds.paasToken));
    await attempt(() => m.decryptEcb(creds.appSecret, '00'));
    await attempt(() => new m.Sm4(creds.appKey).decrypt(user.certificateNo));
    await attempt(() => m.verifyGatewayHeaders({ 'x-tsp-timestamp': '1', 'x-tsp-nonce': 'n', 'x-tsp-signature': creds.paasToken, 'x-tsp-paasid': 'p' }, { paasToken: creds.paasToken }));
    // The mock's own failures.
    await attempt(() => createMockGateway({ ...creds, appKey: undefined }));
    await attempt(() => mock.gateway.issueCode('nobody'));
    await attempt(async () => (await fetch(`${mock.url}/__mock/codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"nobody"}' })).text());
    await attempt(async () => (await fetch(`${mock.url}/__mock/codes`, { method: 'POST', body: 'not json' })).text());
    captured.push(mock.gateway, mock.gateway.stats);
    for (const c of [client, wrongToken, wrongKey, viaEnvelope, echo, echo200]) c.free();
  } finally {
    await mock.close();
    console.error = origError;
    console.warn = origWarn;
    console.log = origLog;
  }
  const hits = [...scan('captured', captured), ...scan('log', logs)];
  assert.deepEqual(hits, []);
  assert.ok(captured.length > 35, `${captured.length} renderings scanned`);
});

test('every CLI failure path: no key, token, secret or unmasked PII in stdout or stderr', async () => {
  const bin = join(CONSUMER, 'node_modules/.bin/yjt-sso');
  const mock = await startMockGateway({ ...creds, users: [user] });
  const env = {
    PATH: process.env.PATH, YJT_ENV: 'test', YJT_APP_CODE: creds.appCode, YJT_APP_KEY: creds.appKey, YJT_PAAS_ID: creds.paasId,
    YJT_PAAS_TOKEN: creds.paasToken, YJT_APP_SECRET: creds.appSecret, YJT_BASE_URL: mock.baseUrl,
  };
  const outputs = [];
  const run = async (args, extra = {}) => {
    // Async spawn: the mock serves from this process's event loop.
    const { spawn } = await import('node:child_process');
    const p = spawn(bin, args, { env: { ...env, ...extra } });
    let o = '';
    p.stdout.on('data', (d) => (o += d));
    p.stderr.on('data', (d) => (o += d));
    await new Promise((r) => p.on('close', r));
    outputs.push(o);
  };
  try {
    await run(['exchange', '--code', mock.gateway.issueCode(user)]); // success, masked
    await run(['exchange', '--code', 'f'.repeat(32)]);
    await run(['exchange', '--code', 'x y']);
    await run(['exchange', '--code', 'abc'], { YJT_PAAS_TOKEN: 'TOKEN-other' });
    await run(['exchange', '--code', 'abc'], { YJT_APP_KEY: creds.paasToken });
    await run(['exchange', '--code', 'abc'], { YJT_BASE_URL: 'http://127.0.0.1:9/api' });
    await run(['headers']);
    await run(['decrypt', 'zz']);
    await run(['decrypt', user.certificateNo]);
    await run(['decrypt', '--key', creds.paasToken, '00']);
    await run(['encrypt', '--encoding', 'bogus', 'x']);
    await run(['sign', '--timestamp', 'x', '--nonce', 'n']);
  } finally {
    await mock.close();
  }
  const hits = scan('cli', outputs);
  assert.deepEqual(hits, []);
  assert.equal(spawnSync(bin, ['help']).status, 0);
});

// -------------------------------------------------------------------------------------------
describe('YjtClient redaction', () => {
  test('the client renders without secrets; its inspect view is the redacted one', () => {
    const c = new m.YjtClient(baseConfig());
    assertNoSecrets([c, { c }]);
    // The view itself, not only the absence of secrets: the redaction hook is what renders it.
    const want = `{ env: 'test', appCode: '${CREDS.appCode}', timeoutMs: 10000, secrets: '[REDACTED]' }`;
    const oneLine = { breakLength: Infinity };
    assert.equal(util.inspect(c, oneLine), want);
    assert.equal(util.inspect(c, { ...oneLine, showHidden: true }), want);
    assert.equal(util.inspect({ c }, oneLine), `{ c: ${want} }`);
    const deno = c[Symbol.for('Deno.customInspect')];
    assert.equal(typeof deno, 'function', 'Deno.inspect hook');
    assert.deepEqual(JSON.parse(deno.call(c, (v) => JSON.stringify(v), {})), { env: 'test', appCode: CREDS.appCode, timeoutMs: 10000, secrets: '[REDACTED]' });
    assert.deepEqual(JSON.parse(JSON.stringify(c)), { env: 'test', appCode: CREDS.appCode });
    assert.match(String(c), /YjtClient/);
    c.free();
  });
});

// -------------------------------------------------------------------------------------------
describe('buildRequest() inspect view', () => {
  const DENO = Symbol.for('Deno.customInspect');

  for (const [label, gateway, header] of [
    ['default header name', undefined, 'x-tsp-appSecret'],
    ['renamed header (no "secret" in its name)', { appSecretHeader: 'credential' }, 'x-tsp-credential'],
    ['other prefix', { prefix: 'x-tif', appSecretHeader: 'AppKey2' }, 'x-tif-AppKey2'],
  ]) {
    test(`hides the appSecret header value, the object still carries it (${label})`, () => {
      const client = new m.YjtClient(baseConfig({ gateway, fetch: fakeFetch().fetch }));
      for (const req of [client.buildRequest('abc'), m.buildExchangeRequest(baseConfig({ gateway }), 'abc')]) {
        assert.equal(req.headers[header], CREDS.appSecret, 'the real header is there to be sent');
        const views = [util.inspect(req), util.inspect(req, { depth: 5, showHidden: true }), util.inspect({ req }, { depth: 5 }), util.format('%o', req)];
        for (const v of views) {
          assert.ok(!v.includes(CREDS.appSecret), `appSecret in ${v}`);
          assert.match(v, /\[REDACTED\]/);
          assert.match(v, /code=abc/, 'the rest of the request is shown');
        }
        // Deno's inspect hook gives the same redacted view.
        assert.equal(typeof req[DENO], 'function');
        const denoView = req[DENO].call(req, (v) => JSON.stringify(v), {});
        assert.ok(!denoView.includes(CREDS.appSecret));
        assert.equal(JSON.parse(denoView).headers[header], '[REDACTED]');
      }
      client.free();
    });
  }
});

// -------------------------------------------------------------------------------------------
for (const [entry, m] of ENTRIES) {
  const parse = parser(m);

  describe(`parseExchangeResponse (${entry})`, () => {
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
}

// -------------------------------------------------------------------------------------------
describe('GatewayClient redaction', () => {
  test('util.inspect / JSON.stringify / toString show no secrets; the inspect view is the redacted one', () => {
    const c = new m.GatewayClient(options());
    assertNoSecrets([c, { c }]);
    const want = `{ serviceId: '${SERVICE_ID}', host: 'gw.example:443', timeoutMs: 10000, secrets: '[REDACTED]' }`;
    assert.equal(util.inspect(c, { breakLength: Infinity }), want);
    assert.equal(util.inspect(c, { breakLength: Infinity, showHidden: true }), want);
    assert.equal(JSON.stringify(c), JSON.stringify({ serviceId: SERVICE_ID, host: 'gw.example:443' }));
    assert.equal(String(c), `GatewayClient { serviceId: ${SERVICE_ID}, host: gw.example:443 }`);
    assert.equal(typeof c[Symbol.for('Deno.customInspect')], 'function');
    c.free();
  });
});

test('request objects: the appSecret header is [REDACTED] in inspect; JSON.stringify and structuredClone carry it (as documented)', async () => {
  const { esm: m, CREDS } = await import('./_pkg.mjs');
  const util = await import('node:util');
  const gh = m.gatewayHeaders({ paasId: CREDS.paasId, paasToken: CREDS.paasToken, appSecret: CREDS.appSecret, serviceId: 'S' });
  const ex = m.buildExchangeRequest({ env: 'test', ...CREDS }, 'abc');
  for (const r of [gh, ex]) {
    const shown = util.inspect(r, { depth: 5 });
    assert.ok(!shown.includes(CREDS.appSecret) && shown.includes('[REDACTED]'), shown);
    assert.ok(!shown.includes(CREDS.paasToken));
    assert.ok(JSON.stringify(r).includes(CREDS.appSecret), 'JSON.stringify reveals it (documented)');
    assert.ok(JSON.stringify(structuredClone(r)).includes(CREDS.appSecret), 'structuredClone too (documented)');
  }
  assert.equal(gh['x-tsp-appSecret'], CREDS.appSecret, 'the value sent is the real one');
});

test('gateway text: an echoed one-time code, a disguised token and invisible characters stay out of messages', async () => {
  const { esm: m, baseConfig, CREDS } = await import('./_pkg.mjs');
  const answer = (errmsg) => async () => new Response(JSON.stringify({ errcode: 1, errmsg }), { status: 200 });
  const code = 'abcdefghijk';
  const spaced = CREDS.paasToken.split('').join(' ');
  for (const [errmsg, banned] of [
    [`code ${code} 已使用`, code],
    [`bad token ${spaced}`, spaced],
    ['bad \u202Eroot\u200B x', '\u202E'],
  ]) {
    const client = new m.YjtClient(baseConfig({ fetch: answer(errmsg) }));
    const e = await client.exchangeCode(code).catch((x) => x);
    assert.equal(e.code, 'GATEWAY_FAILURE');
    assert.ok(!e.message.includes(banned), e.message);
    client.free();
  }
});
