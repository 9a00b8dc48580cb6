// 经代理（前置机）访问网关：命令行 doctor / exchange / call 与库（Deno、Bun 原生 fetch；Node 传入 undici fetch）。
// Through an HTTP CONNECT proxy (the 前置机), with a REAL proxy (Squid, see _proxy.mjs) and a
// gateway host name only the proxy resolves (gateway.yjt.test, in Squid's private hosts file):
// doctor names the hop that fails (proxy down, CONNECT refused 403, credentials 407, host unknown
// to the proxy 5xx), exchange and call go through it, --proxy / NO_PROXY choose the route, proxy
// credentials are never printed; the library reaches the mock through the proxy in Deno and Bun
// (their fetch reads HTTPS_PROXY) and in Node with an undici ProxyAgent fetch as config.fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { consumer, creds, envCreds, run } from './_cli.mjs';
import { startMockGateway } from './_mock.mjs';
import { GATEWAY_HOST, ensureSquid, freePort, testCertificates, startSquid, startTlsFront } from './_proxy.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const API = '/data_center/gateway/common/api';
const alice = { userId: 'u-proxy-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X', gender: 1 };
const PROXY_USER = 'hosp-proxy-user';
const PROXY_PASSWORD = 'pw-SECRET-proxy-42';
/** Where the doctor transcripts go for the closing note (outside the repository); optional. */
const TRANSCRIPTS = process.env.YJT_PROXY_TRANSCRIPTS;

const squidBin = ensureSquid();
const skip = squidBin ? false : 'squid (or openssl) is not available and cannot be installed here';

let mock, tlsFront, cert, proxy, strictProxy, authProxy, gatewayUrl;

before(async () => {
  if (skip) return;
  mock = await startMockGateway({ ...creds, users: [alice], services: { '02': (q) => ({ userId: q.get('userId'), phone: alice.phone }) } });
  cert = testCertificates();
  tlsFront = await startTlsFront(Number(new URL(mock.url).port), cert);
  gatewayUrl = `https://${GATEWAY_HOST}:${tlsFront.port}${API}`;
  // One proxy that lets CONNECT reach the gateway, one whose CONNECT ACL leaves its port out
  // (403), one that demands credentials (407).
  [proxy, strictProxy, authProxy] = await Promise.all([
    startSquid({ connectPorts: [tlsFront.port] }),
    startSquid({ connectPorts: [tlsFront.port + 1] }),
    startSquid({ connectPorts: [tlsFront.port], auth: { user: PROXY_USER, password: PROXY_PASSWORD } }),
  ]);
  if (TRANSCRIPTS) writeFileSync(TRANSCRIPTS, `# yjt-sso doctor through a proxy (Squid ${squidBin}), ${new Date().toISOString()}\n`);
});

after(async () => {
  await Promise.all([proxy, strictProxy, authProxy].filter(Boolean).map((p) => p.stop()));
  await tlsFront?.close();
  await mock?.close();
});

/** The CLI's environment: the credentials, the https gateway, its self-signed CA. */
const env = (extra = {}) => ({ ...envCreds, YJT_BASE_URL: gatewayUrl, NODE_EXTRA_CA_CERTS: cert.ca, ...extra });

