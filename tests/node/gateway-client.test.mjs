// GatewayClient (any API behind the gateway) from the installed tarball: GET and POST against the
// mock's services, both envelopes, gateway-level rejections, the header-override rule, the shared
// transport's rules (timeout, cap, no redirect, https), redaction, free/dispose.
import { describe, test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import util from 'node:util';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRIES, esm as m, CREDS, PKG_DIR, sha256Sig } from './_pkg.mjs';
import { rejectsYjt, throwsYjt, assertNoSecrets } from './_assert.mjs';
import { closedPort } from './_gateway.mjs';

const { createMockGateway, startMockGateway, MOCK_API_PATH } = await import(pathToFileURL(path.join(PKG_DIR, 'mock.mjs')).href);

const test = (name, fn) => nodeTest(name, { timeout: 15_000 }, fn);

const SERVICE_ID = 'DGSP_1911964810465574914';
const BASE = `https://gw.example${MOCK_API_PATH}`;
const mockCreds = { appCode: CREDS.appCode, appKey: CREDS.appKey, paasId: CREDS.paasId, paasToken: CREDS.paasToken, appSecret: CREDS.appSecret };
const options = (extra = {}) => ({
  paasId: CREDS.paasId, paasToken: CREDS.paasToken, appSecret: CREDS.appSecret, serviceId: SERVICE_ID, baseUrl: BASE, ...extra,
});
const json = (status, value) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json;charset=utf-8' } });

/** A mock with a few services; `seen` records what each service received. */
function mockWith(extra = {}) {
  const seen = [];
  const gw = createMockGateway({
    ...mockCreds,
    services: {
      // {code, message, success, data}: the mock wraps the returned value.
      '02': (q, body, req) => {
        seen.push({ q: [...q], body, req });
        return { id: q.get('id'), echo: body ?? null };
      },
      // {errcode, errmsg, data}: a Response passes through.
      '03': (q, body) => json(200, { errcode: 0, errmsg: 'SUCCESS', data: { list: [1, 2], got: body ?? null } }),
      fail1: () => json(200, { errcode: 1, errmsg: '失败：记录不存在' }),
      failCode: () => json(200, { code: 500, message: `服务异常 ${CREDS.paasToken}`, success: false, data: null }),
      rejected: () => json(200, { errcode: 400000403, errmsg: 'forbidden.' }),
      nodata: () => json(200, { code: 200, message: '成功', success: true }),
    },
    ...extra,
  });
  const calls = [];
  const fetch = (url, init) => {
    calls.push({ url, init });
    return gw.fetch(new Request(url, init));
  };
  return { gw, seen, calls, fetch };
}

async function fails(client, promise, code, extra = {}, context = '') {
  const err = await rejectsYjt(m, promise, code, extra, context);
  assertNoSecrets([err, client]);
  return err;
}

