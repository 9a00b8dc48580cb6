// 各框架示例共用的小工具：错误 → HTTP 状态、会话内容、脱敏响应、Cookie、独立运行时的配置（环境变量或本机模拟网关）。
// Small helpers shared by the framework examples: error → HTTP status, what a session holds (the least),
// the masked response body, the cookie, and standalone start-up (env config or a local mock).
// 不依赖任何运行时专有 API（Node / Deno / Bun 通用）/ runtime-neutral: Node, Deno and Bun.
import { YjtClient, YjtError, maskIdCard, maskName, maskPhone } from 'yjt-sso';

export const SESSION_COOKIE = 'yjt_sid';
const SESSION_MAX_AGE_S = 30 * 60;

/**
 * 把 SDK 错误映射为 HTTP 状态与给前端的消息（消息不含任何用户数据）。
 * Maps an SDK error onto an HTTP status and a message for the front end (no user data in it).
 */
export function errorResponse(e) {
  if (e instanceof YjtError) {
    // errcode 1：code 已过期或已使用 —— 让用户回到粤健通重新进入。
    // errcode 1: the code expired or was used — send the user back to 粤健通.
    if (e.code === 'GATEWAY_FAILURE' && e.errcode === 1) {
      return { status: 401, body: { error: e.code, message: '登录凭证已失效或已使用，请返回粤健通重新进入本服务。' } };
    }
    if (e.code === 'INVALID_INPUT') {
      return { status: 400, body: { error: e.code, message: 'code 格式不正确，请从粤健通重新进入。' } };
    }
    if (e.code === 'ABORTED') return { status: 499, body: { error: e.code, message: '请求已取消。' } };
    if (e.retryable || e.code === 'TIMEOUT' || e.code === 'NETWORK' || (e.code === 'HTTP_STATUS' && e.status >= 500)) {
      return { status: 503, body: { error: e.code, message: '粤健通服务暂时不可用，请稍后重试。' } };
    }
    return { status: 502, body: { error: e.code, message: '粤健通登录失败，请稍后重试或联系医院客服。' } };
  }
  return { status: 500, body: { error: 'INTERNAL', message: '服务器内部错误。' } };
}

/** 400：缺少或格式错误的 code / missing or malformed code. */
export const BAD_CODE = { error: 'INVALID_INPUT', message: 'code 缺失或格式不正确，请从粤健通重新进入。' };

/**
 * 建立会话：只保存最少信息（userId 与登录时间），返回随机会话 ID。证件号、手机号、姓名需要时从院内档案按 userId 取，
 * 不放进会话。示例用内存 Map；生产请换成 Redis / 数据库，并把 userId 关联到医院自己的患者 ID。
 * Starts a session holding the least it can (the userId and the login time) and returns a random
 * session id. ID number, phone and name are read from the hospital record by userId when needed,
 * never kept in the session. An in-memory Map here; use Redis / a DB and link the userId to the
 * hospital's own patient ID in production.
 */
export function startSession(sessions, user) {
  const sid = crypto.randomUUID();
  const now = Date.now();
  sessions.set(sid, { userId: user.userId, loginAt: now, expiresAt: now + SESSION_MAX_AGE_S * 1000 });
  return sid;
}

/** Set-Cookie 值：HttpOnly，前端脚本读不到 / the Set-Cookie value (HttpOnly). 生产环境请加 Secure。 */
export function sessionCookie(sid) {
  return `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_S}`;
}

/** 返回给前端的身份：只含脱敏值 / what the front end gets: masked values only. */
export function publicProfile(user) {
  return {
    userId: user.userId,
    name: maskName(user.name),
    phone: maskPhone(user.phone),
    certificateNo: maskIdCard(user.certificateNo),
    certificateType: user.labels.certificateType,
    gender: user.labels.gender,
  };
}

/** 日志只写脱敏值 / log lines carry masked values only. */
export function loginLogLine(user) {
  return `[yjt-sso] 登录成功 / login userId=${user.userId} name=${maskName(user.name)} phone=${maskPhone(user.phone)}`;
}

