/**
 * yjt-sso 命令行：SM4 加解密、网关签名、code 换取、本地模拟网关。
 * The yjt-sso command line: SM4, gateway signing, the code exchange and the local mock gateway.
 * Secrets come from environment variables or a config file and are never printed.
 *
 * Exit codes: 0 ok, 1 the operation failed (the error code is printed), 2 usage error.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { inspect, parseArgs } from 'node:util';
import {
  GATEWAY_PRESETS,
  GatewayClient,
  Sm4,
  YjtClient,
  YjtError,
  YjtExchange,
  gatewaySignature,
  maskIdCard,
  maskName,
  maskPhone,
  type CipherEncoding,
  type GatewayClientOptions,
  type YjtConfig,
  type YjtUser,
} from './index.js';
import { startMockGateway, type MockUser } from './mock.js';
import { formatDoctor, runDoctor } from './doctor.js';

/** The --config FILE format (the README shows the same example). */
const CONFIG_FORMAT = `--config FILE：JSON 对象，字段即 YjtConfig 的字段，覆盖同名环境变量，命令行参数再覆盖它；
未知字段报 INVALID_CONFIG。必填 env、appCode、appKey、paasId、paasToken，其余可省略。/
--config FILE: a JSON object with YjtConfig's fields, overriding the env vars of the same name;
flags override it; an unknown field is INVALID_CONFIG. env, appCode, appKey, paasId and paasToken
are required, the rest optional. 示例（演示凭据）/ example (the demo credentials):
{
  "env": "test",
  "appCode": "DEMO000001",
  "appKey": "A7E2D00B4058086CBD3D4B8A5E0B2697",
  "paasId": "demo-paas-id",
  "paasToken": "demo-paas-token",
  "appSecret": "demo-app-secret",
  "serviceId": "DGSP_1911964810465574914",
  "baseUrl": "http://127.0.0.1:8787/data_center/gateway/common/api",
  "businessType": 1,
  "timeoutMs": 10000,
  "maxBodyBytes": 1048576,
  "allowInsecureHttp": false,
  "decryptFields": { "name": "auto", "healthCardNo": "auto" },
  "gateway": { "prefix": "x-tsp", "signatureCase": "upper", "timestampUnit": "seconds" }
}
env: "test" | "production"；serviceId 缺省按 env / defaults by env；baseUrl 缺省为生产网关 /
defaults to the provincial gateway；businessType 1…2^31-1（缺省 default 1）；timeoutMs 1–600000；
maxBodyBytes ≤ 64 MiB；decryptFields 的值 / values: "auto" | "always" | "never"；gateway 见 README
（网关变体 / gateway variants）。call 只用 paasId、paasToken、appSecret、serviceId、baseUrl、gateway、
allowInsecureHttp、timeoutMs、maxBodyBytes / call uses only those fields.`;

/** The --users FILE format of mock-gateway (the README shows the same example). */
const USERS_FORMAT = `--users FILE：JSON 数组，每项一个演示用户；userId、name、phone、certificateNo 必填（字符串），
其余可省略（缺省 certificateType "01"、nation "01"、channel "1"、healthCardNo ""、gender 缺失）/
--users FILE: a JSON array, one demo user each; userId, name, phone and certificateNo are required
strings, the rest optional (defaults certificateType "01", nation "01", channel "1", healthCardNo "",
gender absent). 示例 / example:
[
  {
    "userId": "2025000000000001",
    "name": "陈小明",
    "phone": "13800138000",
    "certificateNo": "11010519491231002X",
    "certificateType": "01",
    "healthCardNo": "44010000000000001",
    "gender": 1,
    "nation": "01",
    "channel": "1"
  }
]
gender: 1 男 male、2 女 female、3 保密 undisclosed、4 未知 unknown；certificateType、nation、channel
为数据字典代码 / dictionary codes (CERTIFICATE_TYPES, NATIONS, CHANNELS).`;

