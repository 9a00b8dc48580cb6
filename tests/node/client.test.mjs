// YjtClient over a fake in-process fetch and over a real node:http gateway on 127.0.0.1:
// success, errcodes, HTTP statuses, bad bodies, size cap, timeouts, refused connections,
// caller aborts, same-code coalescing, redirects, config errors — and, for every failure,
// that no rendering of the error or the client carries a secret or unmasked PII.
import { describe, test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { esm as m, cjs, CREDS, USER, baseConfig, successBody } from './_pkg.mjs';
import { rejectsYjt, throwsYjt, assertNoSecrets } from './_assert.mjs';
import { fakeFetch, startGateway, closedPort, staticAnswer, PATH } from './_gateway.mjs';

// A hang fails its own test instead of stalling the run.
const test = (name, fn) => nodeTest(name, { timeout: 15_000 }, fn);

const EXPECTED_USER = {
  userId: USER.userId,
  name: USER.name,
  phone: USER.phone,
  certificateNo: USER.certificateNo,
  certificateType: '01',
  healthCardNo: USER.healthCardNo,
  gender: 1,
  nation: '01',
  channel: '1',
  labels: { certificateType: '居民身份证', gender: '男', nation: '汉族', channel: '内地' },
};
const plain = (u) => JSON.parse(JSON.stringify(u));

/** Expect a YjtError with `code` (+ fields), and that nothing it or the client renders leaks. */
async function fails(client, promise, code, extra = {}, context = '') {
  const err = await rejectsYjt(m, promise, code, extra, context);
  assertNoSecrets([err, client]);
  return err;
}

const ERRCODES = [
  [1, 'GATEWAY_FAILURE', false],
  [2, 'GATEWAY_INVALID_PARAMS', false],
  [3, 'GATEWAY_SIGNATURE', false],
  [400000400, 'GATEWAY_REJECTED', false],
  [400000401, 'GATEWAY_REJECTED', false],
  [400000403, 'GATEWAY_REJECTED', false],
  [400000404, 'GATEWAY_REJECTED', false],
  [400000429, 'GATEWAY_REJECTED', true],
  [400000529, 'GATEWAY_REJECTED', true],
];
const STATUSES = [400, 401, 403, 404, 429, 500, 502, 503, 504];
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

// -------------------------------------------------------------------------------------------
describe('YjtClient over an in-process fetch', () => {
  test('success: one GET with the signed headers, redirect manual, an AbortSignal', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    const user = await client.exchangeCode('ok-fake');
    assert.deepEqual(plain(user), EXPECTED_USER);
    assert.equal(f.calls.length, 1);
    const { url, init } = f.calls[0];
    assert.equal(url, `https://sjzt.wjw.gdgov.cn${PATH}?appCode=${CREDS.appCode}&command=01&code=ok-fake&businessType=1`);
    assert.equal(init.method, 'GET');
    assert.equal(init.redirect, 'manual');
    assert.ok(init.signal instanceof AbortSignal);
    assert.equal(init.signal.aborted, false);
    assert.equal(init.body, undefined);
    const again = await client.exchangeCode('ok-fake', { businessType: 4 });
    assert.equal(new URL(f.calls[1].url).searchParams.get('businessType'), '4');
    assert.equal(again.userId, USER.userId);
    client.free();
  });

  test('each errcode, each HTTP status class, non-JSON, bad UTF-8', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    for (const [errcode, code, retryable] of ERRCODES) {
      await fails(client, client.exchangeCode(`ec${errcode}-fake`), code, { errcode, retryable }, `errcode ${errcode}`);
    }
    for (const status of STATUSES) {
      await fails(client, client.exchangeCode(`st${status}-fake`), 'HTTP_STATUS', { status, retryable: RETRYABLE_STATUS.has(status) });
    }
    await fails(client, client.exchangeCode('nonjson-fake'), 'BAD_RESPONSE', { retryable: false });
    await fails(client, client.exchangeCode('badutf8-fake'), 'BAD_RESPONSE');
    await fails(client, client.exchangeCode('trunc-fake'), 'BAD_RESPONSE');
  });

  test('a throwing fetch → NETWORK (retryable), with a cause; a failing body stream → NETWORK', async () => {
    const boom = new m.YjtClient(baseConfig({ fetch: async () => { throw new TypeError('fetch failed'); } }));
    const e = await fails(boom, boom.exchangeCode('abc'), 'NETWORK', { retryable: true });
    assert.ok(e.cause instanceof TypeError);
    const broken = new m.YjtClient(baseConfig({
      fetch: async () => new Response(new ReadableStream({
        start(c) { c.enqueue(new TextEncoder().encode('{"errcode":')); c.error(new Error('socket hang up')); },
      })),
    }));
    await fails(broken, broken.exchangeCode('abc'), 'NETWORK', { retryable: true });
  });

  test('a fetch that ignores the AbortSignal still ends in TIMEOUT', async () => {
    const hanging = new m.YjtClient(baseConfig({ timeoutMs: 50, fetch: () => new Promise(() => {}) }));
    await fails(hanging, hanging.exchangeCode('abc'), 'TIMEOUT', { retryable: true });
    const stalledBody = new m.YjtClient(baseConfig({
      timeoutMs: 50,
      fetch: async () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{')); } })),
    }));
    await fails(stalledBody, stalledBody.exchangeCode('abc'), 'TIMEOUT', { retryable: true });
  });

  test('invalid codes reject (not throw) INVALID_INPUT before any fetch', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    for (const code of ['', 'a&b', 'a\r\nb', '小明', 'x'.repeat(65), 5, null]) {
      const p = client.exchangeCode(code);
      assert.ok(p instanceof Promise);
      await fails(client, p, 'INVALID_INPUT');
    }
    await fails(client, client.exchangeCode('abc', { businessType: 0 }), 'INVALID_INPUT');
    assert.equal(f.calls.length, 0);
  });

  /**
   * A body stream that counts what the client pulls and stops itself after `limit` bytes, so a
   * client without a cap fails the assertions below instead of reading until it runs out of
   * memory. highWaterMark 0: nothing is pulled before the client reads.
   */
  const countingBody = (chunk = 512, limit = 4 * 1024 * 1024) => {
    const counter = { pulled: 0, cancelled: false };
    counter.stream = new ReadableStream({
      pull(c) {
        if (counter.pulled >= limit) return c.close();
        counter.pulled += chunk;
        c.enqueue(new Uint8Array(chunk).fill(0x61));
      },
      cancel() { counter.cancelled = true; },
    }, { highWaterMark: 0 });
    return counter;
  };
  const capMessage = /1024-byte cap/;

  test('a declared Content-Length above maxBodyBytes → BAD_RESPONSE before any byte is read', async () => {
    const body = countingBody();
    const declared = new m.YjtClient(baseConfig({
      maxBodyBytes: 1024,
      fetch: async () => new Response(body.stream, { headers: { 'content-length': String(4 * 1024 * 1024) } }),
    }));
    const e = await fails(declared, declared.exchangeCode('abc'), 'BAD_RESPONSE');
    assert.match(e.message, capMessage);
    assert.equal(body.pulled, 0, 'not one byte pulled from the body');
    assert.ok(body.cancelled, 'the body is cancelled');
  });

  test('an endless streamed body → BAD_RESPONSE after at most cap + one chunk', async () => {
    const body = countingBody(512);
    const streamed = new m.YjtClient(baseConfig({ maxBodyBytes: 1024, fetch: async () => new Response(body.stream) }));
    const e = await fails(streamed, streamed.exchangeCode('abc'), 'BAD_RESPONSE');
    assert.match(e.message, capMessage);
    assert.ok(body.pulled <= 1024 + 512, `${body.pulled} bytes read`);
    assert.ok(body.cancelled, 'the rest of the body is cancelled');
  });

  test('a body of exactly maxBodyBytes is accepted', async () => {
    // exactly at the cap is fine
    const exact = new m.YjtClient(baseConfig({ maxBodyBytes: Buffer.byteLength(successBody()), fetch: fakeFetch().fetch }));
    assert.equal((await exact.exchangeCode('ok-exact')).userId, USER.userId);
  });
});

