/**
 * yjt-sso serve 的 HTTP(S) 服务：路由、认证、限制、每请求一行日志、指标、SIGHUP 重载与 SIGTERM 排空。
 * The HTTP(S) server of `yjt-sso serve`: routing, authentication, limits, one log line per request,
 * metrics, reloading (SIGHUP: the new config is built beside the old one and swapped in only when
 * it is whole; requests in flight finish on the config they started with) and draining (SIGTERM:
 * stop accepting, finish what is in flight, close).
 *
 * @module
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import { YjtError, type YjtEvent } from '../index.js';
import { authenticate, TenantIndex } from './auth.js';
import type { ServeConfig } from './config.js';
import { checkContentType, MALFORMED, parseJson, readBody, tooMany } from './limits.js';
import { Logger } from './log.js';
import { Metrics } from './metrics.js';
import { OPENAPI_TEXT } from './openapi.js';
import { errorProblem, fixedProblem, type Problem, serveProblem } from './problem.js';
import { connectRedis, type RedisStore } from './redis.js';
import { call, exchange, type RouteResult } from './routes.js';
import { buildTenants, freeTenant, type Tenant } from './tenants.js';
import { upstream } from './upstream.js';

/** What one config gives the server: tenants and their lookup, the store, the limits. */
interface State {
  config: ServeConfig;
  index: TenantIndex;
  redis: RedisStore | undefined;
  /** Requests started on this state and not finished. */
  users: number;
  retired: boolean;
}

type Handler = (tenant: Tenant, json: unknown) => Promise<RouteResult>;
const ROUTES: Record<string, { method: string; handler?: Handler; open?: true }> = {
  '/v1/exchange': { method: 'POST', handler: exchange },
  '/v1/call': { method: 'POST', handler: call },
  '/healthz': { method: 'GET', open: true },
  '/readyz': { method: 'GET', open: true },
  '/metrics': { method: 'GET', open: true },
  '/openapi.json': { method: 'GET', open: true },
};

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };
const PROBLEM_TYPE = 'application/problem+json';
const HEALTH = JSON.stringify({ status: 'ok' });
const UNAUTHORIZED = fixedProblem('UNAUTHORIZED', '需要有效的 Bearer 令牌或客户端证书 (a valid bearer token (or client certificate) is required)', { 'www-authenticate': 'Bearer' });
const CONFLICT = fixedProblem('UNAUTHORIZED', 'Bearer 令牌与客户端证书属于不同租户 (the bearer token and the client certificate name different tenants)', { 'www-authenticate': 'Bearer' });
const NOT_FOUND = fixedProblem('NOT_FOUND', '没有这个路径 (no such route)');
const MALFORMED_JSON = serveProblem('BAD_REQUEST', '请求体不是合法的 JSON (the request body is not valid JSON)', { field: 'body' });

/** Options of {@link startServe}. */
export interface ServeOptions {
  /** Log sink (default stdout). */
  log?: (line: string) => void;
}

/** A running service. */
export interface RunningServe {
  url: string;
  server: Server;
  metrics: Metrics;
  /** Applies a new config (SIGHUP); rejects, keeping the old one, when it cannot. */
  reload(next: () => ServeConfig): Promise<void>;
  /** Stops accepting, waits for in-flight requests (at most the request timeout), closes. */
  close(): Promise<void>;
}