const noCreds = (out) => {
  assert.ok(!out.includes(PROXY_PASSWORD), 'the proxy password is never printed');
  assert.ok(!out.includes(PROXY_USER), 'the proxy user is never printed');
  assert.ok(!out.includes(Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')), 'nor their Basic encoding');
  for (const s of [creds.paasToken, creds.appSecret, creds.appKey]) assert.ok(!out.includes(s), 'no gateway secret either');
};

function transcript(title, args, r) {
  if (!TRANSCRIPTS) return;
  appendFileSync(TRANSCRIPTS, `\n## ${title}\n\n\`yjt-sso ${args.join(' ')}\` → exit ${r.code}\n\n\`\`\`text\n${r.all.trimEnd()}\n\`\`\`\n`);
}

const reachLines = (out) => out.slice(out.indexOf('reach'), out.indexOf('clock'));

test('the gateway name resolves only inside the proxy: direct, doctor fails at DNS', { skip }, async () => {
  const r = await run(['doctor'], { env: env() });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /DNS gateway\.yjt\.test 解析失败 \/ lookup failed: ENOTFOUND/);
  assert.match(r.stdout, /直连（未设置代理）\/ direct \(no proxy set\)/);
});

test('doctor through the proxy: every hop named, clock and signature probed through it, exit 0', { skip }, async () => {
  const before = proxy.accessLog();
  const args = ['doctor'];
  const r = await run(args, { env: env({ HTTPS_PROXY: proxy.url }) });
  transcript('1. all good (HTTPS_PROXY set, the gateway name known only to the proxy)', args, r);
  assert.equal(r.code, 0, r.all);
  const reach = reachLines(r.stdout);
  assert.match(reach, new RegExp(`代理 TCP http://127\\.0\\.0\\.1:${proxy.port} 已连接`));
  assert.match(reach, new RegExp(`CONNECT ${GATEWAY_HOST}:${tlsFront.port} 已接受 / accepted: HTTP/1\\.1 200`));
  assert.match(reach, /隧道内 TLS .* 握手成功 \/ TLS inside the tunnel ok \(TLSv1\.3/);
  assert.match(reach, /来自 \/ from HTTPS_PROXY/);
  assert.match(r.stdout, /✔ 通过 clock/);
  assert.match(r.stdout, /✔ 通过 signature/);
  // Squid saw the reach check's tunnel and the probe's.
  const tunnels = proxy.accessLog().slice(before.length).match(new RegExp(`TCP_TUNNEL/200 .* CONNECT ${GATEWAY_HOST}:${tlsFront.port}`, 'g')) ?? [];
  assert.ok(tunnels.length >= 2, proxy.accessLog());
});

test('doctor: the proxy is down → names the proxy hop, nothing further measured', { skip }, async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const args = ['doctor'];
  const r = await run(args, { env: env({ HTTPS_PROXY: dead }) });
  transcript('2. the proxy is down (connection refused)', args, r);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /✘ 代理 TCP http:\/\/127\.0\.0\.1:\d+ 连接失败 \/ proxy TCP connect failed: ECONNREFUSED/);
  assert.match(r.stdout, /未测 CONNECT/);
  assert.match(r.stdout, /✘ 失败 clock +未测/);
  assert.match(r.stdout, /✘ 失败 signature +未测/);
});

test('doctor: the proxy refuses CONNECT to the port (403) → names the CONNECT hop', { skip }, async () => {
  const args = ['doctor'];
  const r = await run(args, { env: env({ HTTPS_PROXY: strictProxy.url }) });
  transcript("3. the proxy refuses CONNECT (403: the gateway's port is not in its CONNECT ACL)", args, r);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /代理 TCP .* 已连接/);
  assert.match(r.stdout, new RegExp(`✘ CONNECT ${GATEWAY_HOST}:${tlsFront.port} 被拒绝 / refused: HTTP/1\\.1 403`));
  assert.match(r.stdout, /the proxy does not allow CONNECT to/);
  assert.match(strictProxy.accessLog(), /TCP_DENIED\/403 .* CONNECT gateway\.yjt\.test/);
});

test('doctor: the proxy demands credentials (407) → says so without printing any; with them in the URL → passes', { skip }, async () => {
  const args = ['doctor'];
  const r = await run(args, { env: env({ HTTPS_PROXY: authProxy.url }) });
  transcript('4a. the proxy demands credentials (407), none given', args, r);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /✘ CONNECT .* 被拒绝 \/ refused: HTTP\/1\.1 407/);
  assert.match(r.stdout, /the proxy demands credentials \(407\): put them in the proxy URL/);

  const wrong = await run(args, { env: env({ HTTPS_PROXY: `http://${PROXY_USER}:wrong-${PROXY_PASSWORD}@127.0.0.1:${authProxy.port}` }) });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /the proxy rejected the credentials in the proxy URL \(407\)/);
  noCreds(wrong.all);

  const withCreds = `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${authProxy.port}`;
  const ok = await run(args, { env: env({ https_proxy: withCreds }) });
  transcript('4b. the same proxy, credentials in the proxy URL (https_proxy)', args, ok);
  assert.equal(ok.code, 0, ok.all);
  assert.match(ok.stdout, new RegExp(`经代理 / via proxy http://\\*\\*\\*\\*@127\\.0\\.0\\.1:${authProxy.port}（来自 / from https_proxy）`));
  assert.match(ok.stdout, /https_proxy=http:\/\/\*\*\*\*@127\.0\.0\.1/);
  noCreds(ok.all);
});

test('doctor: a gateway host the proxy cannot resolve (5xx to CONNECT) → names that hop', { skip }, async () => {
  const args = ['doctor'];
  const r = await run(args, { env: env({ HTTPS_PROXY: proxy.url, YJT_BASE_URL: `https://nohost.yjt.invalid:${tlsFront.port}${API}` }) });
  transcript('5. the gateway host is unknown to the proxy (CONNECT answered 5xx)', args, r);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /✘ CONNECT nohost\.yjt\.invalid:\d+ 被拒绝 \/ refused: HTTP\/1\.1 5\d\d/);
  assert.match(r.stdout, /the host is unknown to the proxy, or unreachable from it/);
});

