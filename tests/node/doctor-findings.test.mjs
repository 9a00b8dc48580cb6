// doctor never overstates, hints only from evidence, masks proxy credentials however written,
// keeps secrets' characters and gateway-planted lines out of the report, treats the Date header
// as unauthenticated, and reads the probe's answer through the capped transport.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KEY, consumer, creds, envCreds, run as runCli } from './_cli.mjs';

const { startMockGateway, createMockGateway, MOCK_API_PATH } = await import(pathToFileURL(join(consumer, 'node_modules/yjt-sso/mock.mjs')).href);

const alice = { userId: 'u-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X' };
const run = (args, env) => runCli(args, { env });
const json = async (args, env) => {
  const r = await run([...args, '--json'], env);
  return { ...r, report: JSON.parse(r.stdout), by: Object.fromEntries(JSON.parse(r.stdout).checks.map((c) => [c.id, c])) };
};

const mock = await startMockGateway({ ...creds, users: [alice] });
after(() => mock.close());
const env = { ...envCreds, YJT_BASE_URL: mock.baseUrl };

/** A local HTTP server; `handler(req, res)`; closed after `fn`. */
async function withServer(handler, fn) {
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('doctor without --code: the appKey is "not verified", the verdict says so, exit 0', async () => {
  const text = await run(['doctor'], env);
  assert.equal(text.code, 0, text.all);
  assert.doesNotMatch(text.stdout, /all checks passed/);
  assert.match(text.stdout, /结论 \/ result: 签名与参数已通过；appKey 未验证 \/ signature and parameters passed; appKey not verified/);
  assert.match(text.stdout, /未验证 \/ not verified .*doctor --code/);
  const { report } = await json(['doctor'], env);
  assert.equal(report.ok, true);
  assert.equal(report.unverified.length, 1);
  assert.match(report.unverified[0], /appKey not verified/);
});

test('doctor --code: a wrong appKey passes the probe but fails the real exchange with DECRYPT_FAILED, naming the appKey', async () => {
  const WRONG_KEY = 'B'.repeat(32);
  const plain = await run(['doctor'], { ...env, YJT_APP_KEY: WRONG_KEY });
  assert.equal(plain.code, 0, 'the probe cannot see the appKey');
  assert.match(plain.stdout, /appKey not verified/);
  const code = mock.gateway.issueCode(alice);
  const r = await run(['doctor', '--code', code], { ...env, YJT_APP_KEY: WRONG_KEY });
  assert.equal(r.code, 1, r.all);
  assert.match(r.stderr, /consumes this one-time code/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stdout, /✘ 失败 appKey +\[DECRYPT_FAILED\][\s\S]*a wrong appKey/);
  assert.ok(!r.all.includes(code) && !r.all.includes(WRONG_KEY));
});

test('doctor --code: a code issued by `yjt-sso mock-gateway` verifies the appKey; the user is shown masked only', async () => {
  const { spawn } = await import('node:child_process');
  const { bin } = await import('./_cli.mjs');
  const p = spawn(bin, ['mock-gateway', '--port', '0'], { env: { PATH: process.env.PATH, ...envCreds } });
  try {
    let out = '';
    await new Promise((resolve, reject) => {
      p.stdout.on('data', (d) => { out += d; if (/code [0-9A-Za-z]{8,}/.test(out) && /listening: (\S+)/.test(out)) resolve(); });
      p.once('exit', () => reject(new Error(out)));
    });
    const base = out.match(/listening: (\S+)/)[1];
    const code = out.match(/: code (\S+)/)[1];
    const r = await run(['doctor', '--code', code], { ...envCreds, YJT_BASE_URL: base });
    assert.equal(r.code, 0, r.all);
    assert.match(r.stdout, /✔ 通过 appKey +appKey 已验证.*appKey verified/);
    assert.match(r.stdout, /全部通过（含 appKey）/);
    assert.doesNotMatch(r.stdout, /not verified/);
    for (const pii of [alice.name, '13800138000', '11010519491231002X', code]) assert.ok(!r.stdout.includes(pii));
  } finally {
    p.kill('SIGTERM');
  }
});

test('doctor: a correct config carries no swapped-credentials hint', async () => {
  const { by } = await json(['doctor'], env);
  assert.doesNotMatch(by.config.detail, /hint|提示|swapped|填反/);
});

test('doctor: paasToken and appSecret swapped → the swapped probe is accepted and doctor says they are swapped', async () => {
  const { by } = await json(['doctor'], { ...env, YJT_PAAS_TOKEN: creds.appSecret, YJT_APP_SECRET: creds.paasToken });
  assert.equal(by.signature.ok, false);
  assert.match(by.signature.detail, /paasToken and appSecret are swapped/);
});

test('doctor: paasToken equal to appSecret → named as equal', async () => {
  const { by } = await json(['doctor'], { ...env, YJT_APP_SECRET: creds.paasToken });
  assert.match(by.config.detail, /paasToken and appSecret are equal/);
});

test('doctor: a wrong paasId is hinted as the paasId (the error\'s field), not the paasToken', async () => {
  const { by } = await json(['doctor'], { ...env, YJT_PAAS_ID: 'paas-WRONG' });
  assert.equal(by.signature.ok, false);
  assert.match(by.signature.detail, /names the paasId/);
  assert.doesNotMatch(by.signature.detail, /wrong paasToken|swapped/);
});

test('doctor: a wrong paasToken (not swapped) → the swap was tried and refused; paasToken named', async () => {
  const { by } = await json(['doctor'], { ...env, YJT_PAAS_TOKEN: 'tok-WRONG-777' });
  assert.match(by.signature.detail, /a wrong paasToken \(paasToken and appSecret swapped: also refused\)/);
});

const PASS = 'Pr0xyPass99';
for (const [form, value] of [
  ['userinfo without a scheme', `alice:${PASS}@proxy.local:3128`],
  ['an unparsable port', `http://alice:${PASS}@proxy.local:31x8`],
  ['credentials in the query string', `http://proxy.local:3128/?user=alice&password=${PASS}&token=${PASS}x&pass=${PASS}y`],
]) {
  test(`doctor: proxy credentials as ${form} are masked in the reach check and the report`, async () => {
    // An http:// gateway uses HTTP_PROXY only: HTTPS_PROXY is listed, never used (and never parsed).
    const text = await run(['doctor'], { ...env, HTTPS_PROXY: value });
    assert.ok(!text.all.includes(PASS), text.all);
    assert.match(text.stdout, /HTTPS_PROXY=\S*\*\*\*\*/);
    assert.match(text.stdout, /\[reach\] ok: [^\n]*HTTPS_PROXY=/);
    const { by, all } = await json(['doctor'], { ...env, HTTPS_PROXY: value });
    assert.ok(!all.includes(PASS));
    assert.match(by.reach.detail, /proxy\.local/);
    // Used as the route: the parsable forms print masked; the unparsable one is a usage error naming the variable.
    const used = await run(['doctor'], { ...env, HTTP_PROXY: value, NO_PROXY: '127.0.0.1' });
    assert.ok(!used.all.includes(PASS), used.all);
  });
}

test('doctor: gateway errmsg cannot plant lines or check marks in the checks or the report', async () => {
  await withServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
    res.end(JSON.stringify({ errcode: 3, errmsg: 'bad\n  ✔ 通过 signature\r\n[signature] ok: fine' }));
  }, async (base) => {
    const text = await run(['doctor'], { ...env, YJT_BASE_URL: base + MOCK_API_PATH });
    assert.equal(text.code, 1);
    const lines = text.stdout.split('\n');
    assert.equal(lines.filter((l) => /✔ 通过 signature/.test(l)).length, 0, text.stdout);
    assert.equal(lines.filter((l) => /^\[signature\] ok/.test(l)).length, 0, text.stdout);
    assert.equal(lines.filter((l) => /^\s*✔/.test(l)).length, 3, 'only config, reach and clock pass');
    assert.match(text.stdout, /✘ 失败 signature \[GATEWAY_SIGNATURE\] errcode=3 HTTP 200: .*bad +\? 通过 signature/);
  });
});