// -------------------------------------------------------------------------------------------
describe('YjtClient against a node:http gateway on 127.0.0.1', () => {
  let gw;
  let client;
  before(async () => {
    gw = await startGateway();
    client = new m.YjtClient(baseConfig({ baseUrl: gw.baseUrl, timeoutMs: 5_000 }));
  });
  after(async () => {
    client.free();
    await gw.close();
  });

  test('success: the server verified signature, headers and query', async () => {
    const user = await client.exchangeCode('ok-http');
    assert.deepEqual(plain(user), EXPECTED_USER);
    assert.equal(gw.count('ok-http'), 1);
    // the CJS build talks to it as well
    const c2 = new cjs.YjtClient(baseConfig({ baseUrl: gw.baseUrl }));
    assert.deepEqual(plain(await c2.exchangeCode('ok-http-cjs')), EXPECTED_USER);
    c2.free();
  });

  test('each errcode', async () => {
    for (const [errcode, code, retryable] of ERRCODES) {
      await fails(client, client.exchangeCode(`ec${errcode}-http`), code, { errcode, retryable, status: 200 }, `errcode ${errcode}`);
    }
  });

  test('each HTTP status class; retryable only 429 / 502 / 503 / 504', async () => {
    for (const status of STATUSES) {
      await fails(client, client.exchangeCode(`st${status}-http`), 'HTTP_STATUS', { status, retryable: RETRYABLE_STATUS.has(status) });
    }
  });

  test('non-JSON, invalid UTF-8 and truncated bodies → BAD_RESPONSE, no PII quoted', async () => {
    assert.ok(staticAnswer('trunc').body.includes(USER.name), 'the truncated body does carry the name');
    for (const code of ['nonjson-http', 'badutf8-http', 'trunc-http']) {
      await fails(client, client.exchangeCode(code), 'BAD_RESPONSE', {}, code);
    }
  });

  test('a 302 redirect is not followed → HTTP_STATUS', async () => {
    await fails(client, client.exchangeCode('redirect-http'), 'HTTP_STATUS', { status: 302 });
    assert.equal(gw.hits.filter((h) => h.code === null).length, 0, 'the Location was never requested');
  });

  test('huge body: declared content-length and endless chunked → BAD_RESPONSE (the cap, not a parse error)', async () => {
    const small = new m.YjtClient(baseConfig({ baseUrl: gw.baseUrl, maxBodyBytes: 4096 }));
    for (const code of ['hugecl-http', 'hugechunked-http']) {
      const e = await fails(small, small.exchangeCode(code), 'BAD_RESPONSE');
      assert.match(e.message, /4096-byte cap/, code);
    }
    small.free();
  });

  test('slow body and slow headers → TIMEOUT (retryable)', async () => {
    const quick = new m.YjtClient(baseConfig({ baseUrl: gw.baseUrl, timeoutMs: 150 }));
    const e1 = await fails(quick, quick.exchangeCode('slowbody-http'), 'TIMEOUT', { retryable: true });
    const e2 = await fails(quick, quick.exchangeCode('slowheaders-http'), 'TIMEOUT', { retryable: true });
    assert.equal(gw.count('slowbody-http'), 1);
    assert.equal(gw.count('slowheaders-http'), 1);
    for (const e of [e1, e2]) assert.ok(!e.message.includes('slow'), 'the code is not in the message');
    quick.free();
  });

  test('connection refused → NETWORK (retryable)', async () => {
    const port = await closedPort();
    const dead = new m.YjtClient(baseConfig({ baseUrl: `http://127.0.0.1:${port}${PATH}` }));
    const e = await fails(dead, dead.exchangeCode('abc'), 'NETWORK', { retryable: true });
    assert.ok(e.cause !== undefined, 'the transport error is kept as the cause');
    dead.free();
  });

  test('abort by the caller → ABORTED; an already-aborted signal never reaches the server', async () => {
    const c = new m.YjtClient(baseConfig({ baseUrl: gw.baseUrl, timeoutMs: 300 }));
    const ctrl = new AbortController();
    const p = c.exchangeCode('slowheaders-abort', { signal: ctrl.signal });
    await gw.arrived('slowheaders-abort');
    ctrl.abort();
    await fails(c, p, 'ABORTED', { retryable: false });

    const pre = AbortSignal.abort();
    await fails(c, c.exchangeCode('ok-preaborted', { signal: pre }), 'ABORTED');
    assert.equal(gw.count('ok-preaborted'), 0);
    c.free();
  });

  test('same-code coalescing: N concurrent calls → one request, one identity', async () => {
    const code = 'gate-same';
    const calls = Array.from({ length: 8 }, () => client.exchangeCode(code));
    await gw.arrived(code);
    gw.release(code);
    const users = await Promise.all(calls);
    assert.equal(gw.count(code), 1);
    for (const u of users) assert.deepEqual(plain(u), EXPECTED_USER);
    assert.equal(new Set(users).size, users.length, 'each caller gets its own copy of the identity');
    // not a cache: once settled, the same code is sent again
    await client.exchangeCode(code);
    assert.equal(gw.count(code), 2);
  });

  test('different codes (or business types) are separate requests', async () => {
    const a = Array.from({ length: 4 }, () => client.exchangeCode('gate-a'));
    const b = Array.from({ length: 4 }, () => client.exchangeCode('gate-b'));
    const a3 = client.exchangeCode('gate-a', { businessType: 3 });
    await Promise.all([gw.arrived('gate-a'), gw.arrived('gate-b')]);
    gw.release('gate-a');
    gw.release('gate-b');
    await Promise.all([...a, ...b, a3]);
    assert.equal(gw.count('gate-b'), 1);
    assert.equal(gw.count('gate-a'), 2, 'businessType 1 and 3 are two requests');
    const q = gw.hits.filter((h) => h.code === 'gate-a').map((h) => new URL(h.url, 'http://x').searchParams.get('businessType')).sort();
    assert.deepEqual(q, ['1', '3']);
  });

  test('one caller aborting does not cancel the shared request for the others', async () => {
    const code = 'gate-shared-abort';
    const ctrl = new AbortController();
    const quitter = client.exchangeCode(code, { signal: ctrl.signal });
    const stayer = client.exchangeCode(code);
    await gw.arrived(code);
    ctrl.abort();
    await fails(client, quitter, 'ABORTED');
    gw.release(code);
    assert.deepEqual(plain(await stayer), EXPECTED_USER);
    assert.equal(gw.count(code), 1);
  });
});