// -------------------------------------------------------------------------------------------
describe('GatewayClient against the mock gateway services', () => {
  test('GET: signed query to a service answering {code, message, success, data}', async () => {
    for (const [name, mod] of ENTRIES) {
      const mk = mockWith();
      const client = new mod.GatewayClient(options({ fetch: mk.fetch }));
      const r = await client.request({ query: { command: '02', id: 7 } });
      assert.equal(r.status, 200, name);
      assert.deepEqual(r.data, { id: '7', echo: null }, name);
      assert.deepEqual(r.envelope, { code: 200, message: '成功', success: true, data: { id: '7', echo: null } }, name);
      const { url, init } = mk.calls[0];
      assert.equal(url, `${BASE}?command=02&id=7`);
      assert.equal(init.method, 'GET');
      assert.equal(init.redirect, 'manual');
      assert.equal(init.body, undefined);
      // The signature, computed independently, over the headers actually sent.
      const h = init.headers;
      assert.equal(h['x-tsp-signature'], sha256Sig(h['x-tsp-timestamp'], CREDS.paasToken, h['x-tsp-nonce']));
      assert.equal(h['x-tsp-paasid'], CREDS.paasId);
      assert.equal(h['x-tsp-serviceid'], SERVICE_ID);
      assert.ok(!JSON.stringify(init).includes(CREDS.paasToken), 'the token is never sent');
      assert.equal(mk.gw.stats.serviceCalls, 1);
      client.free();
    }
  });

  test('POST: the JSON body reaches the service; {errcode, errmsg, data} envelope; pairs as query', async () => {
    const mk = mockWith();
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    const r = await client.request({ method: 'POST', query: [['command', '02'], ['id', 'a b&c']], body: { page: 1, name: '粤' } });
    assert.deepEqual(r.data, { id: 'a b&c', echo: { page: 1, name: '粤' } });
    assert.equal(mk.seen[0].req.method, 'POST');
    assert.equal(mk.seen[0].req.headers.get('content-type'), 'application/json;charset=utf-8');
    assert.equal(mk.calls[0].init.body, JSON.stringify({ page: 1, name: '粤' }));
    const r3 = await client.request({ method: 'POST', query: { command: '03' }, body: [1, 'x'] });
    assert.deepEqual(r3.data, { list: [1, 2], got: [1, 'x'] });
    assert.deepEqual(r3.envelope, { errcode: 0, errmsg: 'SUCCESS', data: { list: [1, 2], got: [1, 'x'] } });
    const none = await client.request({ query: { command: 'nodata' } });
    assert.equal(none.data, undefined);
    assert.deepEqual(none.envelope, { code: 200, message: '成功', success: true });
    client.free();
  });

  test('envelope failures: {errcode: 1} and {code: 500, success: false} → GATEWAY_FAILURE with errcode; echoed token scrubbed', async () => {
    const mk = mockWith();
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    await fails(client, client.request({ query: { command: 'fail1' } }), 'GATEWAY_FAILURE', { errcode: 1, status: 200, retryable: false });
    const e = await fails(client, client.request({ query: { command: 'failCode' } }), 'GATEWAY_FAILURE', { errcode: 500, status: 200 });
    assert.ok(!e.message.includes(CREDS.paasToken));
    client.free();
  });

  test('4000004xx → GATEWAY_REJECTED: from a service, and the mock gateway itself (bad token, gatewayErrors)', async () => {
    const mk = mockWith({ gatewayErrors: true });
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    await fails(client, client.request({ query: { command: 'rejected' } }), 'GATEWAY_REJECTED', { errcode: 400000403 });
    const wrongToken = new m.GatewayClient(options({ fetch: mk.fetch, paasToken: 'tok-wrong-000' }));
    await fails(wrongToken, wrongToken.request({ query: { command: '02' } }), 'GATEWAY_REJECTED', { errcode: 400000401 });
    const wrongService = new m.GatewayClient(options({ fetch: mk.fetch, serviceId: 'DGSP_0' }));
    await fails(wrongService, wrongService.request({ query: { command: '02' } }), 'GATEWAY_REJECTED', { errcode: 400000404 });
    assert.equal(mk.seen.length, 0, 'no service ran for a rejected request');
    for (const c of [client, wrongToken, wrongService]) c.free();
  });

  test('the mock verifies service calls like the exchange: appSecret, paasid, skew, nonce replay', async () => {
    const mk = mockWith();
    const bad = [
      [options({ fetch: mk.fetch, appSecret: 'sec-other-1' }), 'GATEWAY_SIGNATURE', 3],
      [options({ fetch: mk.fetch, paasId: 'paas-other' }), 'GATEWAY_SIGNATURE', 3],
      [options({ fetch: mk.fetch, now: () => Date.now() - 10 * 60_000 }), 'GATEWAY_INVALID_PARAMS', 2],
    ];
    for (const [o, code, errcode] of bad) {
      const c = new m.GatewayClient(o);
      await fails(c, c.request({ query: { command: '02' } }), code, { errcode });
      c.free();
    }
    // Replay: the same signed request sent twice.
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    await client.request({ query: { command: '02' } });
    const { url, init } = mk.calls.at(-1);
    const replay = await (await mk.gw.fetch(new Request(url, { method: 'GET', headers: init.headers }))).json();
    assert.equal(replay.errcode, 2);
    assert.equal(mk.seen.length, 1);
    client.free();
  });

  test('caller headers may not override the signed gateway headers (any case) → INVALID_INPUT naming the header', async () => {
    const mk = mockWith();
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    for (const name of ['X-TSP-Signature', 'x-tsp-nonce', 'x-tsp-timestamp', 'X-Tsp-PaasId', 'x-tsp-appsecret', 'x-tsp-serviceid', 'Content-Type']) {
      const e = await fails(client, client.request({ query: { command: '02' }, headers: { [name]: 'x' } }), 'INVALID_INPUT');
      assert.ok(e.message.includes(name), e.message);
    }
    for (const headers of [{ 'bad name': 'x' }, { 'x-a': 'v\r\nx-b: 1' }, { 'x-a': 5 }, 'x-a']) {
      await fails(client, client.request({ query: { command: '02' }, headers }), 'INVALID_INPUT');
    }
    assert.equal(mk.calls.length, 0, 'nothing was sent');
    await client.request({ query: { command: '02' }, headers: { 'x-tsp-target': 'hospital-7' } });
    assert.equal(mk.seen[0].req.headers.get('x-tsp-target'), 'hospital-7');
    client.free();
  });

  test('bad request options → INVALID_INPUT before any fetch', async () => {
    const mk = mockWith();
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    const bad = [
      { method: 'PUT' }, { method: 'get' }, { body: { a: 1 } }, { method: 'POST', body: 10n }, { query: 'command=02' },
      { query: { n: NaN } }, { query: [['a']] }, { query: [[1, 'x']] }, { query: { '': 'x' } }, { signal: 'no' }, 5,
    ];
    for (const o of bad) await fails(client, client.request(o), 'INVALID_INPUT', {}, util.inspect(o));
    assert.equal(mk.calls.length, 0);
    client.free();
  });
});

