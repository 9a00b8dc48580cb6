// 命令行的对接体验：模拟网关打印演示凭据、遵从 YJT_ENV / --env、文档中的 --config 与 --users 示例可用、
// 配置错误点明环境变量与 --config、英文部分不含中文。
// The CLI as an integrator meets it: mock-gateway prints the demo credentials it uses and honours
// YJT_ENV / --env; the documented --config and --users examples work; config errors name the env
// var and --config; English halves hold no Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bin, run } from './_cli.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HAN = /\p{Script=Han}/u;


/** Starts `yjt-sso mock-gateway --port 0 …`; resolves once its startup lines are printed. */
async function startMock(args, env = {}) {
  const p = spawn(bin, ['mock-gateway', '--port', '0', ...args], { env: { PATH: process.env.PATH, ...env } });
  let out = '';
  p.stderr.on('data', (d) => (out += d));
  const baseUrl = await new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/data_center\/gateway\/common\/api)/);
      if (m && /demo API/.test(out)) resolve(m[1]);
    });
    p.on('exit', () => reject(new Error(`mock-gateway exited: ${out}`)));
  });
  const codes = Object.fromEntries([...out.matchAll(/^ {2}(\S+) \(.*\): code (\S+)$/gm)].map((m) => [m[1], m[2]]));
  const stop = async () => {
    // One round trip first: the SIGTERM handler is installed just after the startup lines.
    await fetch(baseUrl.replace('/data_center/gateway/common/api', '/__mock/health'));
    const exited = new Promise((resolve) => p.on('exit', (c) => resolve(c)));
    p.kill('SIGTERM');
    assert.equal(await exited, 0);
  };
  return { baseUrl, codes, output: () => out, stop };
}

