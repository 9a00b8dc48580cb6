/**
 * startMockGateway: serves the web-standard handler on node:http (Node, and Deno and Bun through
 * their node:http). node:http is imported lazily, so the mock's module loads on every runtime.
 */
import { MockConnectionReset } from './faults.js';
import { MOCK_API_PATH, createMockGateway } from './gateway.js';
import type { RunningMockGateway, StartMockGatewayOptions } from './types.js';

/** Methods the fetch API refuses to put in a Request. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** The largest request body the server adapter reads (the admin JSON is tiny). */
const MAX_REQUEST_BODY = 64 * 1024;

/**
 * 在 node:http 上启动模拟网关（Node、Deno、Bun 均可）。
 * Starts the mock gateway on node:http (works in Node, and in Deno and Bun through node:http).
 *
 * @example
 * ```ts
 * const mock = await startMockGateway({ appCode, appKey, paasId, paasToken, users: [alice] });
 * const client = new YjtClient({ ...config, baseUrl: mock.baseUrl });
 * console.log(await client.exchangeCode(mock.gateway.issueCode(alice)));
 * await mock.close();
 * ```
 */
export async function startMockGateway(options: StartMockGatewayOptions): Promise<RunningMockGateway> {
  const gateway = createMockGateway(options);
  const http = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  const hostHeader = host.includes(':') ? `[${host}]` : host;
  type Req = import('node:http').IncomingMessage;
  type Res = import('node:http').ServerResponse;
  const plain = (res: Res, status: number, text: string, extra: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'text/plain;charset=utf-8', ...extra }).end(text);
  };

  // One request must never take the server down: a method the fetch API cannot represent
  // (TRACE, TRACK, CONNECT), a request target that is not a path (`OPTIONS *`), an oversized
  // body, or a client that disconnects mid-body are answered or dropped, and serving goes on.
  async function serve(req: Req, res: Res): Promise<void> {
    res.on('error', () => {});
    req.on('error', () => {});
    const method = req.method ?? 'GET';
    if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
      plain(res, 405, 'Method Not Allowed', { allow: 'GET, POST' });
      return;
    }
    if (!(req.url ?? '').startsWith('/')) {
      plain(res, 400, 'Bad Request');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const c of req) {
        size += (c as Buffer).length;
        if (size > MAX_REQUEST_BODY) {
          const socket = req.socket;
          plain(res, 413, 'Payload Too Large', { connection: 'close' });
          res.once('finish', () => socket?.destroy());
          return;
        }
        chunks.push(c as Buffer);
      }
    } catch {
      req.socket?.destroy(); // the client went away mid-body
      return;
    }
    let request: Request;
    try {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string') headers.set(k, v);
        else if (Array.isArray(v)) headers.set(k, v.join(', '));
      }
      request = new Request(`http://${hostHeader}:${port}${req.url ?? '/'}`, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks),
      });
    } catch {
      plain(res, 400, 'Bad Request');
      return;
    }
    let response: Response;
    try {
      response = await gateway.fetch(request);
    } catch (e) {
      if (e instanceof MockConnectionReset) {
        req.socket?.destroy();
        return;
      }
      plain(res, 500, 'Internal Server Error');
      return;
    }
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    res.writeHead(response.status, out);
    if (!response.body) {
      res.end();
      return;
    }
    const reader = response.body.getReader();
    res.on('close', () => void reader.cancel().catch(() => {}));
    let flushed: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        flushed = new Promise<void>((resolve) => res.write(value, () => resolve()));
      }
      res.end();
    } catch {
      // A truncated body: let the bytes already written reach the client, then cut the wire.
      await flushed;
      req.socket?.destroy();
    }
  }

  const server = http.createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'Internal Server Error');
      else req.socket?.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (options.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    baseUrl: url + MOCK_API_PATH,
    gateway,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