// -------------------------------------------------------------------------------------------
describe('GatewayClient: the shared transport rules', () => {
  let server;
  let base;
  const hits = [];
  before(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url);
      const u = new URL(req.url, 'http://x');
      const cmd = u.searchParams.get('command');
      if (cmd === 'redirect') return res.writeHead(302, { location: `${base}?command=ok` }).end();
      if (cmd === 'huge') return res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.alloc(64 * 1024, 0x20));
      if (cmd === 'stall') return void res.writeHead(200, { 'content-type': 'application/json' }).write('{"code":');
      if (cmd === 'status') return res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 200, message: '成功', success: true, data: { cmd } }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${server.address().port}${MOCK_API_PATH}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
  });

  test('a 3xx is not followed → HTTP_STATUS; plain http is loopback-only unless allowInsecureHttp', async () => {
    const client = new m.GatewayClient(options({ baseUrl: base }));
    assert.deepEqual((await client.request({ query: { command: 'ok' } })).data, { cmd: 'ok' });
    await fails(client, client.request({ query: { command: 'redirect' } }), 'HTTP_STATUS', { status: 302 });
    assert.equal(hits.filter((h) => h.includes('command=ok')).length, 1, 'the Location was never requested');
    await fails(client, client.request({ query: { command: 'status' } }), 'HTTP_STATUS', { status: 503, retryable: true });
    client.free();
    const e = throwsYjt(m, () => new m.GatewayClient(options({ baseUrl: 'http://gateway.example/api' })), 'INVALID_CONFIG');
    assert.ok(e.message.includes('baseUrl'));
    new m.GatewayClient(options({ baseUrl: 'http://gateway.example/api', allowInsecureHttp: true })).free();
  });

  test('body cap: declared Content-Length and streamed → BAD_RESPONSE', async () => {
    const client = new m.GatewayClient(options({ baseUrl: base, maxBodyBytes: 1024 }));
    const e = await fails(client, client.request({ query: { command: 'huge' } }), 'BAD_RESPONSE');
    assert.match(e.message, /1024-byte cap/);
    let pulled = 0;
    const endless = new m.GatewayClient(options({
      maxBodyBytes: 1024,
      fetch: async () => new Response(new ReadableStream({ pull(c) { pulled += 512; c.enqueue(new Uint8Array(512)); } })),
    }));
    await fails(endless, endless.request(), 'BAD_RESPONSE');
    assert.ok(pulled <= 1024 + 1024, `${pulled} bytes pulled`);
    client.free();
    endless.free();
  });

  test('timeout: stalled body, and a fetch that ignores the signal → TIMEOUT (retryable), host only', async () => {
    const quick = new m.GatewayClient(options({ baseUrl: base, timeoutMs: 150 }));
    const e = await fails(quick, quick.request({ query: { command: 'stall', secretish: 'q-PRIVATE' } }), 'TIMEOUT', { retryable: true });
    assert.ok(!e.message.includes('q-PRIVATE') && !e.message.includes('command'), 'no query in the message');
    assert.ok(e.message.includes('127.0.0.1:'), e.message);
    const deaf = new m.GatewayClient(options({ timeoutMs: 50, fetch: () => new Promise(() => {}) }));
    await fails(deaf, deaf.request(), 'TIMEOUT', { retryable: true });
    quick.free();
    deaf.free();
  });

  test('caller abort → ABORTED (the fetch signal is aborted too); refused connection → NETWORK', async () => {
    let fetchSignal;
    const held = new m.GatewayClient(options({ fetch: (_u, init) => { fetchSignal = init.signal; return new Promise(() => {}); } }));
    const ctrl = new AbortController();
    const p = held.request({ signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 20);
    await fails(held, p, 'ABORTED', { retryable: false });
    assert.equal(fetchSignal.aborted, true);
    await fails(held, held.request({ signal: AbortSignal.abort() }), 'ABORTED');
    held.free();
    const port = await closedPort();
    const dead = new m.GatewayClient(options({ baseUrl: `http://127.0.0.1:${port}/x` }));
    const e = await fails(dead, dead.request({ query: { command: 'x' } }), 'NETWORK', { retryable: true });
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    dead.free();
  });

  test('a throwing fetch quoting the URL → NETWORK without the URL; non-Response → BAD_RESPONSE; bad UTF-8 → BAD_RESPONSE', async () => {
    const leaky = new m.GatewayClient(options({ fetch: async (url) => { throw new TypeError(`failed ${url} ${CREDS.appSecret}`); } }));
    const e = await fails(leaky, leaky.request({ query: { command: 'zz-PRIVATE' } }), 'NETWORK');
    assert.ok(!util.inspect(e, { depth: 5 }).includes('zz-PRIVATE'));
    const odd = new m.GatewayClient(options({ fetch: async () => ({ nope: true }) }));
    await fails(odd, odd.request(), 'BAD_RESPONSE');
    const utf = new m.GatewayClient(options({ fetch: async () => new Response(new Uint8Array([0x7b, 0xff, 0x7d])) }));
    await fails(utf, utf.request(), 'BAD_RESPONSE');
    for (const c of [leaky, odd, utf]) c.free();
  });
});