/** Sends a problem. */
function sendProblem(res: ServerResponse, p: Problem, close: boolean): void {
  const h: Record<string, string | number> = { 'content-type': PROBLEM_TYPE, 'content-length': Buffer.byteLength(p.body), 'cache-control': 'no-store', ...p.headers };
  if (close) h.connection = 'close';
  res.writeHead(p.status, h);
  res.end(p.body);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * 启动服务。
 * Starts the service on `config.listen` with `config`'s tenants; resolves once it listens.
 *
 * @example
 * ```ts
 * const s = await startServe(loadServeConfig('serve.json', process.env));
 * process.on('SIGTERM', () => s.close());
 * ```
 */
export async function startServe(first: ServeConfig, options: ServeOptions = {}): Promise<RunningServe> {
  const log = new Logger(options.log);
  const metrics = new Metrics();
  // Every tenant's clients reach their gateways through one pool (see upstream.ts for why not
  // the global fetch).
  const up = upstream();
  const sink = (tenant: string, e: YjtEvent) => {
    if (e.type === 'end') metrics.gateway(tenant, e.client === 'YjtClient' ? 'exchange' : 'call', e.code ?? 'ok', e.durationMs / 1000);
    else if (e.type === 'store') metrics.store(e.role, e.error);
  };
  let redisErrors = 0;
  const onRedisError = (kind: string) => {
    // One line per burst: a down Redis reports every reconnect attempt.
    if (redisErrors++ % 100 === 0) log.write('warn', 'store error', { error: kind });
  };

  async function makeState(config: ServeConfig, reuse: State | undefined): Promise<State> {
    let redis: RedisStore | undefined;
    let own = false;
    if (config.store) {
      if (reuse?.redis && reuse.config.store?.redisUrl === config.store.redisUrl) redis = reuse.redis;
      else {
        redis = await connectRedis(config.store.redisUrl, 2000, onRedisError);
        own = true;
      }
    }
    try {
      const tenants = buildTenants(config, redis?.store, sink, up.fetch);
      return { config, index: new TenantIndex(tenants), redis, users: 0, retired: false };
    } catch (e) {
      if (own) await redis!.close();
      throw e;
    }
  }

  let state = await makeState(first, undefined);
  let draining = false;
  /** The request each connection is serving, for the request-timeout path of clientError. */
  const current = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse; cut?: Problem }>();

  function release(s: State): void {
    s.users--;
    if (s.retired && s.users === 0) dispose(s, state);
  }
  function dispose(s: State, current: State): void {
    for (const t of s.index.tenants) freeTenant(t);
    if (s.redis && s.redis !== current.redis) void s.redis.close();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    metrics.inFlight++;
    const s = state;
    s.users++;
    const rec: { req: IncomingMessage; res: ServerResponse; cut?: Problem } = { req, res };
    current.set(req.socket, rec);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = ROUTES[path];
    const routeName = route ? path : 'other';
    let tenant: Tenant | undefined;
    let outcome = 'ok';
    let status = 200;
    const problem = (p: Problem) => {
      outcome = p.code;
      status = p.status;
      sendProblem(res, p, draining);
    };
    try {
      if (!route) problem(NOT_FOUND);
      else if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) {
        problem(fixedProblem('METHOD_NOT_ALLOWED', `${path} 只接受 ${route.method} (${path} takes ${route.method})`, { allow: route.method }));
      } else if (route.open) {
        status = await openRoute(path, res, s);
        if (status !== 200) outcome = 'NOT_READY';
      } else {
        const who = authenticate(s.index, req.headers.authorization, req.socket);
        if (typeof who === 'string') problem(who === 'conflict' ? CONFLICT : UNAUTHORIZED);
        else {
          tenant = who;
          const ct = checkContentType(req);
          if (ct) problem(ct);
          else if (tenant.inFlight >= s.config.limits.concurrencyPerTenant) problem(tooMany());
          else {
            tenant.inFlight++;
            try {
              const body = await readBody(req, s.config.limits.bodyBytes);
              if (!Buffer.isBuffer(body)) problem(body);
              else {
                const json = parseJson(body);
                if (json === MALFORMED) problem(MALFORMED_JSON);
                else {
                  let r: RouteResult;
                  try {
                    r = await route.handler!(tenant, json);
                  } catch (e) {
                    r = errorProblem(e, path, tenant.secrets);
                  }
                  if (r.status === 200) {
                    const h: Record<string, string | number> = { ...JSON_HEADERS, 'content-length': Buffer.byteLength(r.body) };
                    if (draining) h.connection = 'close';
                    res.writeHead(200, h);
                    res.end(r.body);
                  } else problem(r as Problem);
                }
              }
            } finally {
              tenant.inFlight--;
            }
          }
        }
      }
    } catch (e) {
      // The client went away mid-body (or a bug): nothing useful to send beyond a 500 if possible.
      // A request cut by the request timeout was answered (408) by clientError.
      const p = rec.cut ?? errorProblem(e instanceof YjtError ? e : undefined, path, []);
      outcome = rec.cut || !req.destroyed ? p.code : 'ABORTED';
      status = rec.cut || !req.destroyed ? p.status : 499;
      if (!res.headersSent && !res.destroyed) sendProblem(res, p, true);
    } finally {
      metrics.inFlight--;
      release(s);
      const ms = performance.now() - t0;
      metrics.request(routeName, tenant?.id ?? '-', status, outcome, ms / 1000);
      log.write(status >= 500 ? 'error' : 'info', 'request', { route: routeName, method: req.method, tenant: tenant?.id ?? null, status, code: outcome === 'ok' ? null : outcome, durationMs: Math.round(ms * 100) / 100 });
      if (current.get(req.socket) === rec) current.delete(req.socket);
    }
  }

  async function openRoute(path: string, res: ServerResponse, s: State): Promise<number> {
    if (path === '/healthz') {
      res.writeHead(200, { ...JSON_HEADERS, 'content-length': HEALTH.length });
      res.end(HEALTH);
      return 200;
    }
    if (path === '/metrics') {
      const text = metrics.render();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
      res.end(text);
      return 200;
    }
    if (path === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(OPENAPI_TEXT) });
      res.end(OPENAPI_TEXT);
      return 200;
    }
    const { ready, body } = await readiness(s);
    const text = JSON.stringify(body);
    res.writeHead(ready ? 200 : 503, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return ready ? 200 : 503;
  }

  async function readiness(s: State): Promise<{ ready: boolean; body: object }> {
    const checks: Record<string, string> = { config: 'ok' };
    if (draining) checks.shutdown = 'draining';
    if (s.redis) checks.store = (await s.redis.ping(1000)) ? 'ok' : 'unreachable';
    const ready = !draining && checks.store !== 'unreachable';
    return { ready, body: { status: ready ? 'ready' : 'not ready', checks } };
  }

  const limits = first.limits;
  const opts = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  if (first.tls) {
    try {
      createSecureContext({ cert: first.tls.cert, key: first.tls.key, ...(first.tls.clientCa ? { ca: first.tls.clientCa } : {}) });
    } catch {
      dispose(state, { ...state, redis: undefined });
      throw new YjtError('INVALID_CONFIG', 'tls 的证书或私钥无效 (the tls certificate or key is not valid)', { field: 'tls' });
    }
  }
  const server: Server = first.tls
    ? (createHttps({ ...opts, cert: first.tls.cert, key: first.tls.key, ...(first.tls.clientCa ? { ca: first.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}) }, onRequest) as unknown as Server)
    : createHttp(opts, onRequest);

  // Errors before a request reaches the handler (bad HTTP, too-large headers, a slow client): a
  // problem+json of our own instead of Node's bare status line, then the connection is closed.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const code = err.code ?? '';
    const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const p = status === 408 ? fixedProblem('REQUEST_TIMEOUT', '未在时限内收到完整请求 (the request was not received in time)') : status === 431 ? fixedProblem('HEADERS_TOO_LARGE', '请求头过大 (the request headers are too large)') : fixedProblem('BAD_REQUEST', '不是合法的 HTTP/1.1 请求 (the request is not valid HTTP/1.1)');
    const rec = current.get(socket);
    const res = rec?.res;
    if (rec && res && !res.headersSent) {
      // The handler is still reading the body: answer, then end its read (it logs the 408).
      rec.cut = p;
      sendProblem(res, p, true);
      rec.req.destroy();
      socket.destroySoon();
      return;
    }
    if (code === 'ECONNRESET' || code === 'EPIPE' || !socket.writable || res) {
      socket.destroy();
      return;
    }
    log.write('info', 'request', { route: 'other', method: null, tenant: null, status, code: p.code, durationMs: null });
    metrics.request('other', '-', status, p.code, 0);
    socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\ncontent-type: ${PROBLEM_TYPE}\r\ncontent-length: ${Buffer.byteLength(p.body)}\r\nconnection: close\r\n\r\n${p.body}`);
  });
  server.on('tlsClientError', () => {
    // A handshake refused (no or an untrusted client certificate): nothing reached HTTP.
    metrics.request('other', '-', 0, 'TLS_HANDSHAKE', 0);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(first.listen.port, first.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : first.listen.port;
  const host = first.listen.host.includes(':') ? `[${first.listen.host}]` : first.listen.host;
  const url = `${first.tls ? 'https' : 'http'}://${host}:${port}`;

  async function reload(next: () => ServeConfig): Promise<void> {
    try {
      const config = next();
      const cur = state.config;
      if (config.listen.host !== cur.listen.host || config.listen.port !== cur.listen.port) {
        throw new YjtError('INVALID_CONFIG', '修改 listen 需要重启 (listen changes need a restart)', { field: 'listen' });
      }
      if (!config.tls !== !cur.tls || !config.tls?.clientCa !== !cur.tls?.clientCa) {
        throw new YjtError('INVALID_CONFIG', '开启或关闭 tls / mTLS 需要重启 (turning tls / mTLS on or off needs a restart)', { field: 'tls' });
      }
      if (config.limits.maxHeaderBytes !== cur.limits.maxHeaderBytes) {
        throw new YjtError('INVALID_CONFIG', '修改 limits.maxHeaderBytes 需要重启 (limits.maxHeaderBytes changes need a restart)', { field: 'limits.maxHeaderBytes' });
      }
      const secure = config.tls ? { cert: config.tls.cert, key: config.tls.key, ...(config.tls.clientCa ? { ca: config.tls.clientCa } : {}) } : undefined;
      if (secure) {
        try {
          createSecureContext(secure); // a bad certificate or key is refused before anything is built
        } catch {
          throw new YjtError('INVALID_CONFIG', 'tls 的证书或私钥无效 (the tls certificate or key is not valid)', { field: 'tls' });
        }
      }
      const fresh = await makeState(config, state);
      if (secure) (server as unknown as { setSecureContext(o: object): void }).setSecureContext(secure);
      const old = state;
      state = fresh;
      server.headersTimeout = config.limits.headersTimeoutMs;
      server.requestTimeout = config.limits.requestTimeoutMs;
      server.keepAliveTimeout = config.limits.keepAliveTimeoutMs;
      old.retired = true;
      if (old.users === 0) dispose(old, fresh);
      metrics.reload('applied');
      log.write('info', 'config reloaded', { tenants: config.tenants.length });
    } catch (e) {
      metrics.reload('refused');
      const y = e instanceof YjtError ? e : undefined;
      log.write('error', 'config reload refused, keeping the old config', { code: y?.code ?? 'INTERNAL', field: y?.field ?? null, reason: y?.message ?? 'internal error' });
      throw e;
    }
  }

  async function close(): Promise<void> {
    if (draining) return;
    draining = true;
    log.write('info', 'draining', { inFlight: metrics.inFlight });
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    const grace = new Promise<'timeout'>((r) => setTimeout(r, state.config.limits.requestTimeoutMs, 'timeout').unref());
    if ((await Promise.race([closed.then(() => 'closed' as const), grace])) === 'timeout') {
      log.write('warn', 'drain timeout: closing the remaining connections', { inFlight: metrics.inFlight });
      server.closeAllConnections();
      await closed;
    }
    state.retired = true;
    dispose(state, { ...state, redis: undefined });
    up.close();
    log.write('info', 'stopped');
    log.flush();
  }

  return { url, server, metrics, reload, close };
}
