/**
 * 模拟网关的公开类型。
 * The mock gateway's public types (options, users, counters, the handler).
 *
 * @module
 */
import type { YjtStore } from '../store.js';
import type { GatewayOptions } from '../index.js';

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
  /**
   * 多实例共享的 nonce 时间窗（如 Redis 适配器）：多个模拟网关进程共用时，发往另一进程的重放同样被拒。
   * A nonce window shared by several mock processes (e.g. a Redis adapter): a replay sent to
   * another process is refused too.
   */
  nonceStore?: YjtStore;
  /** 随机故障：rate 为概率，kinds 为候选 / random faults: probability and candidate kinds. */
  faults?: { rate: number; kinds: FaultKind[]; latencyMs?: number; random?: () => number };
  /** 是否提供 /__mock/* 管理接口，默认 true / serve the /__mock/* admin routes (default true). */
  adminRoutes?: boolean;
  /**
   * 设置后 /__mock/* 须带 `Authorization: Bearer <adminToken>`，否则 401 / when set, /__mock/*
   * requires `Authorization: Bearer <adminToken>` (401 otherwise).
   */
  adminToken?: string;
  /** 用户数上限，默认 10000；超出时 /__mock/codes 返回 429 / at most this many users (default 10000); beyond it /__mock/codes answers 429. */
  maxUsers?: number;
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
  /** 指向已签发 code 的换取请求数 / exchange requests naming an issued code. */
  codeRequests: number;
  /** 其中同一 code 的第二次及以后的请求数 / of those, requests after a code's first. */
  repeatedCodeRequests: number;
  /** 单个 code 收到的最多请求数 / the most requests any one code received. */
  maxRequestsPerCode: number;
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
