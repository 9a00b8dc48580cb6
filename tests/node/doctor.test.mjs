// yjt-sso doctor：每种故障模式（令牌、appSecret、service ID、时钟、小写网关、不可达）与全部通过；
// --json 形态、退出码，以及输出中绝无密钥、code 或个人信息。
// The doctor subcommand from the installed tarball's bin, in each failure mode and the all-good
// case: text and --json output, exit codes, and no secret, code or PII in any output.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bin, consumer, KEY, creds, envCreds, run as runCli } from './_cli.mjs';

const { startMockGateway, createMockGateway, MOCK_API_PATH } = await import(pathToFileURL(join(consumer, 'node_modules/yjt-sso/mock.mjs')).href);
const { GATEWAY_PRESETS } = await import(pathToFileURL(join(consumer, 'node_modules/yjt-sso/index.mjs')).href);

const alice = { userId: 'u-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X' };
const WRONG_TOKEN = 'tok-WRONG-777';
const WRONG_SECRET = 'app-WRONG-888';
const SECRETS = [KEY, KEY.toLowerCase(), creds.paasToken, creds.appSecret, WRONG_TOKEN, WRONG_SECRET];
const PII = [alice.name, alice.phone, alice.certificateNo];
const IDS = ['config', 'reach', 'clock', 'signature'];

const run = (args, env) => runCli(args, { env });

function clean(out, codes = []) {
  for (const s of [...SECRETS, ...PII, ...codes]) assert.ok(!out.includes(s), `output leaks ${s.slice(0, 3)}…`);
  assert.doesNotMatch(out, /doctor[0-9a-f]{26}/, 'the probe code is never printed');
}

/** Runs doctor twice (text, --json); checks the JSON shape and that both agree on the exit code. */
async function doctor(env, extra = [], { detect = false } = {}) {
  const args = ['doctor', ...(detect ? ['--detect'] : []), ...extra];
  const text = await run(args, env);
  const json = await run([...args, '--json'], env);
  clean(text.all);
  clean(json.all);
  const report = JSON.parse(json.stdout);
  assert.deepEqual(Object.keys(report).sort(), ['checks', 'ok', 'unverified']);
  assert.ok(Array.isArray(report.unverified));
  assert.equal(typeof report.ok, 'boolean');
  const ids = [...IDS, ...(detect ? ['variant'] : []), ...(extra.includes('--code') ? ['appKey'] : [])];
  assert.deepEqual(report.checks.map((c) => c.id), ids);
  for (const c of report.checks) {
    assert.deepEqual(Object.keys(c).sort(), ['detail', 'id', 'ok']);
    assert.equal(typeof c.ok, 'boolean');
    assert.equal(typeof c.detail, 'string');
  }
  assert.equal(report.ok, report.checks.every((c) => c.ok));
  assert.equal(json.code, report.ok ? 0 : 1);
  assert.equal(text.code, json.code);
  // The text ends with the redacted report for the 项目组.
  assert.match(text.stdout, /report for the 项目组 \(redacted\)[\s\S]*appCode: +\S+[\s\S]*paasId: +\S+[\s\S]*env: +test[\s\S]*serviceId: +DGSP_\d+[\s\S]*baseUrl: +http[\s\S]*SDK: +yjt-sso \d+\.\d+\.\d+[\s\S]*runtime: +Node v/);
  // Secrets appear in the report as set/length only: no character of them, no full signature.
  if (env.YJT_PAAS_TOKEN) assert.match(text.stdout, new RegExp(`paasToken: +已设置，${[...env.YJT_PAAS_TOKEN].length} 个字符.* / set, ${[...env.YJT_PAAS_TOKEN].length} characters`));
  assert.doesNotMatch(text.stdout, /(appKey|paasToken|appSecret): +\S*\*\*\*\*/, 'no first/last characters of a secret');
  assert.doesNotMatch(text.stdout, /[0-9A-Fa-f]{64}/, 'no full signature');
  const by = Object.fromEntries(report.checks.map((c) => [c.id, c]));
  return { text, json, report, by };
}

const mock = await startMockGateway({ ...creds, users: [alice] });
const lower = await startMockGateway({ ...creds, users: [alice], gateway: { signatureCase: 'lower' }, strict: true });
after(() => Promise.all([mock.close(), lower.close()]));
const env = { ...envCreds, YJT_BASE_URL: mock.baseUrl };

