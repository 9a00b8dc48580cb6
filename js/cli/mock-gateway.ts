/**
 * `mock-gateway`: the local mock gateway with a demo API (command=02); credentials the caller
 * did not configure take the demo values, which are printed.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GATEWAY_PRESETS, maskName } from '../index.js';
import { startMockGateway, type MockUser } from '../mock.js';
import { isLoopback } from '../serve/config.js';
import { UsageError, parse, str } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { configOptions, loadConfig } from './config.js';
import { DEMO_COMMAND, DEMO_CREDENTIALS, DEMO_PORT, DEMO_USERS } from './demo.js';
import { flagUsage, namesOf } from './fields.js';
import { CONFIG_FORMAT, USERS_FORMAT } from './help.js';

type DemoField = keyof typeof DEMO_CREDENTIALS;
const envOf = (f: 'env' | 'baseUrl' | DemoField): string => namesOf(f).env!;

/** `YJT_APP_CODE=DEMO000001 YJT_APP_KEY=…` for the help. */
const demoPairs = (Object.keys(DEMO_CREDENTIALS) as DemoField[]).map((k) => `${envOf(k)}=${DEMO_CREDENTIALS[k]}`);

/** At most this many users in the CLI's mock (the file's and those planted through /__mock/codes). */
export const MAX_USERS = 1000;

/** The users file, or the demo user. */
function readUsers(file: string | undefined): MockUser[] {
  if (file === undefined) return DEMO_USERS.map((u) => ({ ...u }));
  let users: unknown;
  try {
    users = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`无法读取用户文件 / cannot read the users file: ${file}`);
  }
  if (!Array.isArray(users)) throw new UsageError('用户文件须为数组 / the users file must hold an array');
  return users as MockUser[];
}

