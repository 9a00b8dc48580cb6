// Bun.serve 示例：GET /sso/yjt?code=…（H5）与 POST /sso/yjt {"code":"…"}（小程序）。
// Bun.serve example of the hospital route, using Bun's `routes` table.
//   bun examples/bun-serve.ts        （无 YJT_* 环境变量时自动启动模拟网关 / starts a mock without YJT_* env）
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
    // GET 取查询参数，POST 取 JSON 体 / query for GET, JSON body for POST.
    const code = req.method === 'GET'
      ? new URL(req.url).searchParams.get('code')
      : (await req.json().catch(() => null))?.code;
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
  const ctx = await clientFromEnv(process.env);
  const login = createHandler(ctx.client);
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: Number(process.env.PORT ?? 0),
    routes: { '/sso/yjt': { GET: login, POST: login } },
    fetch: () => json(404, { error: 'NOT_FOUND' }),
  });
  printReady('bun', `http://127.0.0.1:${server.port}`, ctx);
  const stop = () => void Promise.resolve(server.stop(true)).then(() => ctx.close());
  process.once('SIGINT', stop).once('SIGTERM', stop);
}
