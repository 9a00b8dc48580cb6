// yjt-sso serve against hostile callers: missing, wrong and malformed credentials, oversized
// bodies, malformed JSON, unknown fields, wrong content types, too-large headers, broken HTTP,
// slow clients (slowloris on headers and on the body), and 10,000 mixed hostile requests. Each
// gets its documented status as application/problem+json, the service stays up and serves, and
// no answer or log line holds a login code, a secret or personal data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { A, issue, leaks, mockFor, request, serve, tenantFor, writeConfig } from './_serve.mjs';
import { checkProblem } from './_openapi.mjs';

let mock;
let svc;
const codes = [];
const LIMITS = { bodyBytes: 1024, headersTimeoutMs: 1000, requestTimeoutMs: 2000, concurrencyPerTenant: 8, maxHeaderBytes: 4096 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  mock = await mockFor(A, { services: { '02': () => ({ ok: true }) } });
  svc = await serve(['--config', writeConfig({ listen: { port: 0 }, limits: LIMITS, tenants: [tenantFor('a', A, mock, { call: { allow: [{ command: '02' }] } })] })]);
});
after(async () => {
  await svc?.stop();
  await mock?.close();
});

/** Sends raw bytes on a fresh connection; resolves to what came back when the server closes it. */
function raw(chunks, { gapMs = 0, url = svc.url } = {}) {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const sock = net.connect(Number(port), hostname);
    let got = '';
    const t0 = Date.now();
    sock.on('data', (d) => (got += d));
    sock.on('error', () => {});
    sock.on('close', () => resolve({ text: got, ms: Date.now() - t0 }));
    sock.on('connect', async () => {
      for (const c of chunks) {
        if (sock.destroyed) break;
        sock.write(c);
        if (gapMs) await sleep(gapMs);
      }
    });
    setTimeout(() => { sock.destroy(); reject(new Error(`no close within 15 s; got ${got}`)); }, 15_000).unref();
  });
}
const statusOf = (text) => Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
const bodyOf = (text) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

test('no token, a wrong one, a malformed Authorization: 401 UNAUTHORIZED with WWW-Authenticate: Bearer', async () => {
  const code = issue(mock, A);
  codes.push(code);
  for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: `Basic ${Buffer.from(`a:${A.token}`).toString('base64')}` }, { authorization: `Bearer  ${A.token} x` }, { authorization: 'Bearer' }, { authorization: A.token }]) {
    const r = await request(svc.url, { headers, body: { code } });
    assert.equal(r.status, 401, JSON.stringify(headers));
    assert.equal(r.headers['www-authenticate'], 'Bearer');
    assert.equal(r.json.code, 'UNAUTHORIZED');
    checkProblem(r);
  }
  // None of those reached the gateway: the code still works.
  assert.equal((await request(svc.url, { token: A.token, body: { code } })).status, 200);
});

test('wrong content type 415, oversized body 413 (declared or chunked), malformed JSON and unknown fields 400', async () => {
  const code = issue(mock, A);
  codes.push(code);
  const cases = [
    [{ headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ code }) }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${code}` }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ headers: {}, body: JSON.stringify({ code }) }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ body: { code, pad: 'x'.repeat(2000) } }, 413, 'PAYLOAD_TOO_LARGE'],
    [{ headers: { 'content-type': 'application/json' }, body: `{"code":"${code}"` }, 400, 'BAD_REQUEST', 'body'],
    [{ body: { code, [code]: 1 } }, 400, 'BAD_REQUEST', 'body'],
    [{ body: { code, extra: true } }, 400, 'BAD_REQUEST', 'body'],
    [{ body: [code] }, 400, 'BAD_REQUEST', 'body'],
    [{ body: { code: { nested: code } } }, 400, 'BAD_REQUEST', 'code'],
    [{ body: { code: `${code} ${A.user.phone}` } }, 400, 'INVALID_INPUT', 'code'],
  ];
  for (const [opts, status, c, field] of cases) {
    const r = await request(svc.url, { token: A.token, ...opts });
    assert.equal(r.status, status, `${JSON.stringify(opts).slice(0, 80)} → ${r.text}`);
    assert.equal(r.json.code, c);
    if (field) assert.equal(r.json.field, field);
    checkProblem(r);
    assert.deepEqual(leaks(r.text, [code]), []);
  }
  // A chunked body (no Content-Length) is counted as it arrives.
  const chunked = await new Promise((resolve, reject) => {
    const req = http.request(new URL('/v1/exchange', svc.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${A.token}` } }, (res) => {
      let t = '';
      res.on('data', (d) => (t += d));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(t) }));
    });
    req.on('error', reject);
    req.write(`{"code":"${code}","pad":"`);
    for (let i = 0; i < 10; i++) req.write('y'.repeat(200));
    req.end('"}');
  });
  assert.equal(chunked.status, 413);
  assert.equal(chunked.json.code, 'PAYLOAD_TOO_LARGE');
  assert.equal((await request(svc.url, { token: A.token, body: { code } })).status, 200, 'the code was never sent');
});

