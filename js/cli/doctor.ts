/**
 * `doctor`: the self-check (doctor/run.ts) with the config read like `exchange`'s.
 *
 * @module
 */
import { UsageError, parse } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { configOptions, loadConfig } from './config.js';
import { formatDoctor } from './doctor/report.js';
import { runDoctor } from './doctor/run.js';
import { baseUrlOf } from './doctor/effective.js';
import { flagUsage } from './fields.js';
import { CREDS_NOTE } from './help.js';
import { ProxyUnavailable, fetchFor, proxyFlag, routeFor } from './proxy.js';

export const doctor: Subcommand = {
  usage: synopsis('doctor', ['[--config FILE]', ...flagUsage('doctor'), '[--detect]', '[--code C]', '[--json]']),
  brief: '（不消耗用户 code 的自检与脱敏报告 / self-check and redacted report, no user code used）',
  about: `自检：配置、连通（直连：DNS/TCP/TLS；经代理：代理 TCP、CONNECT、隧道内 TLS）、时钟、签名探测（不消耗
用户 code，与 exchange 同一路由），--detect 探测网关变体；结尾是可发给项目组的脱敏报告；全部通过退出码 0，
否则 1 / self-check: config, reach (direct: DNS/TCP/TLS; through a proxy: TCP to the proxy,
CONNECT, TLS inside the tunnel), clock, a signed probe (no user code consumed, on exchange's
route), --detect finds the gateway variant; ends with a redacted report for the 项目组; exit 0
when every check passes, else 1.
没有真实 code 时 appKey 无法验证（报告为“未验证”）；--code C 用一个真实一次性 code 完成一次换取并解密身份来验证
appKey（会消耗该 code）/ without a real code the appKey cannot be verified (reported as "not verified");
--code C completes one real exchange and decrypts the identity to verify it (consumes the code).
${CREDS_NOTE}`,
  async run(rest) {
    const { values } = parse(rest, { ...configOptions('doctor'), detect: { type: 'boolean' }, code: { type: 'string' }, json: { type: 'boolean' } });
    const code = typeof values.code === 'string' && values.code !== '' ? values.code : undefined;
    if (values.code !== undefined && code === undefined) throw new UsageError('--code 不能为空 / --code needs a value');
    if (code !== undefined) {
      console.error('注意 / note: doctor --code 会完成一次真实换取，消耗该一次性 code / doctor --code completes a real exchange and consumes this one-time code');
    }
    const config = loadConfig('doctor', values);
    const route = routeFor(baseUrlOf(config), proxyFlag(values));
    let wire: Awaited<ReturnType<typeof fetchFor>> = { close: async () => {} };
    let routeProblem: string | undefined;
    try {
      wire = await fetchFor(route);
    } catch (e) {
      if (!(e instanceof ProxyUnavailable)) throw e;
      routeProblem = `✘ ${e.message}`;
    }
    const report = await runDoctor(config, {
      detect: values.detect === true,
      ...(code !== undefined ? { code } : {}),
      route,
      ...(wire.fetch ? { fetch: wire.fetch } : {}),
      ...(routeProblem !== undefined ? { routeProblem } : {}),
    }).finally(() => wire.close());
    console.log(values.json === true ? JSON.stringify(report, null, 2) : formatDoctor(report, config));
    return report.ok ? 0 : 1;
  },
};
