// 模拟网关加固：单个异常请求不能让它退出；管理接口拒绝跨源与非 JSON 的 POST。
// Mock hardening: no single request takes the mock down (raw sockets against the `mock-gateway`
// CLI process, then a normal request and a real exchange prove it still serves); the admin route
// refuses cross-origin and non-JSON POSTs, so a web page cannot issue codes or replace users.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const test = (name, fn) => nodeTest(name, { timeout: 20_000 }, fn);

const root = fileURLToPath(new URL('../..', import.meta.url));
const consumer = process.env.YJT_CONSUMER ?? join(root, '.tmp/consumer');
const pkgDir = join(consumer, 'node_modules/yjt-sso');
const bin = join(consumer, 'node_modules/.bin/yjt-sso');
const { YjtClient } = await import(pathToFileURL(join(pkgDir, 'index.mjs')).href);
const { createMockGateway, startMockGateway, MOCK_API_PATH } = await import(pathToFileURL(join(pkgDir, 'mock.mjs')).href);

const creds = { appCode: 'HOSP000001', appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697', paasId: 'paas-001', paasToken: 'tok-SECRET-123', appSecret: 'app-SECRET-456' };
const alice = { userId: 'u-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X' };
const env = {
  PATH: process.env.PATH, YJT_ENV: 'test', YJT_APP_CODE: creds.appCode, YJT_APP_KEY: creds.appKey, YJT_PAAS_ID: creds.paasId,
  YJT_PAAS_TOKEN: creds.paasToken, YJT_APP_SECRET: creds.appSecret,
};

/** Sends raw bytes; resolves with everything received once the connection is closed. */
function raw(port, text, { endAfterWrite = false } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('error', () => {});
    s.on('close', () => resolve(got));
    s.write(text, () => {
      if (endAfterWrite) s.end();
    });
  });
}

async function startCliMock() {
  const p = spawn(bin, ['mock-gateway', '--port', '0'], { env });
  let out = '';
  p.stderr.on('data', (d) => (out += d));
  let exited = false;
  const exit = new Promise((resolve) => p.on('exit', (c) => { exited = true; resolve(c); }));
  const url = await new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(http:\/\/127\.0\.0\.1:(\d+))\/data_center/);
      if (m) resolve(m[1]);
    });
    exit.then(() => reject(new Error(`mock-gateway exited: ${out}`)));
  });
  return { p, url, port: Number(new URL(url).port), exit, isAlive: () => !exited, output: () => out };
}

async function issue(url, body, headers = { 'content-type': 'application/json' }) {
  const res = await fetch(`${url}/__mock/codes`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test('TRACE, OPTIONS * and a POST cut off mid-body do not kill the mock gateway (CLI)', async () => {
  const mock = await startCliMock();
  try {
    const trace = await raw(mock.port, 'TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    assert.match(trace, /^HTTP\/1\.1 405 /, `TRACE answered: ${JSON.stringify(trace.slice(0, 60))}`);
    const star = await raw(mock.port, 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    assert.match(star, /^HTTP\/1\.1 400 /, `OPTIONS * answered: ${JSON.stringify(star.slice(0, 60))}`);
    // Headers promise 1000 bytes; 10 arrive, then the client closes its side.
    const cut = await raw(
      mock.port,
      'POST /__mock/codes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"userId":',
      { endAfterWrite: true },
    );
    assert.doesNotMatch(cut, /^HTTP\/1\.1 200/);
    // Still serving: health, a code over HTTP and a real exchange.
    const health = await fetch(`${mock.url}/__mock/health`);
    assert.equal(health.status, 200);
    const { status, body } = await issue(mock.url, JSON.stringify({ userId: '2025000000000001' }));
    assert.equal(status, 200);
    const client = new YjtClient({ env: 'test', ...creds, baseUrl: mock.url + MOCK_API_PATH });
    assert.equal((await client.exchangeCode(body.code)).userId, '2025000000000001');
    client.free();
    assert.ok(mock.isAlive(), `the mock exited: ${mock.output()}`);
  } finally {
    mock.p.kill('SIGTERM');
    await mock.exit;
  }
});

test('startMockGateway answers forbidden methods, odd targets and oversized bodies, and keeps serving', async () => {
  const mock = await startMockGateway({ ...creds, users: [alice] });
  const port = Number(new URL(mock.url).port);
  try {
    for (const method of ['TRACE']) {
      const r = await raw(port, `${method} ${MOCK_API_PATH} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.match(r, /^HTTP\/1\.1 405 /, method);
    }
    const star = await raw(port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(star, /^HTTP\/1\.1 400 /);
    const absolute = await raw(port, `GET http://elsewhere.example${MOCK_API_PATH} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.match(absolute, /^HTTP\/1\.1 400 /);
    const big = await issue(mock.url, JSON.stringify({ userId: 'x'.repeat(200 * 1024) }));
    assert.equal(big.status, 413);
    await raw(port, 'POST /__mock/codes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{', { endAfterWrite: true });
    // A normal exchange still works.
    const client = new YjtClient({ env: 'test', ...creds, baseUrl: mock.baseUrl });
    assert.equal((await client.exchangeCode(mock.gateway.issueCode(alice))).phone, alice.phone);
    client.free();
  } finally {
    await mock.close();
  }
});

test('POST /__mock/codes: only application/json, no foreign Origin; a refused request changes nothing', async () => {
  const gw = createMockGateway({ ...creds, users: [alice], now: () => 1_800_000_000_000 });
  const post = (body, headers) => gw.fetch(new Request('http://127.0.0.1:8787/__mock/codes', { method: 'POST', headers, body }));
  const evil = JSON.stringify({ ...alice, name: '攻击者', phone: '13900000000' });
  // Simple (no-preflight) CORS requests a web page can send: text/plain, form encodings, none.
  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await post(evil, { 'content-type': type, origin: 'http://127.0.0.1:8787' });
    assert.equal(res.status, 415, type);
  }
  assert.equal((await post(evil, {})).status, 415, 'no content type');
  // JSON from a foreign origin (a preflighted request, or a DNS-rebinding page) is refused too.
  for (const headers of [
    { origin: 'https://evil.example' },
    { origin: 'http://rebound.example:8787' },
    { origin: 'null' },
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site' },
  ]) {
    const res = await post(evil, { 'content-type': 'application/json', ...headers });
    assert.equal(res.status, 403, JSON.stringify(headers));
  }
  assert.equal((await post('[]', { 'content-type': 'application/json' })).status, 400);
  assert.equal((await post('"u-1"', { 'content-type': 'application/json' })).status, 400);
  // Nothing above replaced alice: an exchange still returns her.
  assert.equal(gw.stats.exchanges, 0);
  const ok = await post(JSON.stringify({ userId: alice.userId }), { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(ok.status, 200);
  const { code } = await ok.json();
  const client = new YjtClient({ env: 'test', ...creds, baseUrl: 'http://127.0.0.1' + MOCK_API_PATH, now: () => 1_800_000_000_000, fetch: (u, i) => gw.fetch(new Request(u, i)) });
  const user = await client.exchangeCode(code);
  assert.equal(user.name, alice.name);
  assert.equal(user.phone, alice.phone);
  // Same-origin browser requests and tools (curl: no Origin) are fine.
  assert.equal((await post(JSON.stringify({ userId: alice.userId }), { 'content-type': 'application/json', origin: 'http://127.0.0.1:8787', 'sec-fetch-site': 'same-origin' })).status, 200);
  client.free();
});