test('doctor: all good → exit 0, every check ok, and no user code is consumed', async () => {
  const code = mock.gateway.issueCode(alice);
  const before = mock.gateway.stats.exchanges;
  const { text, report, by } = await doctor(env);
  assert.equal(text.code, 0, text.all);
  assert.equal(report.ok, true);
  assert.match(by.reach.detail, new RegExp(`TCP 127\\.0\\.0\\.1:${new URL(mock.url).port}`));
  assert.match(by.reach.detail, /proxy: none set/);
  assert.match(by.signature.detail, /accepted/);
  assert.equal(mock.gateway.stats.exchanges, before, 'no identity was handed out');
  clean(text.all, [code]);
  // The issued code still works: doctor never used it.
  const ex = await run(['exchange', '--json', '--code', code], env);
  assert.equal(ex.code, 0, ex.stderr);
});

test('doctor: config file and flags are read like exchange; proxies are reported without credentials', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'yjt-doctor-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ env: 'test', ...creds }));
  const { report, by } = await doctor({ HTTPS_PROXY: 'http://user:proxy-PASS-1@proxy.example:3128', NO_PROXY: '127.0.0.1' }, ['--config', file, '--base-url', mock.baseUrl]);
  assert.equal(report.ok, true);
  assert.match(by.reach.detail, /HTTPS_PROXY=http:\/\/\*\*\*\*@proxy\.example:3128/);
  assert.match(by.reach.detail, /NO_PROXY/);
  assert.match(by.reach.detail, /Node's fetch ignores them/);
  assert.ok(!by.reach.detail.includes('proxy-PASS-1'));
});

test('doctor: wrong token → signature fails with the masked string-to-sign, timestamp, nonce and signature', async () => {
  const { report, by, text } = await doctor({ ...env, YJT_PAAS_TOKEN: WRONG_TOKEN });
  assert.equal(report.ok, false);
  assert.equal(by.signature.ok, false);
  assert.match(by.signature.detail, /errcode=3/);
  const m = by.signature.detail.match(/string-to-sign: <(\d+)><paasToken: 已设置，13 个字符 \/ set, 13 characters><([0-9a-f]+)><(\d+)>/);
  assert.ok(m, by.signature.detail);
  assert.equal(m[1], m[3]);
  assert.match(by.signature.detail, new RegExp(`timestamp ${m[1]}, nonce ${m[2]}, .*signature sent \\(upper\\): [0-9A-F]{8}…\n`));
  assert.doesNotMatch(by.signature.detail, /to\*\*\*\*77|signature sent \(upper\): [0-9A-F]{9}/);
  assert.equal(by.config.ok, true);
  assert.equal(text.code, 1);
});

test('doctor: wrong appSecret → signature fails naming the appSecret', async () => {
  const { report, by } = await doctor({ ...env, YJT_APP_SECRET: WRONG_SECRET });
  assert.equal(report.ok, false);
  assert.match(by.signature.detail, /errcode=3[\s\S]*appSecret 不匹配[\s\S]*a wrong appSecret/);
  assert.match(by.signature.detail, /string-to-sign: <\d+><paasToken: 已设置，14 个字符 \/ set, 14 characters>/);
});

test('doctor: paasToken equal to appSecret → config fails, no probe', async () => {
  const { report, by } = await doctor({ ...env, YJT_APP_SECRET: creds.paasToken });
  assert.equal(report.ok, false);
  assert.equal(by.config.ok, false);
  assert.match(by.config.detail, /paasToken and appSecret are equal/);
  assert.match(by.signature.detail, /not probed/);
});

test('doctor: wrong service ID → config warns (other env preset), signature echoes errcode 2 service-id message', async () => {
  const { report, by } = await doctor({ ...env, YJT_SERVICE_ID: GATEWAY_PRESETS.serviceIds.production });
  assert.equal(report.ok, false);
  assert.equal(by.config.ok, true);
  assert.match(by.config.detail, /warning: .*service ID DGSP_1911981103558230017 is the production preset but env=test/);
  assert.match(by.signature.detail, /errcode=2[\s\S]*service ID 不匹配/);
  assert.match(by.signature.detail, /presets: test DGSP_1911964810465574914/);
});

