/**
 * `doctor`: the self-check (doctor/run.ts) with the config read like `exchange`'s.
 *
 * @module
 */
import { parse } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { configOptions, loadConfig } from './config.js';
import { formatDoctor } from './doctor/report.js';
import { runDoctor } from './doctor/run.js';
import { flagUsage } from './fields.js';
import { CREDS_NOTE } from './help.js';

export const doctor: Subcommand = {
  usage: synopsis('doctor', ['[--config FILE]', ...flagUsage('doctor'), '[--detect]', '[--json]']),
  brief: '（不消耗用户 code 的自检与脱敏报告 / self-check and redacted report, no user code used）',
  about: `自检：配置、连通（DNS/TCP/TLS、代理）、时钟、签名探测（不消耗用户 code），--detect 探测网关变体；
结尾是可发给项目组的脱敏报告；全部通过退出码 0，否则 1 / self-check: config, reach (DNS/TCP/TLS,
proxies), clock, a signed probe (no user code consumed), --detect finds the gateway variant; ends
with a redacted report for the 项目组; exit 0 when every check passes, else 1.
${CREDS_NOTE}`,
  async run(rest) {
    const { values } = parse(rest, { ...configOptions('doctor'), detect: { type: 'boolean' }, json: { type: 'boolean' } });
    const config = loadConfig('doctor', values);
    const report = await runDoctor(config, { detect: values.detect === true });
    console.log(values.json === true ? JSON.stringify(report, null, 2) : formatDoctor(report, config));
    return report.ok ? 0 : 1;
  },
};