test('too-large headers 431, broken HTTP 400: problem+json from the server itself, connection closed', async () => {
  const big = await raw([`GET /healthz HTTP/1.1\r\nhost: x\r\nx-pad: ${'p'.repeat(8000)}\r\n\r\n`]);
  assert.equal(statusOf(big.text), 431, big.text);
  assert.match(big.text, /content-type: application\/problem\+json/i);
  assert.equal(bodyOf(big.text).code, 'HEADERS_TOO_LARGE');
  const broken = await raw(['NONSENSE / HTTP/9.9\r\n\r\n']);
  assert.equal(statusOf(broken.text), 400, broken.text);
  assert.equal(bodyOf(broken.text).code, 'BAD_REQUEST');
});

test('slow clients: headers or a body trickling in get 408 REQUEST_TIMEOUT within the limits; others are served meanwhile', async () => {
  const code = issue(mock, A);
  codes.push(code);
  // Slowloris: one header byte every 200 ms, never finishing.
  const head = `POST /v1/exchange HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${A.token}\r\ncontent-type: application/json\r\nx-slow: ${'s'.repeat(200)}`;
  const slowHead = raw([...head].map((c) => c), { gapMs: 200 });
  // A slow body: headers at once, then 5 bytes a second of a 100-byte body.
  const body = JSON.stringify({ code, pad: 'z'.repeat(60) });
  const slowBody = raw([`POST /v1/exchange HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${A.token}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`, ...body.match(/.{1,5}/g)], { gapMs: 1000 });
  // Meanwhile the service answers others at once.
  await sleep(300);
  for (let i = 0; i < 5; i++) {
    const t = Date.now();
    const h = await request(svc.url, { method: 'GET', path: '/healthz' });
    assert.equal(h.status, 200);
    assert.ok(Date.now() - t < 500);
  }
  const [a, b] = await Promise.all([slowHead, slowBody]);
  assert.equal(statusOf(a.text), 408, a.text);
  assert.equal(bodyOf(a.text).code, 'REQUEST_TIMEOUT');
  assert.ok(a.ms < LIMITS.headersTimeoutMs + 1500, `slow headers cut after ${a.ms} ms`);
  assert.equal(statusOf(b.text), 408, b.text);
  assert.match(b.text, /content-type: application\/problem\+json/i);
  assert.equal(bodyOf(b.text).code, 'REQUEST_TIMEOUT');
  assert.ok(b.ms < LIMITS.requestTimeoutMs + 1500, `slow body cut after ${b.ms} ms`);
  assert.equal((await request(svc.url, { token: A.token, body: { code } })).status, 200, 'the slow body never reached the gateway');
  // The cut request is finished (logged as 408, no longer in flight): nothing leaks a slot.
  await svc.waitFor((l) => l.msg === 'request' && l.status === 408 && l.tenant === 'a');
  const m = await request(svc.url, { method: 'GET', path: '/metrics' });
  assert.match(m.text, /^yjt_serve_in_flight 1$/m);
});

test('per-tenant concurrency: past limits.concurrencyPerTenant in flight, 429 with Retry-After', async () => {
  mock.gateway.injectFault('latency', { times: LIMITS.concurrencyPerTenant, latencyMs: 800 });
  const slow = Array.from({ length: LIMITS.concurrencyPerTenant }, () => {
    const c = issue(mock, A);
    codes.push(c);
    return request(svc.url, { token: A.token, body: { code: c } });
  });
  await sleep(300);
  const over = await request(svc.url, { token: A.token, body: { code: issue(mock, A) } });
  assert.equal(over.status, 429, over.text);
  assert.equal(over.headers['retry-after'], '1');
  assert.equal(over.json.code, 'TOO_MANY_REQUESTS');
  assert.equal(over.json.retryable, true);
  checkProblem(over);
  for (const r of await Promise.all(slow)) assert.equal(r.status, 200, r.text);
  const after = issue(mock, A);
  codes.push(after);
  assert.equal((await request(svc.url, { token: A.token, body: { code: after } })).status, 200);
});

