/**
 * The one table of the CLI's config inputs: each YjtConfig field, its env var, its flag, whether
 * it is a secret, which subcommands read it, and its help line. Everything else derives from it:
 * the parseArgs options, reading the env vars, the `--help` config section, usage lines and the
 * "where to set it" hint of config errors. Env var names and flags are written here only.
 *
 * @module
 */
import type { YjtConfig } from '../index.js';
import type { Flags, Options } from './args.js';

/** Every subcommand that reads a config field. */
export type Command = 'encrypt' | 'decrypt' | 'verify' | 'sign' | 'headers' | 'exchange' | 'call' | 'doctor' | 'mock-gateway' | 'serve';

/** Subcommands that read a whole config: env vars, then the --config FILE, then flags. */
export const CONFIG_COMMANDS = ['headers', 'exchange', 'call', 'doctor', 'mock-gateway'] as const;
export type ConfigCommand = (typeof CONFIG_COMMANDS)[number];
const isConfigCommand = (c: Command): boolean => (CONFIG_COMMANDS as readonly Command[]).includes(c);

/** The config fields a file or env var can carry (the function fields are API-only). */
export type ConfigField = Exclude<keyof YjtConfig, 'fetch' | 'now' | 'onEvent'>;
/** The CLI's own settings: not YjtConfig fields (never in the --config FILE), read by js/cli only. */
export type CliField = 'proxy' | 'serveConfig';
export type FieldName = ConfigField | CliField;

export interface FieldSource {
  field: FieldName;
  /** The environment variable, if any. */
  env?: string;
  /**
   * The flag, if any. A secret's flag is offered only by the one-value subcommands in `usedBy`
   * (encrypt, sign …), with a warning: config subcommands never take a secret on the command line.
   */
  flag?: string;
  /** The flag's value in usage lines (`URL`, `N`). */
  arg?: string;
  /** Flags parse to numbers (the env vars of such fields would too). */
  number?: true;
  /** Other spellings of the flag, per subcommand. */
  aliases?: Partial<Record<Command, readonly string[]>>;
  secret: boolean;
  /**
   * A CLI setting, not a YjtConfig field: never passed to the library nor read from the --config
   * FILE; its env vars and flag are read by its own module (proxy.ts).
   */
  cliOnly?: true;
  usedBy: readonly Command[];
  /** One line: Chinese, English. */
  help: readonly [string, string];
}

const ALL_CONFIG: readonly Command[] = CONFIG_COMMANDS;
const SENDS: readonly Command[] = ['headers', 'exchange', 'call', 'doctor'];
const EXCHANGES: readonly Command[] = ['headers', 'exchange', 'doctor', 'mock-gateway'];

/** In the order of the --config example. */
const ROWS = [
  { field: 'env', env: 'YJT_ENV', flag: '--env', arg: 'test|production', secret: false, usedBy: ALL_CONFIG,
    help: ['"test" 或 "production"（缺省 test）', '"test" or "production" (default test)'] },
  { field: 'appCode', env: 'YJT_APP_CODE', secret: false, usedBy: EXCHANGES,
    help: ['粤健通分配的系统编码（必填）', 'the app code 粤健通 assigned (required)'] },
  { field: 'appKey', env: 'YJT_APP_KEY', flag: '--key', arg: 'K', secret: true, usedBy: ['encrypt', 'decrypt', 'verify', ...EXCHANGES],
    help: ['SM4 密钥：32 位十六进制或 16 个字符（必填）', 'the SM4 key: 32 hex or 16 characters (required)'] },
  { field: 'paasId', env: 'YJT_PAAS_ID', secret: false, usedBy: ALL_CONFIG,
    help: ['网关 paasid（必填）', 'the gateway paasid (required)'] },
  { field: 'paasToken', env: 'YJT_PAAS_TOKEN', flag: '--token', arg: 'X', secret: true, usedBy: ['sign', ...ALL_CONFIG],
    help: ['网关 token，参与签名、不发送（必填）', 'the gateway token: signs, never sent (required)'] },
  { field: 'appSecret', env: 'YJT_APP_SECRET', secret: true, usedBy: ALL_CONFIG,
    help: ['作为 x-tsp-appSecret 头发送', 'sent as the x-tsp-appSecret header'] },
  { field: 'serviceId', env: 'YJT_SERVICE_ID', secret: false, usedBy: ALL_CONFIG,
    help: ['缺省按 env 取预设', 'defaults to the preset of env'] },
  { field: 'baseUrl', env: 'YJT_BASE_URL', flag: '--base-url', arg: 'URL', aliases: { call: ['--path-base-url'] }, secret: false, usedBy: SENDS,
    help: ['接口完整地址（缺省为省网关）', "the API's full URL (default: the provincial gateway)"] },
  { field: 'businessType', flag: '--business-type', arg: 'N', number: true, secret: false, usedBy: ['headers', 'exchange', 'doctor'],
    help: ['1…2^31-1（缺省 1）', '1…2^31-1 (default 1)'] },
  { field: 'timeoutMs', flag: '--timeout-ms', arg: 'N', number: true, secret: false, usedBy: ['exchange', 'call', 'doctor'],
    help: ['1–600000（缺省 10000）', '1–600000 (default 10000)'] },
  { field: 'maxBodyBytes', secret: false, usedBy: ['exchange', 'call', 'doctor'],
    help: ['响应体上限，≤ 64 MiB（缺省 1 MiB）', 'the answer size cap, ≤ 64 MiB (default 1 MiB)'] },
  { field: 'allowInsecureHttp', secret: false, usedBy: SENDS,
    help: ['true 时允许非本机的明文 http', 'true allows plain http beyond loopback'] },
  { field: 'decryptFields', secret: false, usedBy: ['exchange'],
    help: ['name、healthCardNo 取 "auto" | "always" | "never"', 'name, healthCardNo: "auto" | "always" | "never"'] },
  { field: 'gateway', secret: false, usedBy: SENDS,
    help: ['网关变体（见 README 协议要点）', 'the gateway variant (see the README, Protocol notes)'] },
  { field: 'proxy', env: 'HTTPS_PROXY', flag: '--proxy', arg: 'URL', cliOnly: true, secret: false, usedBy: ['exchange', 'call', 'doctor'],
    help: ["仅命令行：CONNECT 代理 URL；亦读 HTTP_PROXY、NO_PROXY（含小写）；--proxy '' 直连",
      "CLI only: the CONNECT proxy URL; also HTTP_PROXY, NO_PROXY (lowercase too); --proxy '' goes direct"] },
  { field: 'serveConfig', env: 'YJT_SERVE_CONFIG', cliOnly: true, secret: false, usedBy: ['serve'],
    help: ['仅 serve：服务配置文件（serve.json）路径，--config 优先', 'serve only: the service config file (serve.json); --config wins'] },
] as const satisfies readonly FieldSource[];