// -------------------------------------------------------------------------------------------
describe('GatewayClient config, redaction, lifetime', () => {
  const bad = [
    ['paasId', undefined], ['paasToken', ''], ['serviceId', undefined], ['baseUrl', 'ftp://x/y'], ['baseUrl', 'https://u:p@x/y'],
    ['timeoutMs', 0], ['timeoutMs', NaN], ['maxBodyBytes', -1], ['fetch', 'fetch'], ['now', 5], ['gateway', { prefix: 'x y' }], ['unknownField', 1],
  ];
  for (const [field, value] of bad) {
    test(`${field}=${util.inspect(value)} → INVALID_CONFIG naming ${field}`, () => {
      const o = options({ [field]: value });
      if (value === undefined) delete o[field];
      const e = throwsYjt(m, () => new m.GatewayClient(o), 'INVALID_CONFIG');
      assert.ok(e.message.includes(field === 'gateway' ? 'prefix' : field), e.message);
      assertNoSecrets([e]);
    });
  }

  test('util.inspect / JSON.stringify / toString show no secrets; the inspect view is the redacted one', () => {
    const c = new m.GatewayClient(options());
    assertNoSecrets([c, { c }]);
    const want = `{ serviceId: '${SERVICE_ID}', host: 'gw.example:443', timeoutMs: 10000, secrets: '[REDACTED]' }`;
    assert.equal(util.inspect(c, { breakLength: Infinity }), want);
    assert.equal(util.inspect(c, { breakLength: Infinity, showHidden: true }), want);
    assert.equal(JSON.stringify(c), JSON.stringify({ serviceId: SERVICE_ID, host: 'gw.example:443' }));
    assert.equal(String(c), `GatewayClient { serviceId: ${SERVICE_ID}, host: gw.example:443 }`);
    assert.equal(typeof c[Symbol.for('Deno.customInspect')], 'function');
    c.free();
  });

  test('free() is idempotent; a freed client rejects INVALID_INPUT; Symbol.dispose frees', async () => {
    const mk = mockWith();
    const c = new m.GatewayClient(options({ fetch: mk.fetch }));
    c.free();
    c.free();
    await rejectsYjt(m, c.request({ query: { command: '02' } }), 'INVALID_INPUT');
    const d = new m.GatewayClient(options({ fetch: mk.fetch }));
    assert.equal((await d.request({ query: { command: '02', id: 1 } })).data.id, '1');
    d[Symbol.dispose]();
    await rejectsYjt(m, d.request({ query: { command: '02' } }), 'INVALID_INPUT');
    assert.equal(mk.calls.length, 1);
  });

  test('against startMockGateway over node:http: GET and POST', async () => {
    const mock = await startMockGateway({
      ...mockCreds,
      services: { '05': (q, body) => ({ q: Object.fromEntries(q), body: body ?? null }) },
    });
    try {
      const c = new m.GatewayClient(options({ baseUrl: mock.baseUrl }));
      assert.deepEqual((await c.request({ query: { command: '05', a: 1 } })).data, { q: { command: '05', a: '1' }, body: null });
      assert.deepEqual((await c.request({ method: 'POST', query: { command: '05' }, body: { x: '中' } })).data, { q: { command: '05' }, body: { x: '中' } });
      c.free();
    } finally {
      await mock.close();
    }
  });
});