const HELP = `yjt-sso — 粤健通单点登录 SDK 命令行 / the yjt-sso command line

用法 / usage:
  yjt-sso encrypt  --key K [--encoding hex|HEX|base64] <明文 plaintext>
  yjt-sso decrypt  --key K [--encoding hex|base64] [--reveal] <密文 ciphertext>
                   （明文默认脱敏，--reveal 显示明文 / the plaintext is masked unless --reveal）
  yjt-sso verify   --key K [--encoding hex|HEX|base64] <密文 ciphertext> <明文 plaintext>
  yjt-sso sign     --timestamp T --token X --nonce N [--lowercase]
  yjt-sso headers  [--code C] [--config FILE] [--timestamp T] [--nonce N] [--unmasked]
                   （打印完整请求 URL 与请求头 / prints the request URL and headers）
  yjt-sso exchange --code C [--config FILE] [--env test|production] [--base-url URL]
                   [--business-type N] [--timeout-ms N] [--unmasked] [--json]
  yjt-sso call     [--method GET|POST] [--query k=v …] [--data JSON] [--config FILE]
                   [--env test|production] [--base-url URL] [--timeout-ms N] [--unmasked]
                   （调用网关上的其他接口，打印状态码与 data / calls another API behind the
                   gateway, prints the status and the data）
  yjt-sso doctor   [--config FILE] [--env test|production] [--base-url URL] [--detect] [--json]
                   （不消耗用户 code 的自检与脱敏报告 / self-check and redacted report, no user code used）
  yjt-sso mock-gateway [--port 8787] [--host 127.0.0.1] [--users users.json] [--config FILE]
  yjt-sso help
  yjt-sso <子命令 subcommand> --help

凭据 / credentials (环境变量优先于默认值，--config 的 JSON 文件优先于环境变量 /
env vars, overridden by the JSON file given with --config):
  YJT_ENV  YJT_APP_CODE  YJT_APP_KEY  YJT_PAAS_ID  YJT_PAAS_TOKEN  YJT_APP_SECRET
  YJT_SERVICE_ID  YJT_BASE_URL   （call 只用 paasId、paasToken、appSecret、serviceId、baseUrl /
  call uses only paasId, paasToken, appSecret, serviceId and baseUrl）
  --key 缺省时取 YJT_APP_KEY；--token 缺省时取 YJT_PAAS_TOKEN。命令行参数对同机用户可见（ps）并留在
  shell 历史中，用 --key / --token 时会在 stderr 打印警告；生产密钥请用环境变量。/ --key defaults to
  YJT_APP_KEY and --token to YJT_PAAS_TOKEN. Flags are visible to other users (ps) and stay in
  your shell history, so giving a secret as a flag prints a warning on stderr: use the env vars.

输出 / output: 身份信息默认脱敏（exchange、call 用 --unmasked、decrypt 用 --reveal 显示明文）；密钥、令牌从不
输出，appSecret 只在 headers --unmasked 时输出（无论请求头如何命名，默认显示为 [REDACTED]）。/
identities are masked unless exchange / call --unmasked, decrypt --reveal; keys and tokens are never
printed; the appSecret header (whatever its configured name) shows as [REDACTED] unless
headers --unmasked.

${CONFIG_FORMAT}

${USERS_FORMAT}

退出码 / exit codes: 0 成功 ok, 1 操作失败 failed, 2 用法错误 usage error.
`;

const CREDS_NOTE = `凭据见 yjt-sso help（YJT_* 环境变量与 --config 文件格式）/ credentials: see \`yjt-sso help\` (YJT_* env vars, the --config FILE format).`;

