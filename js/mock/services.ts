/**
 * The other APIs behind the gateway, dispatched on the `command` query parameter: the caller's
 * functions, their JSON body parsed and their value wrapped in `{code, message, success, data}`.
 */
import { YjtError } from '../index.js';
import { json } from './json.js';
import type { MockService, MockStats } from './types.js';

/** Answers a call that passed the gateway's checks. */
export type ServiceCall = (req: Request, url: URL) => Promise<Response>;

/** command → its call; the functions are checked up front, so a typo fails at construction. */
export function createServices(services: Record<string, MockService>, stats: MockStats): Map<string, ServiceCall> {
  const calls = new Map<string, ServiceCall>();
  for (const [command, f] of Object.entries(services)) {
    if (typeof f !== 'function') throw new YjtError('INVALID_CONFIG', `mock 配置项 services.${command} 须为函数 (mock option services.${command} must be a function)`);
    calls.set(command, (req, url) => call(f, req, url, stats));
  }
  return calls;
}

async function call(f: MockService, req: Request, url: URL, stats: MockStats): Promise<Response> {
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
    // The service's own failure stays inside the mock, as a real backend's would.
    return json(500, { code: 500, message: '服务内部错误', success: false });
  }
  if (out instanceof Response) return out;
  stats.serviceCalls++;
  return json(200, { code: 200, message: '成功', success: true, data: out ?? null });
}
