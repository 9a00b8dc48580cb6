// 命令行：每个子命令、退出码，以及输出中绝无密钥/令牌/明文个人信息。
// The CLI from the installed tarball's bin: every subcommand, exit codes, and that secrets and
// unmasked PII never appear in stdout or stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createDecipheriv } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bin, consumer, KEY, creds, envCreds, run } from './_cli.mjs';

const { startMockGateway } = await import(pathToFileURL(join(consumer, 'node_modules/yjt-sso/mock.mjs')).href);

const alice = { userId: 'u-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X' };
const SECRETS = [KEY, KEY.toLowerCase(), creds.paasToken, creds.appSecret];
const PII = [alice.name, alice.phone, alice.certificateNo];


const noSecrets = (out, extra = []) => {
  for (const s of [...SECRETS, ...extra]) assert.ok(!out.includes(s), `output leaks ${s.slice(0, 3)}…`);
};

test('encrypt / decrypt / verify agree with the seed vectors and OpenSSL; key never echoed', async () => {
  const e = await run(['encrypt', '--key', KEY, '小明']);
  assert.equal(e.code, 0);
  assert.equal(e.stdout.trim(), '0a504c329ff631c16bd487b2fdc3489f');
  noSecrets(e.all);
  const up = await run(['encrypt', '--encoding', 'HEX', '13800138000'], { env: { YJT_APP_KEY: KEY } });
  assert.equal(up.stdout.trim(), '791410F8740FEDE1AD58D8EBD8BA1B0D');
  const b64 = await run(['encrypt', '--key', KEY, '--encoding', 'base64', 'hello 粤健通']);
  const d = createDecipheriv('sm4-ecb', Buffer.from(KEY, 'hex'), null);
  assert.equal(Buffer.concat([d.update(Buffer.from(b64.stdout.trim(), 'base64')), d.final()]).toString('utf8'), 'hello 粤健通');
  const dec = await run(['decrypt', '--reveal', '0A504C329FF631C16BD487B2FDC3489F'], { env: { YJT_APP_KEY: KEY } });
  assert.equal(dec.stdout.trim(), '小明');
  assert.equal((await run(['verify', '--key', KEY, '0a504c329ff631c16bd487b2fdc3489f', '小明'])).code, 0);
  const no = await run(['verify', '--key', KEY, '0a504c329ff631c16bd487b2fdc3489f', '小红']);
  assert.equal(no.code, 1);
  assert.equal(no.stdout.trim(), 'false');
});

test('operation failures exit 1 with the error code; the key is not echoed', async () => {
  const badKey = 'SECRET-not-a-key-99';
  const r = await run(['decrypt', '--key', badKey, '00']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\[INVALID_KEY\]/);
  assert.ok(!r.all.includes(badKey));
  const d = await run(['decrypt', '--key', KEY, '00112233445566778899aabbccddeeff']);
  assert.equal(d.code, 1);
  assert.match(d.stderr, /\[DECRYPT_FAILED\]/);
});