/** `yjt-sso <subcommand> --help`. */
const SUB_HELP: Record<string, string> = {
  encrypt: `yjt-sso encrypt --key K [--encoding hex|HEX|base64] <明文 plaintext>
  SM4-ECB 加密（密钥缺省取 YJT_APP_KEY）/ SM4-ECB encrypt (the key defaults to YJT_APP_KEY).`,
  decrypt: `yjt-sso decrypt --key K [--encoding hex|base64] [--reveal] <密文 ciphertext>
  SM4-ECB 解密，明文默认脱敏，--reveal 显示 / SM4-ECB decrypt; the plaintext is masked unless --reveal.`,
  verify: `yjt-sso verify --key K [--encoding hex|HEX|base64] <密文 ciphertext> <明文 plaintext>
  密文与明文是否对应（退出码 0/1）/ whether the ciphertext encrypts the plaintext (exit 0 / 1).`,
  sign: `yjt-sso sign --timestamp T --token X --nonce N [--lowercase]
  网关签名 HEX(SHA-256(timestamp + token + nonce + timestamp))（token 缺省取 YJT_PAAS_TOKEN）/
  the gateway signature (the token defaults to YJT_PAAS_TOKEN).`,
  headers: `yjt-sso headers [--code C] [--config FILE] [--env test|production] [--base-url URL]
                [--timestamp T] [--nonce N] [--unmasked]
  打印换取请求的 URL 与请求头（appSecret 默认遮盖）/ prints the exchange request's URL and headers
  (the appSecret hidden unless --unmasked).
  ${CREDS_NOTE}`,
  exchange: `yjt-sso exchange --code C [--config FILE] [--env test|production] [--base-url URL]
                 [--business-type N] [--timeout-ms N] [--unmasked] [--json]
  用 code 换取用户身份，默认脱敏 / exchanges a code for the identity, masked unless --unmasked.
  ${CREDS_NOTE}`,
  call: `yjt-sso call [--method GET|POST] [--query k=v …] [--data JSON] [--config FILE]
             [--env test|production] [--base-url URL] [--timeout-ms N] [--unmasked]
  调用网关上的其他接口（GatewayClient），打印状态码与 data（默认脱敏）/ calls another API behind the
  gateway (GatewayClient) and prints the status and the data (masked unless --unmasked).
  --query 可重复，按顺序发送 / --query repeats, sent in order: --query command=02 --query id=7
  --data 为 POST 的 JSON 请求体（给出时默认 POST）/ the JSON body of a POST (implies POST).
  --base-url 为接口完整地址（亦可写作 --path-base-url）/ the API's full URL (alias --path-base-url).
  ${CREDS_NOTE}`,
  doctor: `yjt-sso doctor [--config FILE] [--env test|production] [--base-url URL] [--detect] [--json]
  自检：配置、连通（DNS/TCP/TLS、代理）、时钟、签名探测（不消耗用户 code），--detect 探测网关变体；
  结尾是可发给项目组的脱敏报告；全部通过退出码 0，否则 1 / self-check: config, reach (DNS/TCP/TLS,
  proxies), clock, a signed probe (no user code consumed), --detect finds the gateway variant; ends
  with a redacted report for the 项目组; exit 0 when every check passes, else 1.
  ${CREDS_NOTE}`,
  'mock-gateway': `yjt-sso mock-gateway [--port 8787] [--host 127.0.0.1] [--users users.json] [--config FILE]
                     [--env test|production]
  启动本地模拟网关（含演示接口 command=02）/ starts the local mock gateway (with a demo API, command=02).
  凭据与 env 取自 YJT_* 环境变量、--config 文件与 --env，未给出的凭据用演示值并打印出来；service ID 按 env
  （或 serviceId）/ credentials and env come from YJT_*, --config and --env; missing credentials take the
  printed demo values; the service ID follows env (or serviceId).
  演示凭据 / demo credentials: YJT_APP_CODE=DEMO000001 YJT_APP_KEY=A7E2D00B4058086CBD3D4B8A5E0B2697
    YJT_PAAS_ID=demo-paas-id YJT_PAAS_TOKEN=demo-paas-token YJT_APP_SECRET=demo-app-secret

${CONFIG_FORMAT}

${USERS_FORMAT}`,
};