export const FIELDS: readonly FieldSource[] = ROWS;

// Every config field has a row: a field added to YjtConfig without one fails to compile.
type Missing = Exclude<FieldName, (typeof ROWS)[number]['field']>;
const everyField: [Missing] extends [never] ? true : Missing = true;
void everyField;

/** The row of a field known to have one. */
function row(field: FieldName): FieldSource {
  return FIELDS.find((f) => f.field === field)!;
}

/** `--base-url` → `base-url`, the parseArgs option name. */
const optName = (flag: string): string => flag.replace(/^--/, '');

/** Whether `cmd` takes the field's flag (config subcommands never take a secret's). */
function takesFlag(f: FieldSource, cmd: Command): f is FieldSource & { flag: string } {
  if (f.flag === undefined || !f.usedBy.includes(cmd)) return false;
  return !(f.secret && isConfigCommand(cmd));
}

/** The config flags `cmd` takes, in table order. */
function flagsOf(cmd: Command): (FieldSource & { flag: string })[] {
  return FIELDS.filter((f): f is FieldSource & { flag: string } => takesFlag(f, cmd));
}

/** The parseArgs options of `cmd`'s config flags (aliases included). */
export function flagOptions(cmd: Command): Options {
  const out: Options = {};
  for (const f of flagsOf(cmd)) {
    for (const flag of [f.flag, ...(f.aliases?.[cmd] ?? [])]) out[optName(flag)] = { type: 'string' };
  }
  return out;
}

/** `[--env test|production] [--base-url URL] …` for `cmd`'s usage line. */
export function flagUsage(cmd: Command): string[] {
  return flagsOf(cmd).map((f) => `[${f.flag}${f.arg ? ` ${f.arg}` : ''}]`);
}

/** The aliases of `field`'s flag for `cmd`. */
export function aliasesOf(field: FieldName, cmd: Command): readonly string[] {
  return row(field).aliases?.[cmd] ?? [];
}

/** The config fields set by `cmd`'s flags (the first of the flag and its aliases that is given). */
export function fromFlags(cmd: Command, values: Flags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of flagsOf(cmd)) {
    if (f.cliOnly) continue;
    const v = [f.flag, ...(f.aliases?.[cmd] ?? [])].map((x) => values[optName(x)]).find((x) => typeof x === 'string');
    if (typeof v === 'string') out[f.field] = f.number ? Number(v) : v;
  }
  return out;
}

/** The config fields set by env vars. */
export function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (f.cliOnly) continue;
    const v = f.env === undefined ? undefined : env[f.env];
    if (v !== undefined) out[f.field] = f.number && v !== '' ? Number(v) : v;
  }
  return out;
}

