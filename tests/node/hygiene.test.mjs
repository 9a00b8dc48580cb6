// 密钥与个人信息卫生：驱动客户端、模拟网关、命令行的每条失败路径，扫描所有错误消息、cause 链、
// inspect / JSON.stringify 输出与日志行，密钥、令牌、appSecret 与测试用户的明文证件号、手机号、姓名出现 0 次。
// Secret hygiene across the client, the mock and the CLI: every failure path, every rendering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { esm as m, PKG_DIR, CONSUMER } from './_pkg.mjs';
import { renderings } from './_assert.mjs';

const { startMockGateway, createMockGateway, MOCK_API_PATH } = await import(pathToFileURL(join(PKG_DIR, 'mock.mjs')).href);

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