/** The demo API the `mock-gateway` subcommand serves beside the exchange. */
const DEMO_COMMAND = '02';

class UsageError extends Error {}

/** Where each config field can come from besides the --config file: its env var and its flag. */
const CONFIG_SOURCES: Record<string, { env?: string; flag?: string }> = {
  env: { env: 'YJT_ENV', flag: '--env' },
  appCode: { env: 'YJT_APP_CODE' },
  appKey: { env: 'YJT_APP_KEY' },
  paasId: { env: 'YJT_PAAS_ID' },
  paasToken: { env: 'YJT_PAAS_TOKEN' },
  appSecret: { env: 'YJT_APP_SECRET' },
  serviceId: { env: 'YJT_SERVICE_ID' },
  baseUrl: { env: 'YJT_BASE_URL', flag: '--base-url' },
  businessType: { flag: '--business-type' },
  timeoutMs: { flag: '--timeout-ms' },
};

/**
 * A config error from the core reads `配置项 F 原因 (config field F: reason)`. The CLI prints it
 * once in each language and says where F comes from: its env var, its flag, the --config file.
 */
function configErrorMessage(e: YjtError): string | undefined {
  const m = /^配置项 (\S+) ([^]*?) \(config field \1: ([^]*)\)$/.exec(e.message);
  if (!m) return undefined;
  const [, field, zh, en] = m as unknown as [string, string, string, string];
  const top = field.split('.')[0]!;
  const src = CONFIG_SOURCES[top] ?? {};
  const zhSet = [src.env && `环境变量 ${src.env}`, src.flag && `参数 ${src.flag}`].filter(Boolean).join('、');
  const zhWhere = zhSet ? `${zhSet}，或在 --config 文件中写 "${top}"` : `在 --config 文件中写 "${top}"`;
  const enWhere = [src.env && `the ${src.env} environment variable`, src.flag && `the ${src.flag} flag`, `"${top}" in the --config FILE`]
    .filter(Boolean)
    .join(', or ');
  return (
    `错误 [INVALID_CONFIG]：配置项 ${field} ${zh}；请${zhSet ? '设置' : ''}${zhWhere} / ` +
    `error [INVALID_CONFIG]: config field ${field}: ${en}; set ${enWhere}`
  );
}

type Flags = Record<string, string | boolean | string[] | undefined>;

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>): { values: Flags; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: r.values as Flags, positionals: r.positionals };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

const str = (v: string | boolean | string[] | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** A secret given as a flag is visible to every local user in `ps` and stays in shell history. */
function warnSecretFlag(flag: string, envVar: string): void {
  console.error(
    `警告 / warning: ${flag} 的值在命令行上，同机用户可用 ps 看到，也会留在 shell 历史中；请改用环境变量 ${envVar}。/ ` +
      `the ${flag} value is on the command line, visible in ps and kept in shell history; use the ${envVar} environment variable instead.`,
  );
}

/** Masks a decrypted field for display: phone numbers as phones, everything else as an ID. */
function maskPlaintext(text: string): string {
  return /^1[0-9]{10}$/.test(text) ? maskPhone(text) : maskIdCard(text);
}

function need(v: string | undefined, zh: string, en: string = zh): string {
  if (v === undefined || v === '') throw new UsageError(`缺少 ${zh} / missing ${en}`);
  return v;
}

function encodingFlag(v: string | undefined): CipherEncoding {
  if (v === undefined) return 'hex';
  if (v === 'hex' || v === 'HEX' || v === 'base64') return v;
  throw new UsageError('--encoding 只能是 hex、HEX 或 base64 / --encoding must be hex, HEX or base64');
}

/** Config from env vars, then the --config file, then non-secret flags. */
function loadConfig(flags: Flags): YjtConfig {
  const env = process.env;
  const fromEnv: Record<string, unknown> = {
    env: env.YJT_ENV,
    appCode: env.YJT_APP_CODE,
    appKey: env.YJT_APP_KEY,
    paasId: env.YJT_PAAS_ID,
    paasToken: env.YJT_PAAS_TOKEN,
    appSecret: env.YJT_APP_SECRET,
    serviceId: env.YJT_SERVICE_ID,
    baseUrl: env.YJT_BASE_URL,
  };
  let fromFile: Record<string, unknown> = {};
  const file = str(flags.config);
  if (file !== undefined) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new UsageError(`无法读取配置文件 / cannot read the config file: ${file}`);
    }
  }
  const fromFlags: Record<string, unknown> = {
    env: str(flags.env),
    baseUrl: str(flags['base-url']),
    businessType: flags['business-type'] === undefined ? undefined : Number(flags['business-type']),
    timeoutMs: flags['timeout-ms'] === undefined ? undefined : Number(flags['timeout-ms']),
  };
  const merged: Record<string, unknown> = {};
  for (const src of [fromEnv, fromFile, fromFlags]) {
    for (const [k, v] of Object.entries(src)) if (v !== undefined && v !== '') merged[k] = v;
  }
  merged.env ??= 'test';
  return merged as unknown as YjtConfig;
}

