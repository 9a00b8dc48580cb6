// yjt-sso serve, the API: the OpenAPI 3.1 document (a real validator), each route's answers
// checked against the document's schemas, the status of each outcome, masking per tenant, the
// /v1/call allow list, health, readiness and metrics. One service, two tenants on one mock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { A, issue, leaks, mockFor, PKG_DIR, request, serve, tenantFor, writeConfig } from './_serve.mjs';
import { checkAnswer, checkProblem, DOC, validateDocument } from './_openapi.mjs';

let mock;
let svc;
const codes = [];
const MASKED_TOKEN = 'bearer-A-masked-SECRET-55aa';
const call = async (route, opts = {}) => {
  const r = await request(svc.url, { path: route, ...opts });
  checkAnswer(opts.method ?? 'POST', route, r);
  return r;
};

before(async () => {
  mock = await mockFor(A, { services: { '02': (q, body) => ({ got: q.get('x') ?? body?.x ?? null }), '09': () => ({ never: true }) } });
  const config = {
    listen: { port: 0 },
    tenants: [
      tenantFor('plain', A, mock, { call: { allow: [{ command: '02' }, { path: '/other/api', command: '02' }] } }),
      { ...tenantFor('masked', A, mock, { exchange: { mask: ['userId', 'name', 'phone', 'certificateNo', 'healthCardNo', 'gender', 'nation'] } }), tokenSha256: [(await import('./_serve.mjs')).sha(MASKED_TOKEN)] },
    ],
  };
  svc = await serve(['--config', writeConfig(config)]);
});
after(async () => {
  await svc?.stop();
  await mock?.close();
});

test('the OpenAPI document is valid OpenAPI 3.1 (a real validator), shipped in the package and served at /openapi.json', async () => {
  const v = await validateDocument(DOC);
  assert.equal(v.version, '3.1');
  assert.equal(v.valid, true, JSON.stringify(v.errors));
  const served = await request(svc.url, { method: 'GET', path: '/openapi.json' });
  assert.equal(served.status, 200);
  assert.deepEqual(served.json, DOC);
  assert.deepEqual(JSON.parse(readFileSync(path.join(PKG_DIR, 'openapi.json'), 'utf8')), DOC);
  // The validator is not a rubber stamp: a broken document fails.
  const broken = structuredClone(DOC);
  delete broken.info;
  assert.equal((await validateDocument(broken)).valid, false);
  // Every route of the service is documented.
  assert.deepEqual(Object.keys(DOC.paths).sort(), ['/healthz', '/metrics', '/openapi.json', '/readyz', '/v1/call', '/v1/exchange']);
});

