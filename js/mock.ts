/**
 * 本地模拟网关：行为与省数据中台网关 + 粤健通 code 换取接口一致，供离线开发与测试。
 * A local stand-in for the provincial gateway and the 粤健通 code-exchange API, for offline
 * development and tests. It checks requests with the SDK's own core (signature, skew, code
 * format), remembers nonces (replay → rejected), issues single-use codes that expire after
 * 5 minutes, and answers in the interface document's response shape with `certificateNo` / `phone`
 * SM4-encrypted. Other APIs behind the gateway are plain functions (`services`, keyed by the
 * `command` query parameter), verified the same way. Fault injection covers latency, 5xx/429,
 * malformed / truncated / endless bodies and connection resets.
 *
 * `createMockGateway` is a web-standard handler (`fetch(Request) → Response`) for Node,
 * `Deno.serve` and `Bun.serve`; `startMockGateway` runs it on node:http (also works in Deno
 * and Bun through their node:http).
 *
 * @module
 */
import {
  GATEWAY_PRESETS,
  Sm4,
  YjtError,
  isValidCode,
  isValidBusinessType,
  generateNonce,
  gatewayVerdict,
  type GatewayCheck,
  type GatewayOptions,
} from './index.js';

/** 默认接口路径（与真实网关相同）/ the API path of the real gateway. */
export const MOCK_API_PATH: string = GATEWAY_PRESETS.apiPath;

/** 模拟用户（明文）/ a mock user, in plaintext. */
export interface MockUser {
  userId: string;
  name: string;
  phone: string;
  certificateNo: string;
  certificateType?: string;
  healthCardNo?: string;
  gender?: number;
  nation?: string;
  channel?: string;
}

/** 故障类型 / the kinds of injected fault. */
export type FaultKind =
  | 'latency'
  | 'http429'
  | 'http500'
  | 'http502'
  | 'http503'
  | 'http504'
  | 'malformedJson'
  | 'truncatedBody'
  | 'hangingBody'
  | 'reset';

/** 模拟网关选项 / mock gateway options. */
export interface MockGatewayOptions {
  appCode: string;
  appKey: string;
  paasId: string;
  paasToken: string;
  /** 配置后要求请求携带一致的 appSecret 头 / when set, the appSecret header must match. */
  appSecret?: string;
  /** 默认测试环境 service ID / defaults to the test service id. */
  serviceId?: string;
  /** 预置用户 / users known to the gateway. */
  users?: MockUser[];
  /** 时钟（Unix 毫秒）/ the clock. */
  now?: () => number;
  /** 默认 180 / allowed clock skew in seconds. */
  maxSkewSeconds?: number;
  /** 时间戳最多早于现在多少秒（覆盖 maxSkewSeconds）/ past bound, seconds (overrides maxSkewSeconds). */
  maxPastSeconds?: number;
  /** 时间戳最多晚于现在多少秒（有的网关只允许 1）/ future bound, seconds (some gateways allow 1). */
  maxFutureSeconds?: number;
  /** 严格比较签名大小写 / compare the signature's hex case strictly. */
  strict?: boolean;
  /** code 有效期，默认 5 分钟 / code lifetime, default 5 minutes. */
  codeTtlMs?: number;
  /** 额外加密 name / healthCardNo / also encrypt these fields. */
  encryptFields?: { name?: boolean; healthCardNo?: boolean };
  /** 与客户端一致的网关变体 / the same gateway variants the client uses. */
  gateway?: GatewayOptions;
  /** 网关层错误以 4000004xx 包络返回 / answer gateway-level failures with 4000004xx envelopes. */
  gatewayErrors?: boolean;
  /** 随机故障：rate 为概率，kinds 为候选 / random faults: probability and candidate kinds. */
  faults?: { rate: number; kinds: FaultKind[]; latencyMs?: number; random?: () => number };
  /** 是否提供 /__mock/* 管理接口，默认 true / serve the /__mock/* admin routes (default true). */
  adminRoutes?: boolean;
  /**
   * 网关上的其他接口，按查询参数 `command` 分派（GET 或 POST）。请求与换取接口一样校验
   * （签名、时间偏差、nonce 重放、paasid、appSecret、service ID）；返回值作为
   * `{ code: 200, message: '成功', success: true, data }` 的 data，返回 Response 则原样发出。
   * Other APIs behind the gateway, dispatched on the `command` query parameter (GET or POST).
   * Requests are verified exactly like the exchange; the returned value becomes the `data` of
   * `{ code: 200, message: '成功', success: true, data }`, a returned Response is sent as is.
   */
  services?: Record<string, MockService>;
}