function printUser(user: YjtUser, unmasked: boolean, asJson: boolean): void {
  const shown = unmasked
    ? { ...user }
    : {
        ...user,
        name: maskName(user.name),
        phone: maskPhone(user.phone),
        certificateNo: maskIdCard(user.certificateNo),
        healthCardNo: maskIdCard(user.healthCardNo),
      };
  console.log(asJson ? JSON.stringify(shown, null, 2) : inspect(shown, { depth: 3, colors: false }));
}

/** The GatewayClient options from the same sources as `exchange` (env vars, --config, flags). */
function gatewayOptions(flags: Flags): GatewayClientOptions {
  const c = loadConfig(flags) as unknown as Record<string, unknown>;
  const env = c.env === 'production' ? 'production' : 'test';
  const pick = (k: string) => (c[k] === undefined ? {} : { [k]: c[k] });
  return {
    ...pick('paasId'),
    ...pick('paasToken'),
    ...pick('appSecret'),
    serviceId: (c.serviceId as string | undefined) ?? GATEWAY_PRESETS.serviceIds[env],
    baseUrl: (c.baseUrl as string | undefined) ?? GATEWAY_PRESETS.baseUrl,
    ...pick('gateway'),
    ...pick('allowInsecureHttp'),
    ...pick('timeoutMs'),
    ...pick('maxBodyBytes'),
  } as GatewayClientOptions;
}

const PHONE = /^1[0-9]{10}$/;
const ID_NO = /^[0-9]{15}$|^[0-9]{17}[0-9Xx]$/;
const NAME_KEY = /name|xm$|姓名/i;
const PII_KEY = /phone|mobile|tel|certificate|idcard|idno|cardno|sfz|手机|证件/i;

