/**
 * 服务访问网关所用的 fetch：node:http / node:https 长连接，返回标准 Response。
 * The fetch `yjt-sso serve` hands its tenants' clients: node:http / node:https with keep-alive
 * agents, answering with a standard `Response`.
 *
 * Why not the global fetch: Node's fetch (undici) registers every Response with a
 * FinalizationRegistry, and V8's young-generation GC keeps registered objects alive, so every
 * answer (its stream, headers, request state) survives into the old generation until a full GC.
 * Under load each scavenge then copies megabytes: at 500 exchanges/s they took 5–9 ms each, which
 * was the service's whole p99 tail (bench/serve.mjs, with --trace-gc). A `Response` built here is
 * not registered; the same load scavenges in about 1 ms.
 *
 * What the transport relies on is kept: no redirect is followed (node:http never follows), the
 * signal aborts the request and its body, headers and status come through as sent. No
 * `accept-encoding` is sent, so answers come uncompressed (fetch would have decompressed them).
 * A GET whose kept-alive socket is reset before any answer is sent once more on a new socket,
 * as fetch does for idempotent requests: the usual cause is the gateway closing an idle socket
 * just as the request went out (Node's documented race; the request never reached it). Had the
 * gateway read it, an exchange's retry only finds its code used (422), never a second login.
 * Other methods, and a reset after the answer began, are not retried.
 *
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

/** A fetch over node:http(s), and the way to close its idle connections. */
export interface Upstream {
  fetch: typeof fetch;
  /** Closes every pooled connection (at shutdown). */
  close(): void;
}

// Under the 5 s keep-alive timeout of Node's own servers (and undici's default of 4 s): an idle
// socket is dropped before the other side drops it.
const IDLE_MS = 4000;
// A status whose answer has no body: `Response` refuses one.
const NULL_BODY = new Set([204, 205, 304]);

/**
 * A fetch for one service; its agents pool connections per host.
 *
 * @example
 * ```ts
 * const up = upstream();
 * const client = new YjtClient({ ...config, fetch: up.fetch });
 * // … at shutdown: client.free(); up.close();
 * ```
 */
export function upstream(): Upstream {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' }),
  };
  const send = (url: URL, init: RequestInit, retried: boolean): Promise<Response> =>
    new Promise((resolve, reject) => {
      const scheme = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : null;
      if (!scheme) return reject(new TypeError(`unsupported protocol ${url.protocol}`));
      const method = (init.method ?? 'GET').toUpperCase();
      const body = init.body;
      if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
        return reject(new TypeError('body must be a string or a Uint8Array'));
      }
      // Accept and User-Agent as Node's fetch sends them: the gateway (and any WAF in front of it)
      // sees what the SDK's own clients send.
      const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'node' };
      new Headers(init.headers).forEach((v, k) => (headers[k] = v));
      if (body != null) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
      const mod = scheme === 'https:' ? https : http;
      const opts: http.RequestOptions = { method, headers, agent: agents[scheme] };
      if (init.signal) opts.signal = init.signal;
      // Once an answer has begun, a reset is that answer's error (its body fails), never a resend.
      let answered = false;
      const req = mod.request(url, opts, (res) => {
        answered = true;
        try {
          const h = new Headers();
          const raw = res.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) h.append(raw[i]!, raw[i + 1]!);
          const status = res.statusCode ?? 0;
          if (NULL_BODY.has(status)) {
            res.resume();
            resolve(new Response(null, { status, headers: h }));
          } else {
            resolve(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status, headers: h }));
          }
        } catch (e) {
          // A status outside 200–599 or a header value Headers refuses.
          res.destroy();
          reject(e);
        }
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (!retried && !answered && req.reusedSocket && e.code === 'ECONNRESET' && (method === 'GET' || method === 'HEAD') && !init.signal?.aborted) {
          resolve(send(url, init, true));
        } else reject(e);
      });
      req.end(body ?? undefined);
    });
  return {
    fetch: ((input: string | URL, init: RequestInit = {}) => send(new URL(String(input)), init, false)) as typeof fetch,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