/**
 * 模拟的网关接口：查询参数、已解析的 JSON 请求体（GET 或空体为 undefined）、原始请求。
 * A mock API: the query, the parsed JSON body (undefined for GET or an empty body), the request.
 */
export type MockService = (query: URLSearchParams, body: unknown, request: Request) => unknown | Response | Promise<unknown | Response>;

/** 统计 / counters. */
export interface MockStats {
  requests: number;
  exchanges: number;
  /** 其他接口（services）的成功调用数 / successful calls of the other APIs (services). */
  serviceCalls: number;
  rejected: number;
  faults: number;
  /** 各类故障次数 / injected faults by kind. */
  faultsByKind: Partial<Record<FaultKind, number>>;
}

/** 模拟网关 / the mock gateway. */
export interface MockGateway {
  /** Web 标准处理函数 / the web-standard handler. */
  fetch(request: Request): Promise<Response>;
  /** 为用户签发一次性 code（32 位）/ issues a fresh single-use 32-char code. */
  issueCode(user: MockUser | string): string;
  /** 添加或替换用户 / adds or replaces a user. */
  addUser(user: MockUser): void;
  /** 下 n 次请求注入故障 / injects a fault into the next `times` requests. */
  injectFault(kind: FaultKind, options?: { times?: number; latencyMs?: number }): void;
  /** 计数 / counters. */
  readonly stats: MockStats;
}

/** Thrown by the handler to ask the server adapter to reset the connection. */
export class MockConnectionReset extends Error {
  constructor() {
    super('mock: connection reset');
    this.name = 'MockConnectionReset';
  }
}

const enc = new TextEncoder();

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8' },
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function requireString(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== 'string' || v === '') {
    throw new YjtError('INVALID_CONFIG', `mock 配置项 ${k} 缺失 (mock option ${k} is missing)`);
  }
  return v;
}

function checkUser(u: MockUser): MockUser {
  if (typeof u !== 'object' || u === null) throw new YjtError('INVALID_INPUT', 'user 须为对象 (user must be an object)');
  for (const k of ['userId', 'name', 'phone', 'certificateNo'] as const) {
    if (typeof u[k] !== 'string') throw new YjtError('INVALID_INPUT', `user.${k} 须为字符串 (user.${k} must be a string)`);
  }
  return { ...u };
}

/**
 * 创建模拟网关（Web 标准处理函数）。
 * Creates a mock gateway as a web-standard handler.
 *
 * @example
 * ```ts
 * const gw = createMockGateway({ appCode, appKey, paasId, paasToken, users: [alice] });
 * const code = gw.issueCode(alice);
 * const client = new YjtClient({ ...config, baseUrl: 'http://mock.local' + MOCK_API_PATH, fetch: (u, i) => gw.fetch(new Request(u, i)) });
 * await client.exchangeCode(code);
 *
 * // 网关上的其他接口 / another API behind the gateway (GatewayClient)
 * const gw2 = createMockGateway({ appCode, appKey, paasId, paasToken, services: { '02': (q) => ({ id: q.get('id') }) } });
 * ```
 */
