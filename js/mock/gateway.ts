/**
 * createMockGateway: the web-standard handler composing the mock's parts — the gateway's checks,
 * the code exchange, the other APIs (services), fault injection and the admin routes.
 */
import { GATEWAY_PRESETS, YjtError } from '../index.js';
import { admin, adminAuthorized } from './admin.js';
import { gatewayChecks, rejections } from './checks.js';
import { createExchange } from './exchange.js';
import { createFaults } from './faults.js';
import { json } from './json.js';
import { createServices } from './services.js';
import type { MockGateway, MockGatewayOptions, MockStats } from './types.js';

/** 默认接口路径（与真实网关相同）/ the API path of the real gateway. */
export const MOCK_API_PATH: string = GATEWAY_PRESETS.apiPath;

function requireString(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== 'string' || v === '') {
    throw new YjtError('INVALID_CONFIG', `mock 配置项 ${k} 缺失 (mock option ${k} is missing)`);
  }
  return v;
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
  const appKey = requireString(o, 'appKey');
  const now = options.now ?? Date.now;
  const gatewayErrors = options.gatewayErrors === true;
  const stats: MockStats = {
    requests: 0, exchanges: 0, serviceCalls: 0, rejected: 0, faults: 0,
    codeRequests: 0, repeatedCodeRequests: 0, maxRequestsPerCode: 0, faultsByKind: {},
  };
  const reject = rejections(stats, gatewayErrors);
  const exchange = createExchange(options, { appCode, appKey }, now, stats, reject);
  const services = createServices(options.services ?? {}, stats);
  const checks = gatewayChecks(options, paasId, paasToken);
  const faults = createFaults(options.faults, stats);

  /** The API behind the gateway: its checks first, then the command's answer. */
  async function api(req: Request, url: URL, command: string): Promise<Response> {
    const t = now();
    const failed = await checks(req, url, t);
    if (failed) return reject.gateway(failed);
    const service = services.get(command);
    if (service) return service(req, url);
    if (command === GATEWAY_PRESETS.command) return exchange.answer(url.searchParams, t);
    return reject.api(2, '参数不合法：command');
  }

  return {
    stats,
    issueCode: exchange.issueCode,
    addUser: exchange.addUser,
    injectFault: faults.inject,
    async fetch(req: Request): Promise<Response> {
      stats.requests++;
      const url = new URL(req.url);
      if (options.adminRoutes !== false && url.pathname.startsWith('/__mock/')) {
        if (typeof options.adminToken === 'string' && options.adminToken !== '' && !adminAuthorized(req, options.adminToken)) {
          return new Response(JSON.stringify({ error: 'admin token required: Authorization: Bearer <token>' }), {
            status: 401,
            headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
          });
        }
        return admin(req, url, stats, exchange.issueCode);
      }
      if (url.pathname !== MOCK_API_PATH) {
        stats.rejected++;
        return gatewayErrors ? json(404, { errcode: 400000404, errmsg: 'api not found.' }) : new Response('Not Found', { status: 404 });
      }
      // The exchange is GET only; services (and unknown commands, to be named) take GET or POST.
      const command = url.searchParams.get('command') ?? '';
      const exchangeOnly = !services.has(command) && command === GATEWAY_PRESETS.command;
      if (req.method !== 'GET' && (exchangeOnly || req.method !== 'POST')) {
        stats.rejected++;
        return gatewayErrors ? json(405, { errcode: 400000400, errmsg: 'bad request.' }) : new Response('Method Not Allowed', { status: 405 });
      }
      return faults.around(() => api(req, url, command));
    },
  };
}
