/**
 * `sign`: the gateway signature over timestamp + token + nonce + timestamp.
 *
 * @module
 */
import { gatewaySignature } from '../index.js';
import { need, parse, str } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { secretArg } from './config.js';
import { namesOf, singleOption, singleUsage } from './fields.js';

export const sign: Subcommand = {
  usage: synopsis('sign', ['--timestamp T', singleUsage('paasToken'), '--nonce N', '[--lowercase]']),
  about: `网关签名 HEX(SHA-256(timestamp + token + nonce + timestamp))（token 缺省取 ${namesOf('paasToken').env}）/
the gateway signature (the token defaults to ${namesOf('paasToken').env}).`,
  async run(rest) {
    const { values } = parse(rest, {
      timestamp: { type: 'string' },
      ...singleOption('paasToken'),
      nonce: { type: 'string' },
      lowercase: { type: 'boolean' },
    });
    const token = secretArg('paasToken', values);
    console.log(
      gatewaySignature(need(str(values.timestamp), '--timestamp'), token, need(str(values.nonce), '--nonce'), {
        lowercase: values.lowercase === true,
      }),
    );
    return 0;
  },
};
