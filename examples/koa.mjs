// Koa 3 + @koa/router 示例：GET /sso/yjt?code=…（H5）与 POST /sso/yjt {"code":"…"}（小程序）。
// Koa 3 + @koa/router example: GET /sso/yjt?code=… (H5) and POST /sso/yjt (mini-program).
//   node examples/koa.mjs            （无 YJT_* 环境变量时自动启动模拟网关 / starts a mock without YJT_* env）
import { pathToFileURL } from 'node:url';
import Koa from 'koa';
import Router from '@koa/router';
import { isValidCode } from 'yjt-sso';
import {
  BAD_CODE, clientFromEnv, errorLogLine, errorResponse, loginLogLine, printReady,
  publicProfile, sessionCookie, signalFromNodeResponse, startSession,
} from './_shared.mjs';

/** 读取小 JSON 请求体（Koa 本身不解析）/ reads a small JSON body (Koa has no parser built in). */
async function readJson(req, limit = 4096) {
  let text = '';
  req.setEncoding('utf8');
  for await (const chunk of req) {
    text += chunk;
    if (text.length > limit) return null;
  }
  try { return JSON.parse(text); } catch { return null; }
}

/**
 * 构造应用；测试注入指向模拟网关的 client。
 * Builds the app; tests inject a client pointed at the mock gateway.
 * @param {import('yjt-sso').YjtClient} client
 */
export function createApp(client, { sessions = new Map(), log = console.log } = {}) {
  const app = new Koa();
  const router = new Router();

  async function login(ctx) {
    // GET 取查询参数，POST 取 JSON 体 / query for GET, JSON body for POST.
    const code = ctx.method === 'GET' ? ctx.query.code : (await readJson(ctx.req))?.code;
    if (!isValidCode(code)) {
      ctx.status = 400;
      ctx.body = BAD_CODE;
      return;
    }
    try {
      // Koa 没有请求取消信号：连接提前断开时中止 / no request signal in Koa: abort on early close.
      const user = await client.exchangeCode(code, { signal: signalFromNodeResponse(ctx.res) });
      const sid = startSession(sessions, user);
      log(loginLogLine(user));
      ctx.set('Set-Cookie', sessionCookie(sid));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = publicProfile(user);
    } catch (e) {
      log(errorLogLine(e));
      const { status, body } = errorResponse(e);
      ctx.status = status;
      ctx.body = body;
    }
  }
  router.get('/sso/yjt', login);
  router.post('/sso/yjt', login);
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

// 直接运行时启动 / start when run directly.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ctx = await clientFromEnv(process.env);
  const server = createApp(ctx.client).listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    printReady('koa', `http://127.0.0.1:${server.address().port}`, ctx);
  });
  const stop = () => server.close(() => void ctx.close());
  process.once('SIGINT', stop).once('SIGTERM', stop);
}