test('doctor: gateway clock 10 minutes ahead → the skew rejection and the clock check both report it', async () => {
  // The mock's `now` does not reach node:http's Date header: serve it here with the same clock.
  const now = () => Date.now() + 10 * 60_000;
  const gw = createMockGateway({ ...creds, users: [alice], now });
  const server = createServer(async (req, res) => {
    const r = await gw.fetch(new Request(`http://127.0.0.1${req.url}`, { headers: Object.entries(req.headers).filter(([, v]) => typeof v === 'string') }));
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain', date: new Date(now()).toUTCString() });
    res.end(await r.text());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${server.address().port}${MOCK_API_PATH}`;
    const { report, by } = await doctor({ ...env, YJT_BASE_URL: base }, [], { detect: true });
    assert.equal(report.ok, false);
    assert.equal(by.clock.ok, false);
    assert.match(by.clock.detail, /the gateway is 60\d s ahead|the gateway is 599 s ahead/);
    assert.match(by.clock.detail, /rejected the timestamp/);
    assert.match(by.clock.detail, /NTP/);
    assert.match(by.signature.detail, /errcode=2[\s\S]*时间戳超出允许范围/);
    assert.match(by.variant.detail, /fix the clock first/);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('doctor --detect: a lowercase-only gateway → the variant check prints the config line', async () => {
  const plain = await doctor({ ...env, YJT_BASE_URL: lower.baseUrl });
  assert.equal(plain.by.signature.ok, false);
  assert.match(plain.by.signature.detail, /try --detect/);
  const before = lower.gateway.stats.requests;
  const { report, by, text } = await doctor({ ...env, YJT_BASE_URL: lower.baseUrl }, [], { detect: true });
  assert.ok(lower.gateway.stats.requests - before <= 2 * 5, 'at most 1 + 4 probes per run');
  assert.equal(report.ok, false, 'the configured variant still fails');
  assert.equal(by.variant.ok, true);
  assert.match(by.variant.detail, /gateway: \{ signatureCase: 'lower' \}/);
  assert.match(text.stdout, /gateway: \{ signatureCase: 'lower' \}/);
  // With that line in the config, every check passes.
  const dir = mkdtempSync(join(tmpdir(), 'yjt-doctor-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ gateway: { signatureCase: 'lower' } }));
  const fixed = await doctor({ ...env, YJT_BASE_URL: lower.baseUrl }, ['--config', file], { detect: true });
  assert.equal(fixed.report.ok, true, fixed.text.stdout);
  assert.equal(fixed.text.code, 0);
});

test('doctor: unreachable host → reach names host:port, later checks are skipped, exit 1', async () => {
  const s = createNetServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  const { report, by, text } = await doctor({ ...env, YJT_BASE_URL: `http://127.0.0.1:${port}${MOCK_API_PATH}` }, [], { detect: true });
  assert.equal(report.ok, false);
  assert.equal(by.reach.ok, false);
  assert.match(by.reach.detail, new RegExp(`TCP 127\\.0\\.0\\.1:${port} .*ECONNREFUSED`));
  assert.match(by.signature.detail, /not probed/);
  assert.match(by.clock.detail, /not measured/);
  assert.equal(text.code, 1);
});

test('doctor: a base URL without the API path → HTTP 404 with the path hint; usage errors exit 2', async () => {
  const { by } = await doctor({ ...env, YJT_BASE_URL: mock.url + '/' });
  assert.equal(by.signature.ok, false);
  assert.match(by.signature.detail, /HTTP 404[\s\S]*must end with the API path \/data_center\/gateway\/common\/api/);
  const bad = await run(['doctor', '--bogus'], env);
  assert.equal(bad.code, 2);
  const missing = await doctor({ YJT_BASE_URL: mock.baseUrl });
  assert.equal(missing.by.config.ok, false);
  assert.match(missing.by.config.detail, /appKey is missing/);
  assert.match(missing.by.signature.detail, /not probed/);
});

test('doctor probes through the one transport: the config\'s maxBodyBytes and timeoutMs apply', async () => {
  const big = 'x'.repeat(4096);
  const server = createServer((req, res) => {
    if (req.url.startsWith('/hang')) return; // never answers
    res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
    res.end(JSON.stringify({ errcode: 1, errmsg: big }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const dir = mkdtempSync(join(tmpdir(), 'yjt-doctor-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ maxBodyBytes: 1024 }));
    const capped = await doctor({ ...env, YJT_BASE_URL: `${base}${MOCK_API_PATH}` }, ['--config', file]);
    assert.equal(capped.by.signature.ok, false);
    assert.match(capped.by.signature.detail, /\[BAD_RESPONSE\] HTTP 200: .*1024/);
    assert.ok(!capped.text.stdout.includes(big), 'the oversized answer is not read into the report');
    const slow = await doctor({ ...env, YJT_BASE_URL: `${base}/hang${MOCK_API_PATH}` }, ['--timeout-ms', '300']);
    assert.equal(slow.by.signature.ok, false);
    assert.match(slow.by.signature.detail, /\[TIMEOUT\]: .*300 ms/);
    assert.match(slow.by.clock.detail, /no answer from the gateway/);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
