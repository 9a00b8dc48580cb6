// Deno.serve 示例：GET /sso/yjt?code=…（H5）与 POST /sso/yjt {"code":"…"}（小程序）。
// Deno.serve example of the hospital route. `yjt-sso` resolves through examples/package.json
// (examples/node_modules, offline). In your project install the release tarball (or your private
// registry's copy) with npm and use `npm:yjt-sso` with `"nodeModulesDir": "manual"` (see the README);
// the package is not on the public npm registry or JSR.
//   deno run --allow-net --allow-env --allow-read examples/deno-serve.ts
//   （无 YJT_* 环境变量时自动启动模拟网关 / starts a mock gateway without YJT_* env）
import { isValidCode, type YjtClient } from 'yjt-sso';
import {
  BAD_CODE, clientFromEnv, errorLogLine, errorResponse, loginLogLine, printReady,
  publicProfile, sessionCookie, startSession,
} from './_shared.mjs';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

/**
 * 构造 Web 标准处理函数；测试注入指向模拟网关的 client。
 * Builds a web-standard handler; tests inject a client pointed at the mock gateway.
 */
export function createHandler(
  client: YjtClient,
  { sessions = new Map(), log = console.log }: { sessions?: Map<string, unknown>; log?: (line: string) => void } = {},
): (req: Request) => Promise<Response> {
  return async (req) => {
    const url = new URL(req.url);
    if (url.pathname !== '/sso/yjt') return json(404, { error: 'NOT_FOUND' });
    if (req.method !== 'GET' && req.method !== 'POST') return json(405, { error: 'METHOD_NOT_ALLOWED' });
    // GET 取查询参数，POST 取 JSON 体 / query for GET, JSON body for POST.
    const code = req.method === 'GET' ? url.searchParams.get('code') : (await req.json().catch(() => null))?.code;
    if (!isValidCode(code)) return json(400, BAD_CODE);
    try {
      // req.signal 在客户端断开时触发 / req.signal fires when the client goes away.
      const user = await client.exchangeCode(code, { signal: req.signal });
      const sid = startSession(sessions, user);
      log(loginLogLine(user));
      return json(200, publicProfile(user), { 'set-cookie': sessionCookie(sid) });
    } catch (e) {
      log(errorLogLine(e));
      const { status, body } = errorResponse(e);
      return json(status, body);
    }
  };
}

// 直接运行时启动 / start when run directly.
if (import.meta.main) {
  const ctx = await clientFromEnv(Deno.env.toObject());
  const server = Deno.serve(
    { hostname: '127.0.0.1', port: Number(Deno.env.get('PORT') ?? 0), onListen: () => {} },
    createHandler(ctx.client),
  );
  printReady('deno', `http://127.0.0.1:${server.addr.port}`, ctx);
  const stop = () => void server.shutdown().then(() => ctx.close());
  Deno.addSignalListener('SIGINT', stop);
  Deno.addSignalListener('SIGTERM', stop);
}