export function createMockGateway(options: MockGatewayOptions): MockGateway {
  const o = options as unknown as Record<string, unknown>;
  const appCode = requireString(o, 'appCode');
  const paasId = requireString(o, 'paasId');
  const paasToken = requireString(o, 'paasToken');
  const sm4 = new Sm4(requireString(o, 'appKey'));
  const appSecret = options.appSecret;
  const serviceId = options.serviceId ?? GATEWAY_PRESETS.serviceIds.test;
  const now = options.now ?? Date.now;
  const maxSkewSeconds = options.maxSkewSeconds ?? GATEWAY_PRESETS.maxSkewSeconds;
  const ttl = options.codeTtlMs ?? 5 * 60_000;
  const gatewayErrors = options.gatewayErrors === true;

  const users = new Map<string, MockUser>();
  for (const u of options.users ?? []) users.set(u.userId, checkUser(u));
  const codes = new Map<string, { userId: string; expires: number }>();
  const nonces = new Map<string, number>();
  const queued: { kind: FaultKind; latencyMs?: number }[] = [];
  const stats: MockStats = { requests: 0, exchanges: 0, serviceCalls: 0, rejected: 0, faults: 0, faultsByKind: {} };
  const services = new Map<string, MockService>();
  for (const [command, f] of Object.entries(options.services ?? {})) {
    if (typeof f !== 'function') throw new YjtError('INVALID_CONFIG', `mock 配置项 services.${command} 须为函数 (mock option services.${command} must be a function)`);
    services.set(command, f);
  }

  // The interface document's errcodes by default; 4000004xx envelopes in gatewayErrors mode.
  const reject = (errcode: 1 | 2 | 3, errmsg: string, gatewayCode?: number, gatewayMsg?: string): Response => {
    stats.rejected++;
    if (gatewayErrors && gatewayCode !== undefined) return json(200, { errcode: gatewayCode, errmsg: gatewayMsg ?? errmsg });
    return json(200, { errcode, errmsg });
  };

  function pickFault(): { kind: FaultKind; latencyMs?: number } | undefined {
    const q = queued.shift();
    if (q) return q;
    const f = options.faults;
    if (f && f.kinds.length > 0 && (f.random ?? Math.random)() < f.rate) {
      const r = (f.random ?? Math.random)();
      return { kind: f.kinds[Math.floor(r * f.kinds.length) % f.kinds.length]!, latencyMs: f.latencyMs };
    }
    return undefined;
  }

  function pruneNonces(t: number): void {
    if (nonces.size < 1024) return;
    for (const [n, exp] of nonces) if (exp <= t) nonces.delete(n);
  }

  // What the gateway answers for each failed check: the interface document's errcode and text,
  // and the gateway layer's 4000004xx envelope in gatewayErrors mode.
  const ANSWERS: Record<GatewayCheck, (field: string) => [1 | 2 | 3, string, number, string]> = {
    header: () => [3, '验签失败：缺少或错误的网关请求头', 400000401, 'bad signature.'],
    timestamp: () => [2, '参数不合法：时间戳超出允许范围', 400000400, 'bad timestamp.'],
    signature: () => [3, '验签失败', 400000401, 'bad signature.'],
    secondPaasId: () => [3, '验签失败：第二套 paasid 未授权', 400000403, 'forbidden.'],
    paasId: () => [3, '验签失败：paasid 未授权', 400000403, 'forbidden.'],
    extraHeader: (field) => [3, `验签失败：缺少请求头 ${field}`, 400000403, 'forbidden.'],
    queryPaasId: () => [2, '参数不合法：paasid', 400000400, 'bad request.'],
    appSecret: () => [3, '验签失败：appSecret 不匹配', 400000401, 'bad signature.'],
    serviceId: () => [2, '参数不合法：service ID 不匹配', 400000404, 'api not found.'],
  };

  /**
   * The gateway's checks, shared by the exchange and every service: the core verifies
   * everything signing produces (one verdict); the mock keeps only the nonce window.
   */
  function verifyGateway(req: Request, url: URL, t: number): Response | undefined {
    const verdict = gatewayVerdict(req.headers, {
      paasToken, paasId, appSecret, serviceId, gateway: options.gateway, query: url.searchParams, now: t, strict: options.strict === true,
      maxSkewSeconds, maxPastSeconds: options.maxPastSeconds, maxFutureSeconds: options.maxFutureSeconds,
    });
    if ('rejected' in verdict) {
      const { check, error } = verdict.rejected;
      const [errcode, errmsg, gatewayCode, gatewayMsg] = ANSWERS[check](error.field ?? '');
      return reject(errcode, errmsg, gatewayCode, gatewayMsg);
    }
    const nonce = verdict.verified.nonce;
    pruneNonces(t);
    const seen = nonces.get(nonce);
    if (seen !== undefined && seen > t) return reject(2, '参数不合法：nonce 重复', 400000400, 'nonce reused.');
    nonces.set(nonce, t + 2 * maxSkewSeconds * 1000);
    return undefined;
  }

  async function service(req: Request, url: URL, f: MockService): Promise<Response> {
    const rejected = verifyGateway(req, url, now());
    if (rejected) return rejected;
    let body: unknown;
    if (req.method === 'POST') {
      const text = await req.text();
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          stats.rejected++;
          return json(400, { code: 400, message: '请求体不是合法 JSON', success: false });
        }
      }
    }
    let out: unknown;
    try {
      out = await f(url.searchParams, body, req);
    } catch {
      return json(500, { code: 500, message: '服务内部错误', success: false });
    }
    if (out instanceof Response) return out;
    stats.serviceCalls++;
    return json(200, { code: 200, message: '成功', success: true, data: out ?? null });
  }

  function exchange(req: Request, url: URL): Response {
    const t = now();
    const rejected = verifyGateway(req, url, t);
    if (rejected) return rejected;

    const q = url.searchParams;
    if (q.get('appCode') !== appCode) return reject(2, '参数不合法：appCode');
    if (q.get('command') !== GATEWAY_PRESETS.command) return reject(2, '参数不合法：command');
    const code = q.get('code') ?? '';
    if (!isValidCode(code)) return reject(2, '参数不合法：code');
    const bt = q.get('businessType') ?? '';
    if (!isValidBusinessType(bt)) return reject(2, '参数不合法：businessType');

    const entry = codes.get(code);
    codes.delete(code); // single-use, whatever happens next
    if (!entry || entry.expires <= t) return reject(1, 'code 无效、已过期或已使用');
    const user = users.get(entry.userId);
    if (!user) return reject(1, '用户不存在');
    stats.exchanges++;
    const ef = options.encryptFields ?? {};
    return json(200, {
      errcode: 0,
      errmsg: 'SUCCESS',
      data: {
        certificateNo: sm4.encrypt(user.certificateNo),
        certificateType: user.certificateType ?? '01',
        healthCardNo: ef.healthCardNo && user.healthCardNo ? sm4.encrypt(user.healthCardNo) : (user.healthCardNo ?? ''),
        phone: sm4.encrypt(user.phone),
        gender: user.gender ?? 4,
        name: ef.name ? sm4.encrypt(user.name) : user.name,
        nation: user.nation ?? '01',
        userId: user.userId,
        channel: user.channel ?? '1',
      },
    });
  }

  async function applyFault(f: { kind: FaultKind; latencyMs?: number }, run: () => Response | Promise<Response>): Promise<Response> {
    stats.faults++;
    stats.faultsByKind[f.kind] = (stats.faultsByKind[f.kind] ?? 0) + 1;
    switch (f.kind) {
      case 'latency':
        await sleep(f.latencyMs ?? 200);
        return run();
      case 'http429':
        return new Response('Too Many Requests', { status: 429 });
      case 'http500':
        return new Response('Internal Server Error', { status: 500 });
      case 'http502':
        return new Response('Bad Gateway', { status: 502 });
      case 'http503':
        return new Response('Service Unavailable', { status: 503 });
      case 'http504':
        return new Response('Gateway Timeout', { status: 504 });
      case 'reset':
        throw new MockConnectionReset();
      case 'malformedJson': {
        const real = await (await run()).text();
        return new Response(real.slice(0, Math.max(1, real.length >> 1)) + '<html>', {
          status: 200,
          headers: { 'content-type': 'application/json;charset=utf-8' },
        });
      }
      case 'truncatedBody': {
        const real = enc.encode(await (await run()).text());
        // Half the body, then the stream errors: the adapter aborts the connection.
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(real.subarray(0, real.length >> 1));
            c.error(new MockConnectionReset());
          },
        });
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' } });
      }
      case 'hangingBody': {
        void Promise.resolve(run()).catch(() => {}); // the code is consumed, as when a real response stalls mid-body
        let timer: ReturnType<typeof setInterval> | undefined;
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(enc.encode('{"errcode":0,'));
            // A heartbeat keeps the body open forever; cancel() (client gone) stops it.
            timer = setInterval(() => c.enqueue(enc.encode(' ')), 1000);
          },
          cancel() {
            clearInterval(timer);
          },
        });
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' } });
      }
    }
  }

  async function admin(req: Request, url: URL): Promise<Response> {
    if (url.pathname === '/__mock/health') return json(200, { ok: true, stats });
    if (url.pathname === '/__mock/codes' && req.method === 'POST') {
      // Browsers may send a cross-origin "simple" POST (text/plain, form types) without asking
      // first: only application/json is accepted, which a browser sends cross-origin only after
      // a CORS preflight the mock never grants. A page's Origin (cross-site, or a DNS-rebound
      // host name) is refused outright.
      const origin = req.headers.get('origin');
      const site = req.headers.get('sec-fetch-site');
      if ((origin !== null && origin !== url.origin) || (site !== null && site !== 'same-origin' && site !== 'none')) {
        return json(403, { error: 'cross-origin requests are refused' });
      }
      const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return json(415, { error: 'Content-Type must be application/json' });
      }
      let body: unknown;
      try {
        body = await req.json();
      } catch {
        return json(400, { error: 'body must be JSON: { "userId": "…" } or a full user' });
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return json(400, { error: 'body must be a JSON object: { "userId": "…" } or a full user' });
      }
      try {
        const b = body as Record<string, unknown>;
        const code = issueCode(typeof b.name === 'string' ? (b as unknown as MockUser) : String(b.userId));
        return json(200, { code });
      } catch (e) {
        return json(400, { error: e instanceof Error ? e.message : 'bad request' });
      }
    }
    return json(404, { error: 'unknown mock route' });
  }

  function issueCode(user: MockUser | string): string {
    let userId: string;
    if (typeof user === 'string') {
      if (!users.has(user)) throw new YjtError('INVALID_INPUT', '未知用户 (unknown mock user)');
      userId = user;
    } else {
      const u = checkUser(user);
      users.set(u.userId, u);
      userId = u.userId;
    }
    const code = generateNonce() + generateNonce();
    codes.set(code, { userId, expires: now() + ttl });
    return code;
  }

  return {
    stats,
    issueCode,
    addUser(user) {
      const u = checkUser(user);
      users.set(u.userId, u);
    },
    injectFault(kind, opts = {}) {
      for (let i = 0; i < (opts.times ?? 1); i++) queued.push({ kind, latencyMs: opts.latencyMs });
    },
    async fetch(req: Request): Promise<Response> {
      stats.requests++;
      const url = new URL(req.url);
      if (options.adminRoutes !== false && url.pathname.startsWith('/__mock/')) return admin(req, url);
      if (url.pathname !== MOCK_API_PATH) {
        stats.rejected++;
        return gatewayErrors ? json(404, { errcode: 400000404, errmsg: 'api not found.' }) : new Response('Not Found', { status: 404 });
      }
      const svc = services.get(url.searchParams.get('command') ?? '');
      if (svc && (req.method === 'GET' || req.method === 'POST')) {
        const fault = pickFault();
        return fault ? applyFault(fault, () => service(req, url, svc)) : service(req, url, svc);
      }
      if (req.method !== 'GET') {
        stats.rejected++;
        return gatewayErrors ? json(405, { errcode: 400000400, errmsg: 'bad request.' }) : new Response('Method Not Allowed', { status: 405 });
      }
      const fault = pickFault();
      return fault ? applyFault(fault, () => exchange(req, url)) : exchange(req, url);
    },
  };
}

/** Methods the fetch API refuses to put in a Request. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** The largest request body the server adapter reads (the admin JSON is tiny). */
const MAX_REQUEST_BODY = 64 * 1024;

/** startMockGateway 的选项 / options of startMockGateway. */
export interface StartMockGatewayOptions extends MockGatewayOptions {
  /** 默认 0（随机端口）/ default 0 (any free port). */
  port?: number;
  /** 默认 127.0.0.1 / default 127.0.0.1. */
  host?: string;
}

/** 运行中的模拟网关 / a running mock gateway. */
export interface RunningMockGateway {
  /** 服务根地址 / the server's origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** 可直接作为 YjtConfig.baseUrl / the API URL, usable as `YjtConfig.baseUrl`. */
  baseUrl: string;
  gateway: MockGateway;
  close(): Promise<void>;
}

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
