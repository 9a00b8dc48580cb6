// 客户端加固：网络错误不带 URL / code，超时后关闭连接，合并调用各得一份副本，请求对象的 inspect 脱敏，
// 只抛出文档化错误码。
// Client hardening: NETWORK / TIMEOUT errors never carry the URL or the one-time code; a timed-out
// call closes its connection even when a custom fetch ignores the signal; coalesced callers get
// their own copies (coalesced on the effective businessType); buildRequest's inspect view hides
// the appSecret; every rejection is a YjtError with a documented code.
import { describe, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import util from 'node:util';
import { esm as m, CREDS, USER, baseConfig } from './_pkg.mjs';
import { rejectsYjt, renderings, assertNoSecrets } from './_assert.mjs';
import { fakeFetch, closedPort, PATH } from './_gateway.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 15_000 }, fn);

const DOCUMENTED = new Set([
  'INVALID_CONFIG', 'INVALID_INPUT', 'INVALID_KEY', 'DECRYPT_FAILED', 'NETWORK', 'TIMEOUT', 'ABORTED', 'HTTP_STATUS',
  'BAD_RESPONSE', 'GATEWAY_FAILURE', 'GATEWAY_INVALID_PARAMS', 'GATEWAY_SIGNATURE', 'GATEWAY_REJECTED', 'MISSING_HEADER',
  'INVALID_HEADER', 'TIMESTAMP_SKEW', 'SIGNATURE_MISMATCH', 'INTERNAL',
]);

/** Asserts no rendering of `err` (message, stack, inspect, cause chain) has any of `needles`. */
function assertNotIn(err, needles) {
  for (const text of renderings(err)) {
    for (const n of needles) assert.ok(!text.includes(n), `${JSON.stringify(n)} leaked in: ${text.slice(0, 400)}`);
  }
}

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

describe('coalescing', () => {
  test('coalesced callers get their own copies: one caller mutating its identity changes nobody else', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    const [a, b, c] = await Promise.all([client.exchangeCode('ok-copy'), client.exchangeCode('ok-copy'), client.exchangeCode('ok-copy')]);
    assert.equal(f.calls.length, 1, 'still one request');
    assert.notEqual(a, b);
    assert.notEqual(a.labels, b.labels);
    a.name = 'mutated';
    a.labels.gender = 'mutated';
    delete a.phone;
    for (const u of [b, c]) {
      assert.equal(u.name, USER.name);
      assert.equal(u.phone, USER.phone);
      assert.equal(u.labels.gender, '男');
    }
    assert.ok(!util.inspect(b).includes(USER.phone), 'the copies keep the masked inspect view');
    client.free();
  });

  test('coalescing is on the effective businessType: omitted and the default are one request', async () => {
    const f = fakeFetch();
    const client = new m.YjtClient(baseConfig({ fetch: f.fetch }));
    await Promise.all([client.exchangeCode('ok-bt'), client.exchangeCode('ok-bt', { businessType: 1 })]);
    assert.equal(f.calls.length, 1, 'exchangeCode(c) and exchangeCode(c, { businessType: 1 }) share one request');
    await Promise.all([client.exchangeCode('ok-bt2'), client.exchangeCode('ok-bt2', { businessType: 2 })]);
    assert.equal(f.calls.length, 3, 'a different businessType is its own request');
    client.free();

    const f3 = fakeFetch();
    const three = new m.YjtClient(baseConfig({ fetch: f3.fetch, businessType: 3 }));
    await Promise.all([three.exchangeCode('ok-bt3'), three.exchangeCode('ok-bt3', { businessType: 3 }), three.exchangeCode('ok-bt3', { businessType: 1 })]);
    assert.deepEqual(f3.calls.map((c) => new URL(c.url).searchParams.get('businessType')).sort(), ['1', '3']);
    three.free();
  });
});

describe('buildRequest() inspect view', () => {
  const DENO = Symbol.for('Deno.customInspect');

  for (const [label, gateway, header] of [
    ['default header name', undefined, 'x-tsp-appSecret'],
    ['renamed header (no "secret" in its name)', { appSecretHeader: 'credential' }, 'x-tsp-credential'],
    ['other prefix', { prefix: 'x-tif', appSecretHeader: 'AppKey2' }, 'x-tif-AppKey2'],
  ]) {
    test(`hides the appSecret header value, the object still carries it (${label})`, () => {
      const client = new m.YjtClient(baseConfig({ gateway, fetch: fakeFetch().fetch }));
      for (const req of [client.buildRequest('abc'), m.buildExchangeRequest(baseConfig({ gateway }), 'abc')]) {
        assert.equal(req.headers[header], CREDS.appSecret, 'the real header is there to be sent');
        const views = [util.inspect(req), util.inspect(req, { depth: 5, showHidden: true }), util.inspect({ req }, { depth: 5 }), util.format('%o', req)];
        for (const v of views) {
          assert.ok(!v.includes(CREDS.appSecret), `appSecret in ${v}`);
          assert.match(v, /\[REDACTED\]/);
          assert.match(v, /code=abc/, 'the rest of the request is shown');
        }
        // Deno's inspect hook gives the same redacted view.
        assert.equal(typeof req[DENO], 'function');
        const denoView = req[DENO].call(req, (v) => JSON.stringify(v), {});
        assert.ok(!denoView.includes(CREDS.appSecret));
        assert.equal(JSON.parse(denoView).headers[header], '[REDACTED]');
      }
      client.free();
    });
  }
});

describe('only documented error codes', () => {
  test('an error thrown by the configured now() (here a RangeError with code ERR_STRING_TOO_LONG) → INTERNAL', async () => {
    const now = () => {
      throw Object.assign(new RangeError(`Invalid string length ${CREDS.appSecret}`), { code: 'ERR_STRING_TOO_LONG' });
    };
    const client = new m.YjtClient(baseConfig({ now, fetch: fakeFetch().fetch }));
    const e = await rejectsYjt(m, client.exchangeCode('abc'), 'INTERNAL');
    assert.ok(DOCUMENTED.has(e.code));
    assertNoSecrets([e]);
    client.free();
  });

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