/** `YJT_X=value` pairs printed by mock-gateway. */
const envPairs = (text) => Object.fromEntries([...text.matchAll(/\b(YJT_[A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]));

/** The first ```json block after `marker` in the README. */
function readmeJson(marker) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README has ${marker}`);
  const m = readme.slice(at).match(/```json\n([^]*?)```/);
  assert.ok(m, `a json block after ${marker}`);
  return m[1];
}

const squash = (s) => s.replace(/\s+/g, '');

test('mock-gateway prints every demo credential it uses, and exchange works with exactly those', async () => {
  const mock = await startMock([]);
  try {
    const out = mock.output();
    assert.ok(!/see the README/.test(out), 'no pointer to a README that does not list them');
    const printed = envPairs(out);
    for (const k of ['YJT_APP_CODE', 'YJT_APP_KEY', 'YJT_PAAS_ID', 'YJT_PAAS_TOKEN', 'YJT_APP_SECRET', 'YJT_ENV', 'YJT_BASE_URL']) {
      assert.ok(printed[k], `prints ${k}`);
    }
    assert.equal(printed.YJT_APP_KEY, 'A7E2D00B4058086CBD3D4B8A5E0B2697');
    // The README lists the same demo values.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const k of ['YJT_APP_CODE', 'YJT_APP_KEY', 'YJT_PAAS_ID', 'YJT_PAAS_TOKEN', 'YJT_APP_SECRET']) {
      assert.ok(readme.includes(`${k}=${printed[k]}`), `README lists ${k}`);
    }
    const [userId, code] = Object.entries(mock.codes)[0];
    const r = await run(['exchange', '--json', '--code', code], { env: printed });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).userId, userId);
  } finally {
    await mock.stop();
  }
});

test('mock-gateway never prints a credential the caller configured', async () => {
  const mine = { YJT_APP_CODE: 'HOSP000001', YJT_APP_KEY: '0123456789ABCDEF0123456789ABCDEF', YJT_PAAS_ID: 'paas-001', YJT_PAAS_TOKEN: 'tok-SECRET-123', YJT_APP_SECRET: 'app-SECRET-456' };
  const mock = await startMock([], mine);
  try {
    const out = mock.output();
    for (const s of [mine.YJT_APP_KEY, mine.YJT_PAAS_TOKEN, mine.YJT_APP_SECRET]) assert.ok(!out.includes(s));
    assert.ok(!/demo-paas-token|A7E2D00B/.test(out), 'no demo credential claimed when none is used');
  } finally {
    await mock.stop();
  }
});

test('mock-gateway honours YJT_ENV=production: exchange with YJT_ENV=production succeeds', async () => {
  const mock = await startMock([], { YJT_ENV: 'production' });
  try {
    assert.match(mock.output(), /production.*DGSP_1911981103558230017/);
    const env = { ...envPairs(mock.output()), YJT_ENV: 'production' };
    const [userId, code] = Object.entries(mock.codes)[0];
    const r = await run(['exchange', '--json', '--code', code], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).userId, userId);
    // The test env's service ID is now the mismatch.
    const [, code2] = Object.entries(mock.codes)[0];
    const wrong = await run(['exchange', '--code', code2], { env: { ...env, YJT_ENV: 'test' } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /errcode=2/);
  } finally {
    await mock.stop();
  }
});

test('mock-gateway --env production wins over YJT_ENV; a bad env is a usage error', async () => {
  const mock = await startMock(['--env', 'production'], { YJT_ENV: 'test' });
  try {
    const env = { ...envPairs(mock.output()), YJT_ENV: 'production' };
    const r = await run(['exchange', '--json', '--code', Object.values(mock.codes)[0]], { env });
    assert.equal(r.code, 0, r.stderr);
  } finally {
    await mock.stop();
  }
  const bad = await run(['mock-gateway', '--port', '0', '--env', 'prod']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /YJT_ENV/);
});

test('the documented --config and --users examples (README = help) work end to end', async () => {
  const config = readmeJson('<!-- cli-config-example -->');
  const users = readmeJson('<!-- cli-users-example -->');
  const help = (await run(['help'])).stdout;
  assert.ok(squash(help).includes(squash(config)), 'the help shows the README config example');
  assert.ok(squash(help).includes(squash(users)), 'the help shows the README users example');
  const mockHelp = (await run(['mock-gateway', '--help'])).stdout;
  assert.ok(squash(mockHelp).includes(squash(users)));
  const dir = mkdtempSync(join(tmpdir(), 'yjt-cli-doc-'));
  const cfgFile = join(dir, 'config.json');
  const usersFile = join(dir, 'users.json');
  writeFileSync(cfgFile, config);
  writeFileSync(usersFile, users);
  const documented = JSON.parse(users)[0];
  const mock = await startMock(['--config', cfgFile, '--users', usersFile]);
  try {
    assert.ok(!/demo credentials/.test(mock.output()), 'the config file supplied every credential');
    const code = mock.codes[documented.userId];
    assert.ok(code, 'a code for the documented user');
    // The file verbatim; --base-url only points it at this mock's port.
    const r = await run(['exchange', '--config', cfgFile, '--base-url', mock.baseUrl, '--json', '--unmasked', '--code', code]);
    assert.equal(r.code, 0, r.stderr);
    const user = JSON.parse(r.stdout);
    for (const k of Object.keys(documented)) assert.deepEqual(user[k], documented[k], k);
  } finally {
    await mock.stop();
  }
});

test('config errors name the env var and --config, once per language; English halves hold no Chinese', async () => {
  const h = await run(['headers']);
  assert.equal(h.code, 1);
  assert.match(h.stderr, /INVALID_CONFIG/);
  assert.match(h.stderr, /YJT_APP_CODE/);
  assert.match(h.stderr, /--config/);
  // Line 1: the core's error (Chinese, then English in parentheses); line 2: where to set the field.
  const [error, hint] = h.stderr.trim().split('\n');
  const coreEn = error.match(/\((config field appCode: [^)]*)\)$/);
  assert.ok(coreEn && !HAN.test(coreEn[1]), `English half: ${error}`);
  const [zh, en] = hint.split(' / ');
  assert.ok(HAN.test(zh), zh);
  assert.ok(en !== undefined && !HAN.test(en), `English half: ${en}`);
  assert.match(en, /set the YJT_APP_CODE environment variable/);
  assert.equal(h.stderr.match(/appCode/g).length, 4, 'field named once per language in the error and once per language in the file hint');

  const bad = await run(['headers'], { env: { YJT_APP_CODE: 'H1', YJT_APP_KEY: 'A7E2D00B4058086CBD3D4B8A5E0B2697', YJT_PAAS_ID: 'p', YJT_PAAS_TOKEN: 't', YJT_ENV: 'prod' } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /YJT_ENV/);
  assert.match(bad.stderr, /--env/);

  for (const [args, flag, envVar] of [
    [['encrypt', 'x'], '--key', 'YJT_APP_KEY'],
    [['sign', '--timestamp', '1', '--nonce', 'n'], '--token', 'YJT_PAAS_TOKEN'],
  ]) {
    const r = await run(args);
    assert.equal(r.code, 2);
    const line = r.stderr.split('\n')[0];
    const en = line.slice(line.lastIndexOf(' / ') + 3);
    assert.ok(!HAN.test(en), `English half: ${en}`);
    assert.ok(line.includes(flag) && line.includes(envVar), line);
  }
});
