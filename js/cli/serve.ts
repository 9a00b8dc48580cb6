/**
 * `serve`: the single sign-on as a local HTTP service for Java, .NET and Python systems
 * (js/serve/). Signals: SIGTERM / SIGINT drain and exit 0, SIGHUP reloads the config file.
 *
 * @module
 */
import { YjtError } from '../index.js';
import { loadServeConfig, type ListenOverride } from '../serve/config.js';
import { startServe } from '../serve/server.js';
import { checkTenants } from '../serve/tenants.js';
import { UsageError, parse, str } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { namesOf } from './fields.js';

const ENV = namesOf('serveConfig').env!;

/** The serve.json format (README shows the same). */
export const SERVE_FORMAT = `serve.json（未知字段拒绝；机密 appKey、paasToken、appSecret、storeKey、redisUrl 可写 <名>、<名>File（文件路径）
或 <名>Env（环境变量名）之一）/ serve.json (unknown fields refused; each secret — appKey, paasToken, appSecret,
storeKey, redisUrl — as <name>, <name>File (a path) or <name>Env (a variable name)):
{
  "listen": { "host": "127.0.0.1", "port": 8788 },
  "tls": { "certFile": "server.crt", "keyFile": "server.key", "clientCaFile": "clients-ca.crt" },
  "limits": { "bodyBytes": 16384, "headersTimeoutMs": 10000, "requestTimeoutMs": 30000,
              "keepAliveTimeoutMs": 5000, "concurrencyPerTenant": 64, "maxHeaderBytes": 16384 },
  "store": { "redisUrlEnv": "REDIS_URL", "storeFailure": "bypass" },
  "tenants": [{
    "id": "hospital-a",
    "tokenSha256": ["<sha256 hex of the bearer token>"],
    "clientCertFingerprint256": ["AB:CD:…"],
    "client": { "env": "test", "appCode": "…", "paasId": "…", "appKeyFile": "/run/secrets/app-key",
                "paasTokenEnv": "HOSP_A_PAAS_TOKEN", "appSecretEnv": "HOSP_A_APP_SECRET" },
    "exchange": { "mask": ["certificateNo", "phone"] },
    "call": { "allow": [{ "command": "02" }, { "path": "/other/api", "serviceId": "DGSP_…" }] }
  }]
}`;

export const serve: Subcommand = {
  usage: synopsis('serve', ['--config serve.json', '[--host 127.0.0.1]', '[--port 8788]', '[--check]']),
  brief: '本地单点登录服务（HTTP/JSON）/ the single sign-on as a local HTTP service',
  about: `启动本地服务：POST /v1/exchange、POST /v1/call、GET /healthz、/readyz、/metrics、/openapi.json；错误为
application/problem+json / starts the service: POST /v1/exchange, POST /v1/call, GET /healthz, /readyz,
/metrics, /openapi.json; every error is application/problem+json.
配置文件取 --config 或 ${ENV}；缺省监听 127.0.0.1:8788，非回环地址须配置 tls.clientCaFile（mTLS），否则拒绝启动
（退出码 2）/ the config file is --config or ${ENV}; default 127.0.0.1:8788; a non-loopback --host
needs tls.clientCaFile (mTLS), else it refuses to start (exit 2). --check: check the config and exit.
信号 / signals: SIGTERM、SIGINT 停止接受连接、完成进行中的请求后退出 0 / stop accepting, finish
in-flight requests, exit 0; SIGHUP 重新读取配置与机密，新配置有误则保留旧配置并记录原因 / reloads the config
and secrets; a bad new config is refused (reason logged) and the old one kept.`,
  appendix: SERVE_FORMAT,
  async run(rest) {
    const { values } = parse(rest, { config: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, check: { type: 'boolean' } });
    const path = str(values.config) ?? process.env[ENV];
    if (path === undefined || path === '') throw new UsageError(`缺少 --config（或环境变量 ${ENV}）/ missing --config (or the ${ENV} environment variable)`);
    const override: ListenOverride = {};
    if (str(values.host) !== undefined) override.host = str(values.host)!;
    if (values.port !== undefined) {
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port 须为 0–65535 / --port must be 0–65535');
      override.port = port;
    }
    const load = () => loadServeConfig(path, process.env, override);
    const refused = (e: unknown): number => {
      if (!(e instanceof YjtError) || e.code !== 'INVALID_CONFIG') throw e;
      console.error(`错误 / error [${e.code}]${e.field !== undefined ? ` (field ${e.field})` : ''}: ${e.message}`);
      return 2;
    };
    let config;
    try {
      config = load();
      checkTenants(config);
    } catch (e) {
      return refused(e);
    }
    if (values.check === true) {
      console.log(JSON.stringify({ level: 'info', msg: 'config ok', tenants: config.tenants.length }));
      return 0;
    }
    let s;
    try {
      s = await startServe(config);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
        console.error(`错误 / error: 无法监听 / cannot listen on ${config.listen.host}:${config.listen.port} (${code})`);
        return 1;
      }
      return refused(e);
    }
    // Handlers first: whoever reads the listening line may signal at once.
    const onHup = () => void s.reload(load).catch(() => {}); // refused: logged by reload
    process.on('SIGHUP', onHup);
    const stop = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log(JSON.stringify({ level: 'info', msg: 'listening', url: s.url }));
    await stop;
    process.off('SIGHUP', onHup);
    await s.close();
    // A gateway call outliving the drain (cut at limits.requestTimeoutMs) or a store reconnect
    // timer must not keep the process alive: everything was answered or closed.
    setTimeout(() => process.exit(process.exitCode ?? 0), 100).unref();
    return 0;
  },
};