test('10,000 mixed hostile requests: each its documented status and a valid problem, the service stays up, nothing leaks', async () => {
  const used = issue(mock, A);
  codes.push(used);
  assert.equal((await request(svc.url, { token: A.token, body: { code: used } })).status, 200);
  const fresh = Array.from({ length: 50 }, () => issue(mock, A)); // never exchanged: only ever sent unauthenticated
  codes.push(...fresh);
  const kinds = [
    (c) => [{ body: { code: c } }, 401],
    (c) => [{ headers: { authorization: 'Bearer x' }, body: { code: c } }, 401],
    (c) => [{ headers: { authorization: `Bearer ${A.token.slice(0, -1)}` }, body: { code: c } }, 401],
    (c) => [{ path: '/v1/call', headers: { authorization: 'Basic Zm9vOmJhcg==' }, body: { command: '02', query: { code: c } } }, 401],
    (c) => [{ token: A.token, headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ code: c }) }, 415],
    (c) => [{ token: A.token, headers: { 'content-type': 'application/jsonx' }, body: JSON.stringify({ code: c }) }, 415],
    (c) => [{ token: A.token, body: { code: c, pad: A.user.certificateNo.repeat(80) } }, 413],
    (c) => [{ token: A.token, headers: { 'content-type': 'application/json' }, body: `{"code":"${c}",` }, 400],
    (c) => [{ token: A.token, body: { code: c, [A.user.name]: A.user.phone } }, 400],
    () => [{ token: A.token, body: { code: 7 } }, 400],
    (c) => [{ token: A.token, body: { code: `${c}\u0000${A.user.phone}` } }, 400],
    () => [{ token: A.token, body: { code: used } }, 422],
    (c) => [{ method: 'GET', path: `/v1/exchange?code=${c}`, token: A.token }, 405],
    (c) => [{ path: `/v1/exchange/${c}`, token: A.token, body: {} }, 404],
    (c) => [{ path: `/v1//exchange?c=${c}`, body: {} }, 404],
    (c) => [{ path: '/v1/call', token: A.token, body: { command: '99', query: { code: c } } }, 403],
    (c) => [{ path: '/v1/call', token: A.token, body: { command: '02', query: { command: c } } }, 400],
    () => [{ token: A.token, body: '{"code":' + '['.repeat(400) + ']'.repeat(400) + '}', headers: { 'content-type': 'application/json' } }, 400],
  ];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const N = 10_000;
  const counts = {};
  let next = 0;
  const failures = [];
  const worker = async () => {
    while (next < N) {
      const i = next++;
      const [opts, want] = kinds[i % kinds.length](fresh[i % fresh.length]);
      const r = await request(svc.url, { agent, ...opts });
      counts[want] = (counts[want] ?? 0) + 1;
      if (r.status !== want) failures.push(`#${i} kind ${i % kinds.length}: ${r.status} ≠ ${want}: ${r.text.slice(0, 200)}`);
      else {
        try { checkProblem(r); } catch (e) { failures.push(`#${i}: ${e.message}`); }
        const l = leaks(r.text, codes);
        if (l.length) failures.push(`#${i}: answer leaks ${l.length} secret(s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  agent.destroy();
  assert.deepEqual(failures.slice(0, 10), []);
  assert.equal(Object.values(counts).reduce((a, b) => a + b), N);
  // Still up and serving.
  assert.equal(svc.proc.exitCode, null);
  assert.equal((await request(svc.url, { method: 'GET', path: '/healthz' })).status, 200);
  const ok = issue(mock, A);
  codes.push(ok);
  assert.equal((await request(svc.url, { token: A.token, body: { code: ok } })).status, 200);
  // One log line per request, none with a code, secret or personal data.
  const lines = svc.lines().filter((l) => l.msg === 'request');
  assert.ok(lines.length >= N, `${lines.length} log lines`);
  assert.deepEqual(leaks(svc.out + svc.stderr, codes), []);
  for (const f of fresh) assert.ok(!svc.out.includes(f));
});