test('usage errors exit 2', async () => {
  for (const args of [[], ['frob'], ['encrypt', '--key', KEY], ['encrypt', '--key', KEY, '--encoding', 'utf8', 'x'], ['encrypt', '--bogus', 'x'], ['sign', '--timestamp', '1'], ['exchange']]) {
    const r = await run(args, { env: { YJT_PAAS_TOKEN: 'x' } });
    assert.equal(r.code, 2, args.join(' '));
  }
  const h = await run(['help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /用法 \/ usage/);
});

test('sign matches SHA-256 over timestamp+token+nonce+timestamp', async () => {
  const r = await run(['sign', '--timestamp', '1700000000', '--nonce', 'abcdef0123456789'], { env: { YJT_PAAS_TOKEN: creds.paasToken } });
  assert.equal(r.code, 0);
  const want = createHash('sha256').update('1700000000' + creds.paasToken + 'abcdef0123456789' + '1700000000').digest('hex').toUpperCase();
  assert.equal(r.stdout.trim(), want);
  noSecrets(r.all);
  const lc = await run(['sign', '--timestamp', '1', '--token', 't', '--nonce', 'n', '--lowercase']);
  assert.equal(lc.stdout.trim(), createHash('sha256').update('1tn1').digest('hex'));
});

test('headers prints the full request with the appSecret redacted (shown only with --unmasked)', async () => {
  const r = await run(['headers', '--code', 'abc', '--timestamp', '1700000000', '--nonce', 'n1'], { env: envCreds });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.headers['x-tsp-appSecret'], '[REDACTED]');
  assert.equal(out.headers['x-tsp-signature'], createHash('sha256').update('1700000000' + creds.paasToken + 'n1' + '1700000000').digest('hex').toUpperCase());
  assert.match(out.url, /\?appCode=HOSP000001&command=01&code=abc&businessType=1$/);
  noSecrets(r.all);
  const u = await run(['headers', '--unmasked'], { env: envCreds });
  assert.equal(JSON.parse(u.stdout).headers['x-tsp-appSecret'], creds.appSecret);
  assert.ok(!u.all.includes(creds.paasToken) && !u.all.includes(KEY), 'token and key stay hidden even with --unmasked');
});

test('exchange: masked by default, --unmasked and --json on request, config file, errors exit 1', async () => {
  const mock = await startMockGateway({ ...creds, users: [alice] });
  try {
    const env = { ...envCreds, YJT_BASE_URL: mock.baseUrl };
    const r = await run(['exchange', '--code', mock.gateway.issueCode(alice)], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /138\*\*\*\*8000/);
    noSecrets(r.all, PII);
    const j = await run(['exchange', '--json', '--unmasked', '--code', mock.gateway.issueCode(alice)], { env });
    const user = JSON.parse(j.stdout);
    assert.equal(user.phone, alice.phone);
    assert.equal(user.certificateNo, alice.certificateNo);
    noSecrets(j.all);
    const dir = mkdtempSync(join(tmpdir(), 'yjt-cli-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ env: 'test', ...creds, baseUrl: mock.baseUrl }));
    const f = await run(['exchange', '--config', file, '--json', '--code', mock.gateway.issueCode(alice)]);
    assert.equal(f.code, 0, f.stderr);
    assert.equal(JSON.parse(f.stdout).phone, '138****8000');
    const used = await run(['exchange', '--code', 'f'.repeat(32)], { env });
    assert.equal(used.code, 1);
    assert.match(used.stderr, /\[GATEWAY_FAILURE\] \(errcode=1 status=200\)/);
    noSecrets(used.all, PII);
    const badCfg = await run(['exchange', '--code', 'abc'], { env: { ...env, YJT_APP_KEY: 'SECRET-short' } });
    assert.equal(badCfg.code, 1);
    assert.match(badCfg.stderr, /INVALID_CONFIG/);
    assert.ok(!badCfg.all.includes('SECRET-short'));
  } finally {
    await mock.close();
  }
});

test('mock-gateway subcommand serves, issues codes over HTTP, and stops on SIGTERM', async () => {
  const p = spawn(bin, ['mock-gateway', '--port', '0'], { env: { PATH: process.env.PATH, ...envCreds } });
  let out = '';
  p.stderr.on('data', (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+)\/data_center/);
      if (m) resolve(m[1]);
    });
    p.on('exit', () => reject(new Error(`mock-gateway exited: ${out}`)));
  });
  const res = await fetch(`${url}/__mock/codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: '2025000000000001' }) });
  const { code } = await res.json();
  const r = await run(['exchange', '--json', '--code', code], { env: { ...envCreds, YJT_BASE_URL: `${url}/data_center/gateway/common/api` } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).userId, '2025000000000001');
  const exited = new Promise((resolve) => p.on('exit', (c) => resolve(c)));
  p.kill('SIGTERM');
  assert.equal(await exited, 0);
  noSecrets(out);
});
