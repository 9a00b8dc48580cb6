// 命令行 call（网关上的其他接口）与每个子命令的 --help。
// The CLI's `call` subcommand end to end against the `mock-gateway` subcommand (its demo API,
// command=02), and `<subcommand> --help` for every subcommand (exit 0, that subcommand's usage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bin, KEY, creds, envCreds, run } from './_cli.mjs';


// The mock-gateway subcommand's demo user.
const DEMO = { userId: '2025000000000001', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X' };
const SECRETS = [KEY, KEY.toLowerCase(), creds.paasToken, creds.appSecret];
const PII = [DEMO.name, DEMO.phone, DEMO.certificateNo];


const noSecrets = (out, extra = []) => {
  for (const s of [...SECRETS, ...extra]) assert.ok(!out.includes(s), `output leaks ${s.slice(0, 3)}…`);
};

/** Starts `yjt-sso mock-gateway --port 0`; resolves to its API URL and a stop function. */
async function startCliMock() {
  const p = spawn(bin, ['mock-gateway', '--port', '0'], { env: { PATH: process.env.PATH, ...envCreds } });
  let out = '';
  p.stderr.on('data', (d) => (out += d));
  const baseUrl = await new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => {
      out += d;
      // The demo line is printed last, right before the signal handlers are installed.
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/data_center\/gateway\/common\/api)/);
      if (m && out.includes('demo API:')) resolve(m[1]);
    });
    p.on('exit', () => reject(new Error(`mock-gateway exited: ${out}`)));
  });
  return {
    baseUrl,
    output: () => out,
    async stop() {
      const exited = new Promise((resolve) => p.on('exit', (c) => resolve(c)));
      p.kill('SIGTERM');
      return exited;
    },
  };
}

test('call: GET and POST against the mock-gateway subcommand; data masked by default, --unmasked, config file', async () => {
  const mock = await startCliMock();
  try {
    assert.match(mock.output(), /yjt-sso call --base-url .* --query command=02/, 'the mock prints the demo call');
    const env = { ...envCreds, YJT_BASE_URL: mock.baseUrl };
    const g = await run(['call', '--query', 'command=02', '--query', `userId=${DEMO.userId}`], { env });
    assert.equal(g.code, 0, g.stderr);
    const out = JSON.parse(g.stdout);
    assert.equal(out.status, 200);
    assert.equal(out.data.userId, DEMO.userId);
    assert.equal(out.data.phone, '138****8000');
    assert.notEqual(out.data.name, DEMO.name);
    assert.notEqual(out.data.certificateNo, DEMO.certificateNo);
    noSecrets(g.all, PII);

    const p = await run(['call', '--method', 'POST', '--query', 'command=02', '--data', JSON.stringify({ userId: DEMO.userId }), '--unmasked'], { env });
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(JSON.parse(p.stdout), { status: 200, data: DEMO });
    noSecrets(p.all);

    // --data implies POST; the base URL from --path-base-url; credentials from --config.
    const dir = mkdtempSync(join(tmpdir(), 'yjt-call-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ env: 'test', ...creds }));
    const f = await run(['call', '--config', file, '--path-base-url', mock.baseUrl, '--query', 'command=02', '--data', `{"userId":"${DEMO.userId}"}`]);
    assert.equal(f.code, 0, f.stderr);
    assert.equal(JSON.parse(f.stdout).data.phone, '138****8000');
    noSecrets(f.all, PII);
  } finally {
    assert.equal(await mock.stop(), 0);
  }
});

test('call: service and gateway failures exit 1 with the code and errcode; usage errors exit 2', async () => {
  const mock = await startCliMock();
  try {
    const env = { ...envCreds, YJT_BASE_URL: mock.baseUrl };
    const missing = await run(['call', '--query', 'command=02', '--query', 'userId=nobody'], { env });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /\[GATEWAY_FAILURE\] \(errcode=404 status=200\)/);
    const badToken = await run(['call', '--query', 'command=02'], { env: { ...env, YJT_PAAS_TOKEN: 'tok-wrong' } });
    assert.equal(badToken.code, 1);
    assert.match(badToken.stderr, /\[GATEWAY_SIGNATURE\] \(errcode=3/);
    noSecrets(missing.all + badToken.all, PII);
    for (const args of [['call', '--query', 'novalue'], ['call', '--data', '{bad'], ['call', '--method', 'PUT'], ['call', '--method', 'GET', '--data', '{}']]) {
      const r = await run(args, { env });
      assert.equal(r.code, 2, args.join(' '));
    }
    const http = await run(['call', '--base-url', 'http://gateway.example/api'], { env });
    assert.equal(http.code, 1);
    assert.match(http.stderr, /\[INVALID_CONFIG\].*baseUrl/);
  } finally {
    await mock.stop();
  }
});

test('<subcommand> --help prints that subcommand\'s help and exits 0', async () => {
  for (const cmd of ['encrypt', 'decrypt', 'verify', 'sign', 'headers', 'exchange', 'call', 'mock-gateway']) {
    for (const flag of ['--help', '-h']) {
      const r = await run([cmd, flag]);
      assert.equal(r.code, 0, `${cmd} ${flag}: ${r.stderr}`);
      assert.ok(r.stdout.startsWith(`yjt-sso ${cmd} `), `${cmd} ${flag}: ${r.stdout.slice(0, 80)}`);
      assert.equal(r.stderr, '');
    }
  }
  // --help wins over other (even invalid) flags and missing arguments.
  const r = await run(['exchange', '--bogus', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--code C/);
  // After `--` it is a positional, not a flag.
  const e = await run(['encrypt', '--key', KEY, '--', '--help']);
  assert.equal(e.code, 0);
  assert.match(e.stdout.trim(), /^[0-9a-f]{32}$/);
});
