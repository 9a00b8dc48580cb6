// 模拟网关的 HTTP 服务：单个异常请求不能让它退出；1,000 并发真实回环换取。
// The mock over HTTP: no single request takes it down (raw sockets against the `mock-gateway`
// CLI process and startMockGateway, then a normal request and a real exchange prove it still
// serves), and 1,000 concurrent exchanges over real loopback HTTP.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { bin } from './_cli.mjs';
import { YjtClient, startMockGateway, MOCK_API_PATH, creds, alice } from './_mock.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 20_000 }, fn);

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

nodeTest('1,000 concurrent exchanges through YjtClient over loopback: 0 failures, every identity right', async () => {
  const users = Array.from({ length: 1000 }, (_, i) => ({
    userId: `u-${i}`,
    name: `用户${i}`,
    phone: `138${String(i).padStart(8, '0')}`,
    certificateNo: `4401061990${String(i).padStart(7, '0')}X`,
  }));
  const mock = await startMockGateway({ ...creds, users });
  try {
    const client = new YjtClient({ env: 'test', ...creds, baseUrl: mock.baseUrl, timeoutMs: 30_000 });
    const codes = users.map((u) => mock.gateway.issueCode(u.userId));
    const t0 = performance.now();
    const results = await Promise.allSettled(codes.map((c) => client.exchangeCode(c)));
    const ms = performance.now() - t0;
    const failed = results.filter((r) => r.status === 'rejected');
    assert.equal(failed.length, 0, failed[0]?.reason?.message);
    results.forEach((r, i) => {
      assert.equal(r.value.userId, users[i].userId);
      assert.equal(r.value.phone, users[i].phone);
      assert.equal(r.value.certificateNo, users[i].certificateNo);
      assert.equal(r.value.name, users[i].name);
    });
    assert.equal(mock.gateway.stats.exchanges, 1000);
    console.log(`# 1000 concurrent exchanges over loopback: ${ms.toFixed(0)} ms wall`);
  } finally {
    await mock.close();
  }
});