test('--proxy wins over the env vars; --proxy \'\' and NO_PROXY go direct (and doctor says so)', { skip }, async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const flagged = await run(['doctor', '--proxy', proxy.url], { env: env({ HTTPS_PROXY: dead }) });
  assert.equal(flagged.code, 0, flagged.all);
  assert.match(flagged.stdout, /来自 \/ from --proxy/);
  const off = await run(['doctor', '--proxy', ''], { env: env({ HTTPS_PROXY: proxy.url }) });
  assert.equal(off.code, 1);
  assert.match(off.stdout, /DNS gateway\.yjt\.test 解析失败/);
  assert.match(off.stdout, /direct \(--proxy ''\)/);
  const bypass = await run(['doctor'], { env: env({ HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,.yjt.test' }) });
  assert.equal(bypass.code, 1);
  assert.match(bypass.stdout, /DNS gateway\.yjt\.test 解析失败/);
  assert.match(bypass.stdout, /direct: gateway\.yjt\.test matches the NO_PROXY entry \.yjt\.test/);
  // An http:// gateway uses HTTP_PROXY (tunnelled with CONNECT, as undici does).
  const httpUrl = `http://${GATEWAY_HOST}:${new URL(mock.url).port}${API}`;
  const dir = mkdtempSync(join(tmpdir(), 'yjt-proxy-'));
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ allowInsecureHttp: true }));
  const viaHttp = await run(['doctor', '--proxy', proxy.url.replace('http://', ''), '--config', join(dir, 'c.json'), '--base-url', httpUrl], { env: env() });
  assert.equal(viaHttp.code, 1, 'the port of the plain mock is not in this proxy\'s CONNECT ACL');
  assert.match(viaHttp.stdout, /403/);
});

test('exchange and call through the proxy; failures name the proxy (never its credentials)', { skip }, async () => {
  const x = await run(['exchange', '--json', '--code', mock.gateway.issueCode(alice)], { env: env({ HTTPS_PROXY: proxy.url }) });
  assert.equal(x.code, 0, x.all);
  assert.equal(JSON.parse(x.stdout).phone, '138****8000');
  const withCreds = `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${authProxy.port}`;
  const xa = await run(['exchange', '--json', '--proxy', withCreds, '--code', mock.gateway.issueCode(alice)], { env: env() });
  assert.equal(xa.code, 0, xa.all);
  noCreds(xa.all);

  const c = await run(['call', '--query', 'command=02', '--query', 'userId=u-9'], { env: env({ HTTPS_PROXY: withCreds }) });
  assert.equal(c.code, 0, c.all);
  assert.deepEqual(JSON.parse(c.stdout), { status: 200, data: { userId: 'u-9', phone: '138****8000' } });
  noCreds(c.all);
  assert.match(authProxy.accessLog(), new RegExp(`TCP_TUNNEL/200 .* CONNECT ${GATEWAY_HOST}:${tlsFront.port} ${PROXY_USER}`));

  const noAuth = await run(['call', '--query', 'command=02'], { env: env({ HTTPS_PROXY: authProxy.url }) });
  assert.equal(noAuth.code, 1);
  assert.match(noAuth.stderr, /\[NETWORK\].*PROXY_CONNECT_407/);
  assert.match(noAuth.stderr, /via proxy http:\/\/127\.0\.0\.1:\d+；运行 yjt-sso doctor/);
  const dead = `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${await freePort()}`;
  const down = await run(['exchange', '--code', 'abc'], { env: env({ HTTPS_PROXY: dead }) });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /\[NETWORK\].*PROXY_ECONNREFUSED/);
  assert.match(down.stderr, /via proxy http:\/\/\*\*\*\*@127\.0\.0\.1/);
  noCreds(down.all);
  const refused = await run(['exchange', '--code', 'abc'], { env: env({ HTTPS_PROXY: strictProxy.url }) });
  assert.match(refused.stderr, /\[NETWORK\].*PROXY_CONNECT_403/);
  const badUrl = await run(['exchange', '--code', 'abc', '--proxy', 'socks5://u:p@127.0.0.1:1'], { env: env() });
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /only http:\/\/ and https:\/\/ proxies/);
});