export const mockGateway: Subcommand = {
  usage: synopsis('mock-gateway', [`[--port ${DEMO_PORT}]`, '[--host 127.0.0.1]', '[--admin-token T]', '[--users users.json]', '[--config FILE]', ...flagUsage('mock-gateway')]),
  about: `启动本地模拟网关（含演示接口 command=${DEMO_COMMAND}）/ starts the local mock gateway (with a demo API, command=${DEMO_COMMAND}).
凭据与 env 取自 YJT_* 环境变量、--config 文件与 ${namesOf('env').flag}，未给出的凭据用演示值并打印出来；service ID 按 env
（或 serviceId）/ credentials and env come from YJT_*, --config and ${namesOf('env').flag}; missing credentials take the
printed demo values; the service ID follows env (or serviceId).
非回环地址（如 --host 0.0.0.0）：stderr 打印警告，/__mock/* 须带 Authorization: Bearer <令牌>（--admin-token 或
YJT_MOCK_ADMIN_TOKEN，未给出时随机生成并打印）；用户最多 ${MAX_USERS} 个 / a non-loopback --host (e.g. 0.0.0.0): a warning
on stderr, /__mock/* needs Authorization: Bearer <token> (--admin-token or YJT_MOCK_ADMIN_TOKEN, else a
random one, printed); at most ${MAX_USERS} users.
演示凭据 / demo credentials: ${demoPairs.slice(0, 2).join(' ')}
  ${demoPairs.slice(2).join(' ')}`,
  appendix: `${CONFIG_FORMAT}\n\n${USERS_FORMAT}`,
  async run(rest) {
    const { values } = parse(rest, {
      port: { type: 'string' },
      host: { type: 'string' },
      'admin-token': { type: 'string' },
      users: { type: 'string' },
      ...configOptions('mock-gateway'),
    });
    const c = loadConfig('mock-gateway', values);
    if (c.env !== 'test' && c.env !== 'production') {
      const { env, flag } = namesOf('env');
      throw new UsageError(
        `env（${env}、${flag} 或 --config 文件中的 "env"）只能是 test 或 production / ` +
          `env (${env}, ${flag} or "env" in the --config FILE) must be test or production`,
      );
    }
    const serviceId = c.serviceId ?? GATEWAY_PRESETS.serviceIds[c.env];
    const users = readUsers(str(values.users));
    if (users.length > MAX_USERS) throw new UsageError(`用户文件最多 ${MAX_USERS} 个用户 / the users file holds at most ${MAX_USERS} users`);
    const host = str(values.host) ?? '127.0.0.1';
    const exposed = !isLoopback(host);
    const given = str(values['admin-token']) ?? process.env.YJT_MOCK_ADMIN_TOKEN;
    if (str(values['admin-token']) !== undefined) console.error('警告 / warning: --admin-token 的值在命令行上（ps 可见）；可改用环境变量 YJT_MOCK_ADMIN_TOKEN / the --admin-token value is visible in ps: YJT_MOCK_ADMIN_TOKEN keeps it off the command line');
    let adminToken = given !== undefined && given !== '' ? given : undefined;
    if (exposed) {
      adminToken ??= randomBytes(24).toString('base64url');
      console.error(
        `警告 / WARNING: 模拟网关监听 ${host}（非回环地址），网络上的其他机器都能访问它；它使用演示或测试凭据，绝不能用于生产。` +
          `/__mock/* 须带 Authorization: Bearer <令牌> / the mock gateway listens on ${host} (not loopback): other machines can reach it. ` +
          `It is for tests only, never production; /__mock/* requires Authorization: Bearer <token>.`,
      );
      if (given === undefined || given === '') console.error(`管理令牌（随机生成）/ admin token (generated): ${adminToken}`);
    }
    const port = values.port === undefined ? DEMO_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port 须为 0–65535 / --port must be 0–65535');
    // A demo API beside the exchange: a user's basic record by userId (GET query or POST body).
    const demoService = (q: URLSearchParams, body: unknown): unknown => {
      const id = q.get('userId') ?? (typeof body === 'object' && body !== null ? String((body as { userId?: unknown }).userId) : '');
      const u = users.find((x) => x.userId === id);
      if (!u) {
        return new Response(JSON.stringify({ code: 404, message: '用户不存在', success: false, data: null }), {
          status: 200,
          headers: { 'content-type': 'application/json;charset=utf-8' },
        });
      }
      return { userId: u.userId, name: u.name, phone: u.phone, certificateNo: u.certificateNo };
    };
    const usingDemo = c.appKey === undefined;
    // The demo values actually in use (never a value the caller configured): demo-only, printed.
    const demoUsed: [string, string][] = [];
    const orDemo = (field: DemoField, have: string | undefined): string => {
      if (have !== undefined) return have;
      demoUsed.push([envOf(field), DEMO_CREDENTIALS[field]]);
      return DEMO_CREDENTIALS[field];
    };
    const mock = await startMockGateway({
      appCode: orDemo('appCode', c.appCode),
      appKey: orDemo('appKey', c.appKey),
      paasId: orDemo('paasId', c.paasId),
      paasToken: orDemo('paasToken', c.paasToken),
      appSecret: c.appSecret ?? (usingDemo ? orDemo('appSecret', undefined) : undefined),
      serviceId,
      users,
      port,
      host,
      maxUsers: MAX_USERS,
      ...(adminToken !== undefined ? { adminToken } : {}),
      services: { [DEMO_COMMAND]: demoService },
    });
    console.log(`模拟网关已启动 / mock gateway listening: ${mock.baseUrl}`);
    console.log(`环境 / env: ${c.env}（service ID ${serviceId}）`);
    if (demoUsed.length > 0) {
      console.log('使用演示凭据（仅供本地演示，勿用于生产）/ using the demo credentials (local demo only, never production):');
      console.log(`  export ${envOf('env')}=${c.env} ${envOf('baseUrl')}=${mock.baseUrl} \\`);
      console.log(`    ${demoUsed.map(([k, v]) => `${k}=${v}`).join(' ')}`);
    }
    console.log(`签发 code / issue a code: curl -s -X POST ${mock.url}/__mock/codes -H 'content-type: application/json'${adminToken !== undefined ? " -H 'authorization: Bearer <token>'" : ''} -d '{"userId":"${users[0]?.userId ?? ''}"}'`);
    for (const u of users) console.log(`  ${u.userId} (${maskName(u.name)}): code ${mock.gateway.issueCode(u.userId)}`);
    console.log(`演示接口 / demo API: yjt-sso call ${namesOf('baseUrl').flag} ${mock.baseUrl} --query command=${DEMO_COMMAND} --query userId=${users[0]?.userId ?? ''}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await mock.close();
    return 0;
  },
};
