/**
 * `exchange`: a code for the user's identity, masked unless --unmasked.
 *
 * @module
 */
import { inspect } from 'node:util';
import { YjtClient, maskIdCard, maskName, maskPhone, type YjtUser } from '../index.js';
import { need, parse, str } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { configOptions, loadConfig } from './config.js';
import { baseUrlOf } from './doctor/effective.js';
import { flagUsage } from './fields.js';
import { CREDS_NOTE } from './help.js';
import { fetchFor, proxyFlag, routeFor } from './proxy.js';

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

export const exchange: Subcommand = {
  usage: synopsis('exchange', ['--code C', '[--config FILE]', ...flagUsage('exchange'), '[--unmasked]', '[--json]']),
  about: `用 code 换取用户身份，默认脱敏 / exchanges a code for the identity, masked unless --unmasked.
${CREDS_NOTE}`,
  async run(rest) {
    const { values } = parse(rest, {
      code: { type: 'string' },
      ...configOptions('exchange'),
      unmasked: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const code = need(str(values.code), '--code');
    const config = loadConfig('exchange', values);
    const wire = await fetchFor(routeFor(baseUrlOf(config), proxyFlag(values)));
    const client = new YjtClient(wire.fetch ? { ...config, fetch: wire.fetch } : config);
    try {
      const t0 = performance.now();
      const user = await client.exchangeCode(code);
      printUser(user, values.unmasked === true, values.json === true);
      console.error(`（${(performance.now() - t0).toFixed(1)} ms）`);
    } finally {
      client.free();
      await wire.close();
    }
    return 0;
  },
};