test('a proxy without undici installed: a clear error, not a crash (doctor still checks the hops)', { skip }, async () => {
  // The package alone, without its optional dependency.
  const dir = mkdtempSync(join(tmpdir(), 'yjt-noundici-'));
  mkdirSync(join(dir, 'node_modules'));
  cpSync(join(consumer, 'node_modules/yjt-sso'), join(dir, 'node_modules/yjt-sso'), { recursive: true });
  const cli = join(dir, 'node_modules/yjt-sso/cli.mjs');
  const go = (args, e) =>
    new Promise((resolve) => {
      const p = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...e } });
      let all = '';
      p.stdout.on('data', (d) => (all += d));
      p.stderr.on('data', (d) => (all += d));
      p.on('close', (code) => resolve({ code, all }));
    });
  const x = await go(['exchange', '--code', 'abc'], env({ HTTPS_PROXY: proxy.url }));
  assert.equal(x.code, 1);
  assert.match(x.all, /sending through a proxy needs undici \(an optional dependency of yjt-sso, not installed\): run npm install undici/);
  const d = await go(['doctor'], env({ HTTPS_PROXY: proxy.url }));
  assert.equal(d.code, 1);
  assert.match(d.all, /CONNECT .* 已接受/);
  assert.match(d.all, /needs undici/);
  // Direct, undici is never loaded.
  const direct = await go(['exchange', '--code', 'abc'], env());
  assert.match(direct.all, /\[NETWORK\].*ENOTFOUND/);
});

/** The library, in one runtime, exchanging a code through the proxy; prints the user's userId. */
const LIB_SCRIPT = (indexUrl, extra = '') => `
const { YjtClient } = await import(${JSON.stringify(indexUrl)});
${extra}
const cfg = JSON.parse(process.env.YJT_TEST_CONFIG);
const client = new YjtClient(typeof proxyFetch === 'undefined' ? cfg : { ...cfg, fetch: proxyFetch });
try {
  const user = await client.exchangeCode(process.env.YJT_TEST_CODE);
  console.log('userId=' + user.userId);
} catch (e) {
  console.log('error=' + e.code + ' ' + e.message);
} finally {
  client.free();
}
`;

function runScript(cmd, args, extraEnv) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1', ...extraEnv } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

test('the library through the proxy: Deno and Bun read HTTPS_PROXY; Node takes an undici ProxyAgent fetch', { skip }, async () => {
  const indexUrl = pathToFileURL(join(consumer, 'node_modules/yjt-sso/index.mjs')).href;
  const dir = mkdtempSync(join(tmpdir(), 'yjt-lib-proxy-'));
  const config = JSON.stringify({ env: 'test', ...creds, baseUrl: gatewayUrl });
  const bin = (name) => join(root, 'node_modules/.bin', name);
  const base = { YJT_TEST_CONFIG: config, HTTPS_PROXY: proxy.url };

  writeFileSync(join(dir, 'plain.mjs'), LIB_SCRIPT(indexUrl));
  const deno = await runScript(bin('deno'), ['run', '-A', '--no-lock', join(dir, 'plain.mjs')], { ...base, DENO_CERT: cert.ca, YJT_TEST_CODE: mock.gateway.issueCode(alice) });
  assert.match(deno.out, /userId=u-proxy-1/, `deno: ${deno.out}`);
  const bun = await runScript(bin('bun'), [join(dir, 'plain.mjs')], { ...base, NODE_EXTRA_CA_CERTS: cert.ca, YJT_TEST_CODE: mock.gateway.issueCode(alice) });
  assert.match(bun.out, /userId=u-proxy-1/, `bun: ${bun.out}`);
  // Node's fetch ignores HTTPS_PROXY: the same script fails at DNS…
  const nodePlain = await runScript(process.execPath, [join(dir, 'plain.mjs')], { ...base, NODE_EXTRA_CA_CERTS: cert.ca, YJT_TEST_CODE: mock.gateway.issueCode(alice) });
  assert.match(nodePlain.out, /error=NETWORK .*ENOTFOUND/, `node: ${nodePlain.out}`);
  // …and reaches the gateway with the README's undici ProxyAgent fetch (undici from the consumer).
  const undiciUrl = pathToFileURL(createRequire(join(consumer, 'package.json')).resolve('undici')).href;
  writeFileSync(join(dir, 'undici.mjs'), LIB_SCRIPT(indexUrl, `
const { ProxyAgent, fetch: undiciFetch } = await import(${JSON.stringify(undiciUrl)});
const dispatcher = new ProxyAgent(process.env.HTTPS_PROXY);
const proxyFetch = (url, init) => undiciFetch(url, { ...init, dispatcher });`));
  const before = proxy.accessLog().length;
  const nodeUndici = await runScript(process.execPath, [join(dir, 'undici.mjs')], { ...base, NODE_EXTRA_CA_CERTS: cert.ca, YJT_TEST_CODE: mock.gateway.issueCode(alice) });
  assert.match(nodeUndici.out, /userId=u-proxy-1/, `node + undici: ${nodeUndici.out}`);
  assert.match(proxy.accessLog().slice(before), /TCP_TUNNEL\/200 .* CONNECT gateway\.yjt\.test/);
});