test('POST /v1/exchange: 200 with the identity the SDK returns (plaintext by default), no-store', async () => {
  const code = issue(mock, A);
  codes.push(code);
  const r = await call('/v1/exchange', { token: A.token, body: { code } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers['cache-control'], 'no-store');
  const u = r.json.user;
  for (const k of ['userId', 'name', 'phone', 'certificateNo', 'healthCardNo', 'gender', 'nation', 'channel']) assert.equal(u[k], A.user[k], k);
  assert.equal(u.certificateType, '01');
  assert.deepEqual(u.labels, { certificateType: '居民身份证', gender: '女', nation: '汉族', channel: '内地' });
  // businessType as an integer or a string of digits.
  for (const businessType of [1, '1']) {
    const c = issue(mock, A);
    codes.push(c);
    assert.equal((await call('/v1/exchange', { token: A.token, body: { code: c, businessType } })).status, 200);
  }
});

test('POST /v1/exchange: the tenant\'s exchange.mask masks those fields (codes and their labels null)', async () => {
  const code = issue(mock, A);
  codes.push(code);
  const r = await call('/v1/exchange', { token: MASKED_TOKEN, body: { code } });
  assert.equal(r.status, 200, r.text);
  const u = r.json.user;
  assert.equal(u.name, yjtMask('maskName', A.user.name));
  assert.equal(u.phone, '138****8000');
  assert.equal(u.certificateNo, yjtMask('maskIdCard', A.user.certificateNo));
  assert.equal(u.healthCardNo, yjtMask('maskIdCard', A.user.healthCardNo));
  assert.equal(u.userId, yjtMask('maskIdCard', A.user.userId));
  assert.notEqual(u.userId, A.user.userId);
  assert.equal(u.gender, null);
  assert.equal(u.nation, null);
  assert.equal(u.labels.gender, null);
  assert.equal(u.labels.nation, null);
  // Not masked: kept.
  assert.equal(u.channel, '1');
  assert.equal(u.labels.channel, '内地');
  assert.deepEqual(leaks(r.text).filter((s) => s !== A.user.phone), []);
  assert.ok(!r.text.includes(A.user.phone) && !r.text.includes(A.user.name) && !r.text.includes(A.user.certificateNo));
});
const { maskName, maskIdCard } = (await import('./_serve.mjs')).yjt;
const yjtMask = (f, v) => ({ maskName, maskIdCard })[f](v);

test('a used code is 422 GATEWAY_FAILURE (errcode 1, not retryable); a malformed one 400 INVALID_INPUT with its field', async () => {
  const code = issue(mock, A);
  codes.push(code);
  assert.equal((await call('/v1/exchange', { token: A.token, body: { code } })).status, 200);
  const again = await call('/v1/exchange', { token: A.token, body: { code } });
  assert.equal(again.status, 422);
  assert.equal(again.headers['content-type'], 'application/problem+json');
  assert.equal(again.json.code, 'GATEWAY_FAILURE');
  assert.equal(again.json.errcode, 1);
  assert.equal(again.json.retryable, false);
  assert.equal(again.json.type, 'https://yjt-sso.invalid/problems/gateway-failure');
  assert.ok(!again.text.includes(code));
  const bad = await call('/v1/exchange', { token: A.token, body: { code: 'no spaces allowed' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.code, 'INVALID_INPUT');
  assert.equal(bad.json.field, 'code');
  const bt = await call('/v1/exchange', { token: A.token, body: { code: issue(mock, A), businessType: 0 } });
  assert.equal(bt.status, 400);
  assert.equal(bt.json.code, 'INVALID_INPUT');
  assert.equal(bt.json.field, 'businessType');
  const wrongType = await call('/v1/exchange', { token: A.token, body: { code: 12345678 } });
  assert.equal(wrongType.status, 400);
  assert.equal(wrongType.json.code, 'BAD_REQUEST');
  assert.equal(wrongType.json.field, 'code');
});

test('gateway failures: a 5xx is 502 HTTP_STATUS, a hang past timeoutMs 504 TIMEOUT (retryable)', async () => {
  mock.gateway.injectFault('http500', { times: 1 });
  const five = await call('/v1/exchange', { token: A.token, body: { code: issue(mock, A) } });
  assert.equal(five.status, 502, five.text);
  assert.equal(five.json.code, 'HTTP_STATUS');
  mock.gateway.injectFault('latency', { times: 1, latencyMs: 7000 });
  const slow = await call('/v1/exchange', { token: A.token, body: { code: issue(mock, A) } });
  assert.equal(slow.status, 504, slow.text);
  assert.equal(slow.json.code, 'TIMEOUT');
  assert.equal(slow.json.retryable, true);
});

test('POST /v1/call: an allowed command (GET query, POST body, an allowed path) is 200 {data}', async () => {
  const before = mock.gateway.stats.serviceCalls;
  const get = await call('/v1/call', { token: A.token, body: { command: '02', query: { x: 'hello' } } });
  assert.equal(get.status, 200, get.text);
  assert.deepEqual(get.json, { data: { got: 'hello' } });
  const post = await call('/v1/call', { token: A.token, body: { command: '02', body: { x: 'posted' } } });
  assert.deepEqual(post.json, { data: { got: 'posted' } });
  // The allowed path goes to that path on the gateway's origin (the mock answers only its API
  // path: 404 there, i.e. 502 HTTP_STATUS — the request went where the rule says).
  const other = await call('/v1/call', { token: A.token, body: { command: '02', path: '/other/api' } });
  assert.equal(other.status, 502, other.text);
  assert.equal(other.json.code, 'HTTP_STATUS');
  assert.equal(mock.gateway.stats.serviceCalls, before + 2);
});

test('POST /v1/call: anything not in the allow list is 403 FORBIDDEN and never reaches the gateway', async () => {
  const before = mock.gateway.stats.requests;
  for (const body of [{ command: '09' }, {}, { path: '/other/api', command: '09' }, { path: '/elsewhere', command: '02' }, { command: '02', path: '/other/api/../x' }]) {
    const r = await call('/v1/call', { token: A.token, body });
    assert.equal(r.status, 403, JSON.stringify(body));
    assert.equal(r.json.code, 'FORBIDDEN');
  }
  const masked = await call('/v1/call', { token: MASKED_TOKEN, body: { command: '02' } });
  assert.equal(masked.status, 403, 'a tenant without call.allow may call nothing');
  // The command comes only from `command`, never smuggled in the query.
  const smuggled = await call('/v1/call', { token: A.token, body: { command: '02', query: { command: '09' } } });
  assert.equal(smuggled.status, 400);
  assert.equal(smuggled.json.field, 'query');
  const getBody = await call('/v1/call', { token: A.token, body: { command: '02', method: 'GET', body: {} } });
  assert.equal(getBody.status, 400);
  assert.equal(mock.gateway.stats.requests, before);
});

test('GET /healthz, /readyz, /metrics; HEAD; 404 and 405 are problems', async () => {
  const h = await call('/healthz', { method: 'GET' });
  assert.deepEqual([h.status, h.json], [200, { status: 'ok' }]);
  const r = await call('/readyz', { method: 'GET' });
  assert.deepEqual([r.status, r.json], [200, { status: 'ready', checks: { config: 'ok' } }]);
  const head = await request(svc.url, { method: 'HEAD', path: '/healthz' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  const nf = await request(svc.url, { method: 'GET', path: '/v2/exchange' });
  assert.equal(nf.status, 404);
  assert.equal(nf.json.code, 'NOT_FOUND');
  checkProblem(nf);
  const na = await request(svc.url, { method: 'GET', path: '/v1/exchange' });
  checkProblem(na);
  assert.equal(na.status, 405);
  assert.equal(na.headers.allow, 'POST');
  assert.equal(na.json.code, 'METHOD_NOT_ALLOWED');
  const m = await call('/metrics', { method: 'GET' });
  assert.match(m.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  assert.match(m.text, /^yjt_serve_requests_total\{route="\/v1\/exchange",tenant="plain",status="200",outcome="ok"\} [1-9]\d*$/m);
  assert.match(m.text, /^yjt_serve_requests_total\{route="\/v1\/exchange",tenant="plain",status="422",outcome="GATEWAY_FAILURE"\} [1-9]/m);
  assert.match(m.text, /^yjt_serve_requests_total\{route="\/v1\/call",tenant="plain",status="403",outcome="FORBIDDEN"\} [1-9]/m);
  assert.match(m.text, /^yjt_serve_request_duration_seconds_bucket\{route="\/v1\/exchange",le="\+Inf"\} [1-9]/m);
  assert.match(m.text, /^yjt_serve_gateway_duration_seconds_count\{tenant="plain",client="exchange",outcome="ok"\} [1-9]/m);
  assert.match(m.text, /^yjt_serve_gateway_duration_seconds_count\{tenant="plain",client="call",outcome="ok"\} [1-9]/m);
  assert.match(m.text, /^yjt_serve_gateway_duration_seconds_count\{tenant="plain",client="exchange",outcome="TIMEOUT"\} 1$/m);
  assert.match(m.text, /^yjt_serve_in_flight 1$/m, 'the /metrics request itself is in flight');
});

test('log lines: one JSON line per request (route, tenant, status, code, duration); no code, secret or PII anywhere', async () => {
  const lines = svc.lines().filter((l) => l.msg === 'request');
  assert.ok(lines.length >= 20, String(lines.length));
  for (const l of lines) {
    assert.deepEqual(Object.keys(l).sort(), ['code', 'durationMs', 'level', 'method', 'msg', 'route', 'status', 'tenant', 'time']);
    assert.equal(typeof l.durationMs, 'number');
  }
  assert.ok(lines.some((l) => l.route === '/v1/exchange' && l.tenant === 'plain' && l.status === 422 && l.code === 'GATEWAY_FAILURE'));
  assert.deepEqual(leaks(svc.out + svc.stderr, codes), []);
});
