/**
 * The help texts: the overview (`yjt-sso help`) from the subcommands' synopses, the --config FILE
 * format (example from demo.ts, fields from fields.ts) and the --users FILE format.
 *
 * @module
 */
import type { Subcommand } from './command.js';
import { CONFIG_EXAMPLE } from './demo.js';
import { FIELDS, fieldsHelp, secretFlagNotes } from './fields.js';

/** JSON with one top-level field a line and nested objects inline, as the README shows it. */
function exampleJson(o: object): string {
  const inline = (v: unknown): string =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }`
      : JSON.stringify(v);
  return `{\n${Object.entries(o).map(([k, v]) => `  ${JSON.stringify(k)}: ${inline(v)}`).join(',\n')}\n}`;
}

/** The --config FILE format (README shows the same example and the same fields section). */
export const CONFIG_FORMAT = `--config FILE：JSON 对象，字段即 YjtConfig 的字段，覆盖同名环境变量，命令行参数再覆盖它；
未知字段报 INVALID_CONFIG。必填 env、appCode、appKey、paasId、paasToken，其余可省略。/
--config FILE: a JSON object with YjtConfig's fields, overriding the env vars of the same name;
flags override it; an unknown field is INVALID_CONFIG. env, appCode, appKey, paasId and paasToken
are required, the rest optional. 示例（演示凭据）/ example (the demo credentials):
${exampleJson(CONFIG_EXAMPLE)}

${fieldsHelp()}`;

/** The --users FILE format of mock-gateway (the README shows the same example). */
export const USERS_FORMAT = `--users FILE：JSON 数组，每项一个演示用户；userId、name、phone、certificateNo 必填（字符串），
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

/** The last line of a config subcommand's help. */
export const CREDS_NOTE = `凭据见 yjt-sso help（YJT_* 环境变量与 --config 文件格式）/ credentials: see \`yjt-sso help\` (YJT_* env vars, the --config FILE format).`;

const indent = (text: string, by: string): string => text.split('\n').map((l) => by + l).join('\n');

/** `yjt-sso help`. */
export function overview(commands: Readonly<Record<string, Subcommand>>): string {
  const usage = Object.entries(commands)
    .filter(([name]) => name !== 'help')
    .map(([name, c]) => indent(c.usage, '  ') + (c.brief ? `\n${indent(c.brief, ' '.repeat(`  yjt-sso ${name} `.length))}` : ''))
    .join('\n');
  const secretFlags = FIELDS.filter((f) => f.secret && f.flag).map((f) => f.flag).join(' / ');
  const notes = secretFlagNotes();
  return `yjt-sso — 粤健通单点登录 SDK 命令行 / the yjt-sso command line

用法 / usage:
${usage}
  yjt-sso help
  yjt-sso <子命令 subcommand> --help

凭据 / credentials：环境变量优先于默认值，--config 的 JSON 文件优先于环境变量，命令行参数优先于文件（见下方配置项）/
env vars, overridden by the JSON file given with --config, overridden by flags (the config fields below).
  ${notes.zh}。命令行参数对同机用户可见（ps）并留在 shell 历史中，
  用 ${secretFlags} 时会在 stderr 打印警告；生产密钥请用环境变量。/
  ${notes.en}. Flags are visible to other users (ps) and stay in your shell
  history, so giving a secret as a flag prints a warning on stderr: use the env vars.

输出 / output: 身份信息默认脱敏（exchange、call 用 --unmasked、decrypt 用 --reveal 显示明文）；密钥、令牌从不
输出，appSecret 只在 headers --unmasked 时输出（无论请求头如何命名，默认显示为 [REDACTED]）。/
identities are masked unless exchange / call --unmasked, decrypt --reveal; keys and tokens are never
printed; the appSecret header (whatever its configured name) shows as [REDACTED] unless
headers --unmasked.

${CONFIG_FORMAT}

${USERS_FORMAT}

退出码 / exit codes: 0 成功 ok, 1 操作失败 failed, 2 用法错误 usage error.
`;
}
