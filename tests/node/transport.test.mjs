// The transport under both clients (YjtClient, GatewayClient): network errors, timeouts (also when
// a custom fetch ignores the AbortSignal, and the connection is closed afterwards), caller aborts,
// the response body cap, redirects not followed, fetch results that are not a Response — and no
// error carries the URL, the query or the one-time code.
import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import util from 'node:util';
import { esm as m, CREDS, USER, baseConfig, successBody } from './_pkg.mjs';
import { rejectsYjt, throwsYjt, renderings, assertNoSecrets } from './_assert.mjs';
import { fakeFetch, startGateway, closedPort, PATH } from './_gateway.mjs';
import { test, fails, DOCUMENTED } from './_client.mjs';
import { options } from './_gateway-client.mjs';
import { MOCK_API_PATH } from './_mock.mjs';

/** Asserts no rendering of `err` (message, stack, inspect, cause chain) has any of `needles`. */
function assertNotIn(err, needles) {
  for (const text of renderings(err)) {
    for (const n of needles) assert.ok(!text.includes(n), `${JSON.stringify(n)} leaked in: ${text.slice(0, 400)}`);
  }
}

// -------------------------------------------------------------------------------------------
describe('YjtClient over an in-process fetch', () => {
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
});

// -------------------------------------------------------------------------------------------
describe('NETWORK and TIMEOUT errors never carry the URL or the code', () => {
  const CODE = 'OneTimeCode0123456789abcdefXYZ';
  const BASE = 'https://gw.example/data_center/gateway/common/api';

  test('a custom fetch error quoting the URL → host-only message, sanitized cause with the errno code', async () => {
    // Shaped like node-fetch / axios errors: the URL in the message, in a property and in the cause.
    const fetch = async (url) => {
      const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND gw.example for ${url}`), { code: 'ENOTFOUND', hostname: 'gw.example', url });
      throw Object.assign(new TypeError(`request to ${url} failed, reason: ${cause.message}`, { cause }), { url, config: { url } });
    };
    const client = new m.YjtClient(baseConfig({ baseUrl: BASE, fetch }));
    const e = await rejectsYjt(m, client.exchangeCode(CODE), 'NETWORK', { retryable: true });
    assert.equal(e.message, '无法连接网关 gw.example:443 (could not reach the gateway gw.example:443): TypeError (ENOTFOUND)');
    assert.ok(e.cause instanceof TypeError, 'the cause keeps the error class');
    assert.equal(e.cause.code, 'ENOTFOUND');
    assert.equal(e.cause.cause, undefined, 'no cause chain from the transport');
    assertNotIn(e, [CODE, 'code=', PATH, '/data_center']);
    assertNoSecrets([e]);
    client.free();
  });

  test('a fetch that rejects with the URL when the timeout aborts it → TIMEOUT without the URL', async () => {
    const fetch = (url, init) =>
      new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(Object.assign(new Error(`aborted: ${url}`), { url }))));
    const client = new m.YjtClient(baseConfig({ baseUrl: BASE, fetch, timeoutMs: 30 }));
    const e = await rejectsYjt(m, client.exchangeCode(CODE), 'TIMEOUT', { retryable: true });
    assert.match(e.message, /gw\.example:443/);
    assertNotIn(e, [CODE, 'code=', '/data_center']);
    client.free();
  });

  test('a refused connection with the platform fetch → NETWORK naming host:port and ECONNREFUSED', async () => {
    const port = await closedPort();
    const client = new m.YjtClient(baseConfig({ baseUrl: `http://127.0.0.1:${port}${PATH}` }));
    const e = await rejectsYjt(m, client.exchangeCode(CODE), 'NETWORK', { retryable: true });
    assert.equal(e.message, `无法连接网关 127.0.0.1:${port} (could not reach the gateway 127.0.0.1:${port}): TypeError (ECONNREFUSED)`);
    assertNotIn(e, [CODE, 'code=', '/data_center']);
    client.free();
  });
});

// -------------------------------------------------------------------------------------------
describe('a timed-out call closes its connection even when fetch ignores the signal', () => {
  /** A node:http server that sends headers and a first body chunk, then stalls; counts open sockets. */
  async function stallingServer({ holdHeaders = false } = {}) {
    const sockets = new Set();
    const held = [];
    const server = http.createServer((req, res) => {
      res.on('error', () => {});
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"errcode":0,');
      };
      if (holdHeaders) held.push(answer);
      else answer();
    });
    const waiters = [];
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => {
        sockets.delete(s);
        if (sockets.size === 0) waiters.splice(0).forEach((w) => w());
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return {
      url: `http://127.0.0.1:${server.address().port}${PATH}`,
      sockets,
      /** Sends the held headers and first chunk. */
      release: () => held.splice(0).forEach((f) => f()),
      /** Resolves when every socket the server accepted is closed. */
      allClosed() {
        return sockets.size === 0 ? Promise.resolve() : new Promise((r) => waiters.push(r));
      },
      async close() {
        for (const s of sockets) s.destroy();
        server.close();
        await once(server, 'close');
      },
    };
  }
  // The platform fetch, with the AbortSignal dropped (as some proxy agents / wrappers do).
  const deafFetch = (url, init) => fetch(url, { ...init, signal: undefined });

  test('stalled body: after TIMEOUT the socket is closed', async () => {
    const srv = await stallingServer();
    try {
      const client = new m.YjtClient(baseConfig({ baseUrl: srv.url, fetch: deafFetch, timeoutMs: 200 }));
      await rejectsYjt(m, client.exchangeCode('abc'), 'TIMEOUT');
      assert.equal(srv.sockets.size, 1, 'one connection was opened');
      await srv.allClosed(); // without the fix this never happens (the test times out)
      assert.equal(srv.sockets.size, 0);
      client.free();
    } finally {
      await srv.close();
    }
  });

  test('headers arriving after the TIMEOUT: the late body is cancelled and the socket closed', async () => {
    const srv = await stallingServer({ holdHeaders: true });
    try {
      const client = new m.YjtClient(baseConfig({ baseUrl: srv.url, fetch: deafFetch, timeoutMs: 100 }));
      await rejectsYjt(m, client.exchangeCode('abc'), 'TIMEOUT');
      assert.equal(srv.sockets.size, 1);
      srv.release();
      await srv.allClosed();
      assert.equal(srv.sockets.size, 0);
      client.free();
    } finally {
      await srv.close();
    }
  });
});

// -------------------------------------------------------------------------------------------
describe('only documented error codes', () => {
  test('a body of strings instead of bytes (custom fetch) → BAD_RESPONSE at once, not a cap bypass', async () => {
    let pulls = 0;
    const fetch = async () =>
      new Response(
        new ReadableStream({
          pull(c) {
            pulls++;
            if (pulls > 4096) c.close(); // stops itself: 4 MiB of text at most
            else c.enqueue('x'.repeat(1024));
          },
        }, { highWaterMark: 0 }),
      );
    const client = new m.YjtClient(baseConfig({ fetch, maxBodyBytes: 4096 }));
    await rejectsYjt(m, client.exchangeCode('abc'), 'BAD_RESPONSE');
    assert.ok(pulls <= 2, `${pulls} chunks pulled`);
    client.free();
  });

  test('a fetch that resolves to something other than a Response → BAD_RESPONSE', async () => {
    for (const value of [undefined, null, 42, {}, { status: 200 }]) {
      const client = new m.YjtClient(baseConfig({ fetch: async () => value }));
      const e = await rejectsYjt(m, client.exchangeCode('abc'), 'BAD_RESPONSE');
      assert.ok(DOCUMENTED.has(e.code));
      client.free();
    }
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