/** 失败日志：错误码与 SDK 消息（SDK 保证消息不含密钥与明文 PII）/ error code + the SDK message (no secrets, no PII). */
export function errorLogLine(e) {
  if (e instanceof YjtError) return `[yjt-sso] 换取失败 / exchange failed: ${e.code} errcode=${e.errcode ?? '-'} status=${e.status ?? '-'}`;
  return `[yjt-sso] 内部错误 / internal error: ${e?.name ?? 'Error'}`;
}

/**
 * node:http 系框架（Express / Koa / Fastify）没有现成的请求取消信号：在连接提前关闭时中止。
 * node:http frameworks have no request signal: abort when the response closes before finishing.
 */
export function signalFromNodeResponse(res) {
  const ctrl = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) ctrl.abort();
  });
  return ctrl.signal;
}

// ---- 独立运行 / standalone start-up -------------------------------------------------------------

// 仅用于本地演示的凭据与用户（接口文档示例密钥）/ demo-only credentials and user (the interface document's sample key).
export const DEMO_CREDENTIALS = {
  appCode: 'DEMO000001',
  appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
  paasId: 'demo-paas-id',
  paasToken: 'demo-paas-token',
  appSecret: 'demo-app-secret',
};
export const DEMO_USER = {
  userId: '2025000000000001',
  name: '陈小明',
  phone: '13800138000',
  certificateNo: '11010519491231002X',
  certificateType: '01',
  healthCardNo: 'E0000000000000000000000000000001',
  gender: 1,
  nation: '01',
  channel: '1',
};

/**
 * 由环境变量构造 YjtClient；缺少凭据时在本机启动模拟网关。
 * Builds a YjtClient from env vars (YJT_ENV, YJT_APP_CODE, YJT_APP_KEY, YJT_PAAS_ID,
 * YJT_PAAS_TOKEN, YJT_APP_SECRET, YJT_BASE_URL); without credentials, starts a local mock gateway.
 * @param {Record<string, string | undefined>} env  process.env / Deno.env.toObject()
 */
export async function clientFromEnv(env) {
  const { YJT_APP_CODE, YJT_APP_KEY, YJT_PAAS_ID, YJT_PAAS_TOKEN } = env;
  if (YJT_APP_CODE && YJT_APP_KEY && YJT_PAAS_ID && YJT_PAAS_TOKEN) {
    const client = new YjtClient({
      env: env.YJT_ENV === 'production' ? 'production' : 'test',
      appCode: YJT_APP_CODE,
      appKey: YJT_APP_KEY,
      paasId: YJT_PAAS_ID,
      paasToken: YJT_PAAS_TOKEN,
      appSecret: env.YJT_APP_SECRET || undefined,
      baseUrl: env.YJT_BASE_URL || undefined,
    });
    return { client, mock: null, sampleCode: null, close: async () => client.free() };
  }
  const { startMockGateway } = await import('yjt-sso/mock');
  const mock = await startMockGateway({ ...DEMO_CREDENTIALS, users: [DEMO_USER] });
  const client = new YjtClient({ env: 'test', ...DEMO_CREDENTIALS, baseUrl: mock.baseUrl });
  return {
    client,
    mock,
    sampleCode: mock.gateway.issueCode(DEMO_USER),
    close: async () => { client.free(); await mock.close(); },
  };
}

/** 打印启动信息（测试据 "listening on" 行取地址）/ prints the start-up banner (tests read the "listening on" line). */
export function printReady(name, origin, ctx) {
  console.log(`[${name}] listening on ${origin}`);
  if (ctx.mock) {
    console.log(`[${name}] 未配置 YJT_* 环境变量，已启动本机模拟网关 / no YJT_* env: using a local mock gateway at ${ctx.mock.url}`);
    console.log(`[${name}] 点击登录（code 5 分钟内有效、仅能使用一次）/ click to log in (single-use, 5 min):`);
    console.log(`READY ${origin}/sso/yjt?code=${ctx.sampleCode}`);
    console.log(`[${name}] 再要一个 code / another code: curl -s -X POST ${ctx.mock.url}/__mock/codes -H 'content-type: application/json' -d '{"userId":"${DEMO_USER.userId}"}'`);
  } else {
    console.log(`READY ${origin}/sso/yjt`);
  }
}