/**
 * The one value a one-value subcommand (encrypt, sign) takes from its flag or env var, and whether
 * it came from the flag (a secret on the command line: the caller warns).
 */
export function singleValue(field: FieldName, values: Flags, env: Record<string, string | undefined>): { value?: string; fromFlag: boolean } {
  const f = row(field);
  const flagged = f.flag === undefined ? undefined : values[optName(f.flag)];
  if (typeof flagged === 'string') return { value: flagged, fromFlag: true };
  return { value: f.env === undefined ? undefined : env[f.env], fromFlag: false };
}

/** The parseArgs option of a one-value subcommand's field. */
export function singleOption(field: FieldName): Options {
  const f = row(field);
  return f.flag === undefined ? {} : { [optName(f.flag)]: { type: 'string' } };
}

/** `--key K` for a one-value subcommand's usage line. */
export function singleUsage(field: FieldName): string {
  const f = row(field);
  return `${f.flag}${f.arg ? ` ${f.arg}` : ''}`;
}

/** The env var and flag of a field, as the table has them. */
export function namesOf(field: FieldName): { env?: string; flag?: string } {
  const f = row(field);
  return { ...(f.env ? { env: f.env } : {}), ...(f.flag ? { flag: f.flag } : {}) };
}

/**
 * Where a config field is set, both languages: its env var, its flag (config subcommands' only:
 * never a secret's) and the --config FILE. `field` may be dotted; its first segment is named.
 */
export function whereToSet(field: string): { zh: string; en: string } {
  const top = field.split('.')[0]!;
  const f = FIELDS.find((x) => x.field === top);
  const env = f?.env;
  const flag = f && !f.secret ? f.flag : undefined;
  if (f?.cliOnly) {
    // Not a YjtConfig field: no --config FILE entry.
    return { zh: `请设置环境变量 ${env} 或参数 ${flag}`, en: `set the ${env} environment variable or the ${flag} flag` };
  }
  const zhSet = [env && `环境变量 ${env}`, flag && `参数 ${flag}`].filter(Boolean).join('、');
  const zh = `请${zhSet ? `设置${zhSet}，或` : ''}在 --config 文件中写 "${top}"`;
  const en = `set ${[env && `the ${env} environment variable`, flag && `the ${flag} flag`, `"${top}" in the --config FILE`].filter(Boolean).join(', or ')}`;
  return { zh, en };
}

/** The heading of the help's config section (the README test finds the section by it). */
const FIELDS_HEADING = '配置项 / config fields';

/**
 * The `--help` config section: every field with its env var and flag and help line, then the
 * fields each subcommand reads. README shows it verbatim.
 */
export function fieldsHelp(): string {
  const lines = [`${FIELDS_HEADING}（字段 field、环境变量 env var、参数 flag）:`];
  for (const f of FIELDS) {
    const only = f.flag && f.secret ? `（仅 only ${f.usedBy.filter((c) => !isConfigCommand(c)).join(' ')}）` : '';
    const flags = f.flag ? [f.flag, ...Object.entries(f.aliases ?? {}).flatMap(([c, a]) => a.map((x) => `${x}（${c}）`))].join(' ') + only : '';
    lines.push(`  ${f.field.padEnd(18)} ${(f.env ?? '').padEnd(15)} ${flags}`.trimEnd());
    const secret = f.secret ? ['；机密', '; secret'] : ['', ''];
    lines.push(`  ${' '.repeat(18)} ${f.help[0]}${secret[0]} / ${f.help[1]}${secret[1]}`);
  }
  lines.push('各子命令读取的字段 / the fields each subcommand reads:');
  // Subcommands reading the same fields share a line: `encrypt decrypt verify  appKey`.
  const groups = new Map<string, Command[]>();
  for (const c of [...CONFIG_COMMANDS, 'encrypt', 'decrypt', 'verify', 'sign', 'serve'] as const) {
    const used = FIELDS.filter((f) => f.usedBy.includes(c)).map((f) => f.field).join(' ');
    groups.set(used, [...(groups.get(used) ?? []), c]);
  }
  for (const [used, cmds] of groups) {
    const head = `  ${cmds.join(' ').padEnd(22)} `;
    let line = head;
    for (const word of used.split(' ')) {
      if (line.length > head.length && line.length + word.length + 1 > 100) {
        lines.push(line.trimEnd());
        line = ' '.repeat(head.length);
      }
      line += `${word} `;
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}

/** Notes on the secrets a flag can carry (`--key` defaults to YJT_APP_KEY …). */
export function secretFlagNotes(): { zh: string; en: string } {
  const withFlag = FIELDS.filter((f) => f.secret && f.flag && f.env);
  return {
    zh: withFlag.map((f) => `${f.flag} 缺省时取 ${f.env}`).join('；'),
    en: withFlag.map((f) => `${f.flag} defaults to ${f.env}`).join(', '),
  };
}
