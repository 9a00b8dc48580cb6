// A fake 粤健通 gateway for the client suites: one scenario table, served two ways — by a
// real node:http server on 127.0.0.1 (port 0) and by an in-process fetch function. The server
// checks every request independently (node:crypto SHA-256, exact query) and answers errcode 3
// when anything is off, so a success proves the request was right.
import http from 'node:http';
import { once } from 'node:events';
import { CREDS, sha256Sig, successBody } from './_pkg.mjs';

export const PATH = '/data_center/gateway/common/api';
export const SERVICE_TEST = 'DGSP_1911964810465574914';

/** Checks one request; returns null when it is right, else a reason. */
export function checkRequest(method, url, headers, seenNonces) {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  if (method !== 'GET') return `method ${method}`;
  const u = new URL(url, 'http://x');
  if (u.pathname !== PATH) return `path ${u.pathname}`;
  const keys = [...u.searchParams.keys()].join(',');
  if (keys !== 'appCode,command,code,businessType') return `query keys ${keys}`;
  if (u.searchParams.get('appCode') !== CREDS.appCode) return 'appCode';
  if (u.searchParams.get('command') !== '01') return 'command';
  if (!/^[1-9][0-9]*$/.test(u.searchParams.get('businessType'))) return 'businessType';
  const ts = h['x-tsp-timestamp'];
  const nonce = h['x-tsp-nonce'];
  if (!/^[0-9]{10}$/.test(ts ?? '')) return 'timestamp';
  if (Math.abs(Number(ts) - Date.now() / 1000) > 180) return 'timestamp skew';
  if (!/^[0-9a-f]{16}$/.test(nonce ?? '')) return 'nonce';
  if (seenNonces.has(nonce)) return 'nonce replay';
  seenNonces.add(nonce);
  if (h['x-tsp-signature'] !== sha256Sig(ts, CREDS.paasToken, nonce)) return 'signature';
  if (h['x-tsp-paasid'] !== CREDS.paasId) return 'paasid';
  if (h['x-tsp-appsecret'] !== CREDS.appSecret) return 'appSecret';
  if (h['x-tsp-serviceid'] !== SERVICE_TEST) return 'serviceid';
  for (const v of Object.values(h)) if (v.includes(CREDS.paasToken)) return 'token sent';
  if (url.includes(CREDS.paasToken) || url.includes(CREDS.appKey)) return 'secret in URL';
  return null;
}

/**
 * Static answers by code: `ok…` success, `ec<N>-…` errcode N, `st<N>-…` HTTP N, `nonjson…`,
 * `badutf8…`, `trunc…` (a truncated identity). Others are handled by the server (streams).
 */
export function staticAnswer(code) {
  let m;
  if (code.startsWith('ok')) return { status: 200, body: successBody() };
  if ((m = /^ec(\d+)-/.exec(code))) return { status: 200, body: JSON.stringify({ errcode: Number(m[1]), errmsg: 'rejected', data: null }) };
  if ((m = /^st(\d+)-/.exec(code))) return { status: Number(m[1]), body: 'Service temporarily unavailable' };
  if (code.startsWith('nonjson')) return { status: 200, body: '<html><body>proxy error page</body></html>' };
  if (code.startsWith('badutf8')) return { status: 200, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) };
  if (code.startsWith('trunc')) return { status: 200, body: successBody().slice(0, 120) };
  return null;
}

const REJECT = (reason) => ({ status: 200, body: JSON.stringify({ errcode: 3, errmsg: `test gateway: bad request (${reason})` }) });

/** The in-process transport: a fetch function over the same table. */
export function fakeFetch() {
  const calls = [];
  const seen = new Set();
  const fetch = async (url, init = {}) => {
    calls.push({ url, init });
    const reason = checkRequest(init.method, new URL(url).pathname + new URL(url).search, init.headers ?? {}, seen);
    const code = new URL(url).searchParams.get('code');
    const a = reason ? REJECT(reason) : staticAnswer(code);
    if (!a) throw new Error(`fake fetch: no scenario for ${code}`);
    return new Response(a.body, { status: a.status, headers: { 'content-type': 'application/json;charset=utf-8' } });
  };
  return { fetch, calls };
}

/** Starts the node:http gateway on 127.0.0.1, port 0. */
export async function startGateway() {
  const hits = []; // { code, url }
  const seen = new Set();
  const gates = new Map(); // code → { open, waiting: [fn] }
  const arrivals = new Map(); // code → [resolve]
  const sockets = new Set();

  const server = http.createServer((req, res) => {
    res.on('error', () => {});
    const u = new URL(req.url, 'http://x');
    if (u.pathname !== PATH) {
      hits.push({ code: null, url: req.url });
      res.writeHead(200, { 'content-type': 'application/json' }).end(successBody());
      return;
    }
    const code = u.searchParams.get('code') ?? '';
    hits.push({ code, url: req.url });
    for (const r of arrivals.get(code) ?? []) r();
    arrivals.delete(code);
    const reason = checkRequest(req.method, req.url, req.headers, seen);
    const send = ({ status, body, headers = {} }) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(body);
    };
    if (reason) return send(REJECT(reason));
    const a = staticAnswer(code);
    if (a) return send(a);
    if (code.startsWith('gate')) {
      const g = gateOf(code);
      if (g.open) return send({ status: 200, body: successBody() });
      g.waiting.push(() => send({ status: 200, body: successBody() }));
      return;
    }
    if (code.startsWith('redirect')) {
      return send({ status: 302, body: '', headers: { location: `http://127.0.0.1:${port()}/elsewhere?code=ok-redirected` } });
    }
    if (code.startsWith('hugecl')) {
      // declared length above the cap: refused before reading
      return send({ status: 200, body: Buffer.alloc(256 * 1024, 0x20) });
    }
    if (code.startsWith('hugechunked')) {
      // no content-length, and far above any cap the tests set: the cap must stop reading. It
      // stops itself after 8 MiB, so a client without a cap fails fast instead of running out of memory.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errcode":0,"errmsg":"');
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (!res.destroyed && sent < 8 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return;
        }
        if (!res.destroyed) res.end('"}');
      };
      res.on('drain', pump);
      pump();
      return;
    }
    if (code.startsWith('slowbody')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errcode":0,');
      return; // and stall
    }
    if (code.startsWith('slowheaders')) return; // never answer
    send(REJECT(`unknown scenario ${code}`));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = () => server.address().port;

  function gateOf(code) {
    if (!gates.has(code)) gates.set(code, { open: false, waiting: [] });
    return gates.get(code);
  }

  return {
    baseUrl: `http://127.0.0.1:${port()}${PATH}`,
    hits,
    /** Hits with this code so far. */
    count: (code) => hits.filter((h) => h.code === code).length,
    /** Resolves when a request with `code` arrives (or has arrived). */
    arrived(code) {
      if (hits.some((h) => h.code === code)) return Promise.resolve();
      return new Promise((r) => arrivals.set(code, [...(arrivals.get(code) ?? []), r]));
    },
    /** Answers the held `gate…` requests for `code`, and later ones at once. */
    release(code) {
      const g = gateOf(code);
      g.open = true;
      for (const f of g.waiting.splice(0)) f();
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A port nothing listens on: bind one, then close it. */
export async function closedPort() {
  const s = http.createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address();
  s.close();
  await once(s, 'close');
  return port;
}