/** Masks what looks like PII in a service's data, by value and by key (as `exchange` does). */
function maskData(v: unknown, key = '', depth = 0): unknown {
  if (depth > 64) return '[…]';
  if (typeof v === 'string') {
    if (PHONE.test(v)) return maskPhone(v);
    if (ID_NO.test(v)) return maskIdCard(v);
    if (NAME_KEY.test(key)) return maskName(v);
    if (PII_KEY.test(key)) return maskIdCard(v);
    return v;
  }
  if (typeof v === 'number' && PII_KEY.test(key)) return maskIdCard(String(v));
  if (Array.isArray(v)) return v.map((x) => maskData(x, key, depth + 1));
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskData(x, k, depth + 1)]));
  }
  return v;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  // `<subcommand> --help` (before any `--`) wins over every other flag and check.
  const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (cmd !== undefined && Object.prototype.hasOwnProperty.call(SUB_HELP, cmd) && (flags.includes('--help') || flags.includes('-h'))) {
    console.log(SUB_HELP[cmd]);
    return 0;
  }
  switch (cmd) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return cmd === undefined ? 2 : 0;

    case 'encrypt':
    case 'decrypt':
    case 'verify': {
      const { values, positionals } = parse(rest, {
        key: { type: 'string' },
        encoding: { type: 'string' },
        ...(cmd === 'decrypt' ? { reveal: { type: 'boolean' as const }, unmasked: { type: 'boolean' as const } } : {}),
      });
      if (str(values.key) !== undefined) warnSecretFlag('--key', 'YJT_APP_KEY');
      const key = need(str(values.key) ?? process.env.YJT_APP_KEY, '--key（或环境变量 YJT_APP_KEY）', '--key (or the YJT_APP_KEY environment variable)');
      const encoding = encodingFlag(str(values.encoding));
      const wanted = cmd === 'verify' ? 2 : 1;
      if (positionals.length !== wanted) throw new UsageError(`${cmd} 需要 ${wanted} 个参数 / ${cmd} takes ${wanted} argument(s)`);
      const sm4 = new Sm4(key);
      try {
        if (cmd === 'encrypt') console.log(sm4.encrypt(positionals[0]!, encoding));
        else if (cmd === 'decrypt') {
          const text = sm4.decrypt(positionals[0]!, encoding);
          console.log(values.reveal === true || values.unmasked === true ? text : maskPlaintext(text));
        }
        else {
          const ok = sm4.verify(positionals[0]!, positionals[1]!, encoding);
          console.log(ok ? 'true' : 'false');
          return ok ? 0 : 1;
        }
      } finally {
        sm4.free();
      }
      return 0;
    }

    case 'sign': {
      const { values } = parse(rest, {
        timestamp: { type: 'string' },
        token: { type: 'string' },
        nonce: { type: 'string' },
        lowercase: { type: 'boolean' },
      });
      if (str(values.token) !== undefined) warnSecretFlag('--token', 'YJT_PAAS_TOKEN');
      const token = need(str(values.token) ?? process.env.YJT_PAAS_TOKEN, '--token（或环境变量 YJT_PAAS_TOKEN）', '--token (or the YJT_PAAS_TOKEN environment variable)');
      console.log(
        gatewaySignature(need(str(values.timestamp), '--timestamp'), token, need(str(values.nonce), '--nonce'), {
          lowercase: values.lowercase === true,
        }),
      );
      return 0;
    }

    case 'headers': {
      const { values } = parse(rest, {
        config: { type: 'string' },
        env: { type: 'string' },
        code: { type: 'string' },
        'base-url': { type: 'string' },
        timestamp: { type: 'string' },
        nonce: { type: 'string' },
        unmasked: { type: 'boolean' },
      });
      const config = loadConfig(values);
      const ex = new YjtExchange(config);
      const req = ex.buildRequest(str(values.code) ?? 'CODE', {
        timestamp: str(values.timestamp),
        nonce: str(values.nonce),
      });
      ex.free();
      const h = { ...req.headers };
      // By value — the configured appSecret (and token and key, which are never sent but could
      // be misconfigured into a header) — and by the configured header name, not a regex on
      // the default name: a renamed header (gateway.appSecretHeader) is hidden as well.
      const secretValue = (v: unknown) => typeof v === 'string' && v !== '';
      const alwaysHidden = [config.paasToken, config.appKey].filter(secretValue);
      const secretSuffix = config.gateway?.appSecretHeader;
      for (const k of Object.keys(h)) {
        if (alwaysHidden.includes(h[k]!)) h[k] = '[REDACTED]';
        else if (values.unmasked !== true) {
          const named = /secret/i.test(k) || (secretValue(secretSuffix) && k.toLowerCase().endsWith(`-${secretSuffix!.toLowerCase()}`));
          if (named || (secretValue(config.appSecret) && h[k] === config.appSecret)) h[k] = '[REDACTED]';
        }
      }
      console.log(JSON.stringify({ method: req.method, url: req.url, headers: h }, null, 2));
      return 0;
    }

    case 'exchange': {
      const { values } = parse(rest, {
        code: { type: 'string' },
        config: { type: 'string' },
        env: { type: 'string' },
        'base-url': { type: 'string' },
        'business-type': { type: 'string' },
        'timeout-ms': { type: 'string' },
        unmasked: { type: 'boolean' },
        json: { type: 'boolean' },
      });
      const code = need(str(values.code), '--code');
      const client = new YjtClient(loadConfig(values));
      try {
        const t0 = performance.now();
        const user = await client.exchangeCode(code);
        printUser(user, values.unmasked === true, values.json === true);
        console.error(`（${(performance.now() - t0).toFixed(1)} ms）`);
      } finally {
        client.free();
      }
      return 0;
    }

    case 'call': {
      const { values } = parse(rest, {
        method: { type: 'string' },
        query: { type: 'string', multiple: true },
        data: { type: 'string' },
        config: { type: 'string' },
        env: { type: 'string' },
        'base-url': { type: 'string' },
        'path-base-url': { type: 'string' },
        'timeout-ms': { type: 'string' },
        unmasked: { type: 'boolean' },
      });
      const query: [string, string][] = ((values.query ?? []) as string[]).map((kv) => {
        const i = kv.indexOf('=');
        if (i <= 0) throw new UsageError(`--query 须为 k=v / --query must be k=v: ${kv}`);
        return [kv.slice(0, i), kv.slice(i + 1)];
      });
      const data = str(values.data);
      let body: unknown;
      if (data !== undefined) {
        try {
          body = JSON.parse(data);
        } catch {
          throw new UsageError('--data 须为 JSON / --data must be JSON');
        }
      }
      const m = str(values.method) ?? (data !== undefined ? 'POST' : 'GET');
      if (m !== 'GET' && m !== 'POST') throw new UsageError('--method 只能是 GET 或 POST / --method must be GET or POST');
      if (m === 'GET' && data !== undefined) throw new UsageError('GET 不能带 --data / --data needs POST');
      const flagsForConfig: Flags = { ...values, 'base-url': str(values['base-url']) ?? str(values['path-base-url']) };
      const client = new GatewayClient(gatewayOptions(flagsForConfig));
      try {
        const res = await client.request({ method: m, query, body });
        const shown = values.unmasked === true ? res.data : maskData(res.data);
        console.log(JSON.stringify({ status: res.status, data: shown ?? null }, null, 2));
      } finally {
        client.free();
      }
      return 0;
    }

    case 'doctor': {
      const { values } = parse(rest, {
        config: { type: 'string' }, env: { type: 'string' }, 'base-url': { type: 'string' },
        'timeout-ms': { type: 'string' }, detect: { type: 'boolean' }, json: { type: 'boolean' },
      });
      const config = loadConfig(values);
      const report = await runDoctor(config, { detect: values.detect === true });
      console.log(values.json === true ? JSON.stringify(report, null, 2) : formatDoctor(report, config));
      return report.ok ? 0 : 1;
    }

    case 'mock-gateway': {
      const { values } = parse(rest, {
        port: { type: 'string' },
        host: { type: 'string' },
        users: { type: 'string' },
        config: { type: 'string' },
        env: { type: 'string' },
      });
      const c = loadConfig(values);
      if (c.env !== 'test' && c.env !== 'production') {
        throw new UsageError(
          'env（YJT_ENV、--env 或 --config 文件中的 "env"）只能是 test 或 production / ' +
            'env (YJT_ENV, --env or "env" in the --config FILE) must be test or production',
        );
      }
      const serviceId = c.serviceId ?? GATEWAY_PRESETS.serviceIds[c.env];
      const demo = {
        appCode: 'DEMO000001',
        appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
        paasId: 'demo-paas-id',
        paasToken: 'demo-paas-token',
        appSecret: 'demo-app-secret',
      };
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
      let users: MockUser[] = [
        { userId: '2025000000000001', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X', gender: 1 },
      ];
      const usersFile = str(values.users);
      if (usersFile !== undefined) {
        try {
          users = JSON.parse(readFileSync(usersFile, 'utf8')) as MockUser[];
        } catch {
          throw new UsageError(`无法读取用户文件 / cannot read the users file: ${usersFile}`);
        }
        if (!Array.isArray(users)) throw new UsageError('用户文件须为数组 / the users file must hold an array');
      }
      const port = values.port === undefined ? 8787 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port 须为 0–65535 / --port must be 0–65535');
      const usingDemo = c.appKey === undefined;
      // The demo values actually in use (never a value the caller configured): demo-only, printed.
      const demoUsed: [string, string][] = [];
      const orDemo = (have: string | undefined, envVar: string, value: string): string => {
        if (have !== undefined) return have;
        demoUsed.push([envVar, value]);
        return value;
      };
      const mock = await startMockGateway({
        appCode: orDemo(c.appCode, 'YJT_APP_CODE', demo.appCode),
        appKey: orDemo(c.appKey, 'YJT_APP_KEY', demo.appKey),
        paasId: orDemo(c.paasId, 'YJT_PAAS_ID', demo.paasId),
        paasToken: orDemo(c.paasToken, 'YJT_PAAS_TOKEN', demo.paasToken),
        appSecret: c.appSecret ?? (usingDemo ? orDemo(undefined, 'YJT_APP_SECRET', demo.appSecret) : undefined),
        serviceId,
        users,
        port,
        host: str(values.host) ?? '127.0.0.1',
        services: { [DEMO_COMMAND]: demoService },
      });
      console.log(`模拟网关已启动 / mock gateway listening: ${mock.baseUrl}`);
      console.log(`环境 / env: ${c.env}（service ID ${serviceId}）`);
      if (demoUsed.length > 0) {
        // Demo-only values, built into the CLI and listed in the README: safe to print.
        console.log('使用演示凭据（仅供本地演示，勿用于生产）/ using the demo credentials (local demo only, never production):');
        console.log(`  export YJT_ENV=${c.env} YJT_BASE_URL=${mock.baseUrl} \\`);
        console.log(`    ${demoUsed.map(([k, v]) => `${k}=${v}`).join(' ')}`);
      }
      console.log(`签发 code / issue a code: curl -s -X POST ${mock.url}/__mock/codes -H 'content-type: application/json' -d '{"userId":"${users[0]?.userId ?? ''}"}'`);
      for (const u of users) console.log(`  ${u.userId} (${maskName(u.name)}): code ${mock.gateway.issueCode(u.userId)}`);
      console.log(`演示接口 / demo API: yjt-sso call --base-url ${mock.baseUrl} --query command=${DEMO_COMMAND} --query userId=${users[0]?.userId ?? ''}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await mock.close();
      return 0;
    }

    default:
      throw new UsageError(`未知命令 / unknown command: ${cmd}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`用法错误 / usage error: ${e.message}\n运行 yjt-sso help 查看帮助 / run \`yjt-sso help\``);
      process.exitCode = 2;
    } else if (e instanceof YjtError && e.code === 'INVALID_CONFIG' && configErrorMessage(e) !== undefined) {
      console.error(configErrorMessage(e));
      process.exitCode = 1;
    } else if (e instanceof YjtError) {
      const extra = [e.errcode !== undefined ? `errcode=${e.errcode}` : '', e.status !== undefined ? `status=${e.status}` : '']
        .filter(Boolean)
        .join(' ');
      console.error(`错误 / error [${e.code}]${extra ? ` (${extra})` : ''}: ${e.message}`);
      process.exitCode = 1;
    } else {
      console.error(`错误 / error: ${e instanceof Error ? e.name : 'unknown'}`);
      process.exitCode = 1;
    }
  },
);