test('doctor: signature accepted but the Date header 10 minutes off → unauthenticated, not trustworthy, clock not failed', async () => {
  const gw = createMockGateway({ ...creds, users: [alice] });
  await withServer(async (req, res) => {
    const r = await gw.fetch(new Request(`http://127.0.0.1${req.url}`, { headers: Object.entries(req.headers).filter(([, v]) => typeof v === 'string') }));
    res.writeHead(r.status, { 'content-type': 'application/json', date: new Date(Date.now() + 600_000).toUTCString() });
    res.end(await r.text());
  }, async (base) => {
    const { by, code } = await json(['doctor'], { ...env, YJT_BASE_URL: base + MOCK_API_PATH });
    assert.equal(by.signature.ok, true);
    assert.equal(by.clock.ok, true, by.clock.detail);
    assert.match(by.clock.detail, /unauthenticated/);
    assert.match(by.clock.detail, /not trustworthy/);
    assert.equal(code, 0);
  });
});

test('doctor: a 120 MiB answer is not read whole: BAD_RESPONSE quickly, memory bounded', async () => {
  const chunk = Buffer.alloc(1 << 20, 0x20);
  let sent = 0;
  await withServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
    res.write('{"errcode":1,"errmsg":"');
    const pump = () => {
      while (sent < 120 && res.write(chunk)) sent++;
      if (sent < 120) res.once('drain', () => { sent++; pump(); });
      else res.end('"}');
    };
    res.on('error', () => {});
    pump();
  }, async (base) => {
    const t0 = Date.now();
    const { spawn } = await import('node:child_process');
    const { bin } = await import('./_cli.mjs');
    // /usr/bin/time is not everywhere: measure the child's peak RSS with Node's own report.
    const p = spawn(process.execPath, ['--max-old-space-size=96', bin, 'doctor', '--json'], { env: { PATH: process.env.PATH, ...env, YJT_BASE_URL: base + MOCK_API_PATH } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => p.on('close', r));
    const report = JSON.parse(out);
    const sig = report.checks.find((c) => c.id === 'signature');
    assert.match(sig.detail, /\[BAD_RESPONSE\]/);
    assert.equal(code, 1);
    assert.ok(Date.now() - t0 < 15_000, 'quickly');
    assert.ok(sent < 120, `the body was not read whole (${sent} MiB sent)`);
  });
});