// -------------------------------------------------------------------------------------------
describe('YjtClient config errors', () => {
  const bad = [
    ['timeoutMs', 0], ['timeoutMs', -1], ['timeoutMs', NaN], ['timeoutMs', Infinity], ['timeoutMs', '1000'], ['timeoutMs', 600_001],
    ['maxBodyBytes', 0], ['maxBodyBytes', -5], ['maxBodyBytes', NaN], ['maxBodyBytes', '1024'], ['maxBodyBytes', 2 ** 40],
    ['fetch', 'fetch'], ['fetch', {}], ['fetch', 5],
    ['baseUrl', 'http://gateway.example/api'], ['baseUrl', 'http://10.0.0.8/api'],
    ['appKey', 'not-a-key'], ['paasToken', ''], ['env', 'staging'],
  ];
  for (const [field, value] of bad) {
    test(`${field}=${typeof value === 'string' ? JSON.stringify(value) : String(value)} → INVALID_CONFIG naming ${field}`, () => {
      const e = throwsYjt(m, () => new m.YjtClient(baseConfig({ [field]: value })), 'INVALID_CONFIG');
      assert.ok(e.message.includes(field), e.message);
      assertNoSecrets([e]);
    });
  }

  test('plain http: loopback allowed, other hosts only with allowInsecureHttp', () => {
    for (const baseUrl of ['http://127.0.0.1:1/x', 'http://localhost:1/x', 'http://[::1]:1/x']) new m.YjtClient(baseConfig({ baseUrl })).free();
    new m.YjtClient(baseConfig({ baseUrl: 'http://gateway.example/api', allowInsecureHttp: true })).free();
  });

  test('no global fetch and none configured → INVALID_CONFIG', () => {
    const saved = globalThis.fetch;
    try {
      globalThis.fetch = undefined;
      throwsYjt(m, () => new m.YjtClient(baseConfig()), 'INVALID_CONFIG');
      new m.YjtClient(baseConfig({ fetch: saved })).free();
    } finally {
      globalThis.fetch = saved;
    }
  });

  test('a freed client rejects with a YjtError', async () => {
    const c = new m.YjtClient(baseConfig({ fetch: fakeFetch().fetch }));
    c.free();
    await rejectsYjt(m, c.exchangeCode('ok-freed'), 'INVALID_INPUT');
  });

  test('the client renders without secrets; its inspect view is the redacted one', () => {
    const c = new m.YjtClient(baseConfig());
    assertNoSecrets([c, { c }]);
    // The view itself, not only the absence of secrets: the redaction hook is what renders it.
    const want = `{ env: 'test', appCode: '${CREDS.appCode}', timeoutMs: 10000, secrets: '[REDACTED]' }`;
    const oneLine = { breakLength: Infinity };
    assert.equal(util.inspect(c, oneLine), want);
    assert.equal(util.inspect(c, { ...oneLine, showHidden: true }), want);
    assert.equal(util.inspect({ c }, oneLine), `{ c: ${want} }`);
    const deno = c[Symbol.for('Deno.customInspect')];
    assert.equal(typeof deno, 'function', 'Deno.inspect hook');
    assert.deepEqual(JSON.parse(deno.call(c, (v) => JSON.stringify(v), {})), { env: 'test', appCode: CREDS.appCode, timeoutMs: 10000, secrets: '[REDACTED]' });
    assert.deepEqual(JSON.parse(JSON.stringify(c)), { env: 'test', appCode: CREDS.appCode });
    assert.match(String(c), /YjtClient/);
    c.free();
  });
});
