// Express 5 示例：GET /sso/yjt?code=…（H5）与 POST /sso/yjt {"code":"…"}（小程序）。
// Express 5 example of the hospital route: GET /sso/yjt?code=… (H5) and POST /sso/yjt (mini-program).
//   node examples/express.mjs        （无 YJT_* 环境变量时自动启动模拟网关 / starts a mock without YJT_* env）
import { pathToFileURL } from 'node:url';
import express from 'express';
import { isValidCode } from 'yjt-sso';
import {
  BAD_CODE, clientFromEnv, errorLogLine, errorResponse, loginLogLine, printReady,
  publicProfile, sessionCookie, signalFromNodeResponse, startSession,
} from './_shared.mjs';

/**
 * 构造应用；测试注入指向模拟网关的 client。
 * Builds the app; tests inject a client pointed at the mock gateway.
 * @param {import('yjt-sso').YjtClient} client
 */
export function createApp(client, { sessions = new Map(), log = console.log } = {}) {
  const app = express();
  app.use(express.json({ limit: '4kb' }));

  async function login(req, res) {
    // GET 取查询参数，POST 取 JSON 体 / query for GET, JSON body for POST.
    const code = req.method === 'GET' ? req.query.code : req.body?.code;
    if (!isValidCode(code)) return res.status(400).json(BAD_CODE);
    try {
      // Express 没有请求取消信号：连接提前断开时中止 / no request signal in Express: abort on early close.
      const user = await client.exchangeCode(code, { signal: signalFromNodeResponse(res) });
      const sid = startSession(sessions, user);
      log(loginLogLine(user));
      res.set('Set-Cookie', sessionCookie(sid)).set('Cache-Control', 'no-store');
      res.json(publicProfile(user));
    } catch (e) {
      log(errorLogLine(e));
      const { status, body } = errorResponse(e);
      if (!res.headersSent) res.status(status).json(body);
    }
  }
  app.get('/sso/yjt', login);
  app.post('/sso/yjt', login);

  // 请求体不是合法 JSON 等 / malformed JSON body and the like.
  app.use((err, req, res, next) => (err.status >= 400 && err.status < 500 ? res.status(err.status).json(BAD_CODE) : next(err)));
  return app;
}

// 直接运行时启动 / start when run directly.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ctx = await clientFromEnv(process.env);
  const server = createApp(ctx.client).listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    printReady('express', `http://127.0.0.1:${server.address().port}`, ctx);
  });
  const stop = () => server.close(() => void ctx.close());
  process.once('SIGINT', stop).once('SIGTERM', stop);
}
