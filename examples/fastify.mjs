// Fastify 5 示例：GET /sso/yjt?code=…（H5）与 POST /sso/yjt {"code":"…"}（小程序）。
// Fastify 5 example of the hospital route: GET /sso/yjt?code=… (H5) and POST /sso/yjt (mini-program).
//   node examples/fastify.mjs        （无 YJT_* 环境变量时自动启动模拟网关 / starts a mock without YJT_* env）
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { isValidCode } from 'yjt-sso';
import {
  BAD_CODE, clientFromEnv, errorLogLine, errorResponse, loginLogLine, printReady,
  publicProfile, sessionCookie, signalFromNodeResponse, startSession,
} from './_shared.mjs';

/**
 * 构造应用（未 listen）；测试注入指向模拟网关的 client。
 * Builds the app (not listening); tests inject a client pointed at the mock gateway.
 * @param {import('yjt-sso').YjtClient} client
 */
export function createApp(client, { sessions = new Map(), log = console.log } = {}) {
  // 关闭内置请求日志：它会记录带 code 的 URL / built-in request logging off: it would log URLs with the code.
  const app = Fastify({ logger: false, bodyLimit: 4096 });

  async function login(request, reply) {
    // GET 取查询参数，POST 取 JSON 体 / query for GET, JSON body for POST.
    const code = request.method === 'GET' ? request.query.code : request.body?.code;
    if (!isValidCode(code)) return reply.code(400).send(BAD_CODE);
    try {
      // Fastify 没有请求取消信号：连接提前断开时中止 / no request signal: abort on early close.
      const user = await client.exchangeCode(code, { signal: signalFromNodeResponse(reply.raw) });
      const sid = startSession(sessions, user);
      log(loginLogLine(user));
      return reply.header('set-cookie', sessionCookie(sid)).header('cache-control', 'no-store').send(publicProfile(user));
    } catch (e) {
      log(errorLogLine(e));
      const { status, body } = errorResponse(e);
      return reply.code(status).send(body);
    }
  }
  app.get('/sso/yjt', login);
  app.post('/sso/yjt', login);
  // 请求体不是合法 JSON 等 / malformed JSON body and the like.
  app.setErrorHandler((err, _request, reply) => {
    const status = err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    reply.code(status).send(status === 500 ? errorResponse(err).body : BAD_CODE);
  });
  return app;
}

// 直接运行时启动 / start when run directly.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ctx = await clientFromEnv(process.env);
  const app = createApp(ctx.client);
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
  printReady('fastify', `http://127.0.0.1:${app.server.address().port}`, ctx);
  const stop = () => app.close().then(() => ctx.close());
  process.once('SIGINT', stop).once('SIGTERM', stop);
}
