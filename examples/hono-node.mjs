// Hono + @hono/node-server 示例：GET /sso/yjt?code=…（H5）与 POST /sso/yjt {"code":"…"}（小程序）。
// 同一个 Hono 应用也可直接用于 Deno / Bun / Cloudflare Workers（app.fetch）。
// Hono example on @hono/node-server; the same app runs on Deno / Bun / Workers via app.fetch.
//   node examples/hono-node.mjs      （无 YJT_* 环境变量时自动启动模拟网关 / starts a mock without YJT_* env）
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { isValidCode } from 'yjt-sso';
import {
  BAD_CODE, clientFromEnv, errorLogLine, errorResponse, loginLogLine, printReady,
  publicProfile, sessionCookie, startSession,
} from './_shared.mjs';

/**
 * 构造 Hono 应用；测试注入指向模拟网关的 client。
 * Builds the Hono app; tests inject a client pointed at the mock gateway.
 * @param {import('yjt-sso').YjtClient} client
 */
export function createApp(client, { sessions = new Map(), log = console.log } = {}) {
  const app = new Hono();

  async function login(c) {
    // GET 取查询参数，POST 取 JSON 体 / query for GET, JSON body for POST.
    const code = c.req.method === 'GET' ? c.req.query('code') : (await c.req.json().catch(() => null))?.code;
    if (!isValidCode(code)) return c.json(BAD_CODE, 400);
    try {
      // Hono 暴露标准 Request，客户端断开时 signal 触发 / the standard Request's signal fires on disconnect.
      const user = await client.exchangeCode(code, { signal: c.req.raw.signal });
      const sid = startSession(sessions, user);
      log(loginLogLine(user));
      c.header('Set-Cookie', sessionCookie(sid));
      c.header('Cache-Control', 'no-store');
      return c.json(publicProfile(user));
    } catch (e) {
      log(errorLogLine(e));
      const { status, body } = errorResponse(e);
      return c.json(body, status);
    }
  }
  app.get('/sso/yjt', login);
  app.post('/sso/yjt', login);
  return app;
}

// 直接运行时启动 / start when run directly.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ctx = await clientFromEnv(process.env);
  const server = serve({ fetch: createApp(ctx.client).fetch, hostname: '127.0.0.1', port: Number(process.env.PORT ?? 0) }, (info) => {
    printReady('hono', `http://127.0.0.1:${info.port}`, ctx);
  });
  const stop = () => server.close(() => void ctx.close());
  process.once('SIGINT', stop).once('SIGTERM', stop);
}
