/**
 * `headers`: the exchange request's URL and headers, as they would be sent, secrets hidden.
 *
 * @module
 */
import { YjtExchange } from '../index.js';
import { parse, str } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { configOptions, loadConfig } from './config.js';
import { flagUsage } from './fields.js';
import { CREDS_NOTE } from './help.js';

export const headers: Subcommand = {
  usage: synopsis('headers', ['[--code C]', '[--config FILE]', ...flagUsage('headers'), '[--timestamp T]', '[--nonce N]', '[--unmasked]']),
  brief: '（打印完整请求 URL 与请求头 / prints the request URL and headers）',
  about: `打印换取请求的 URL 与请求头（appSecret 默认遮盖）/ prints the exchange request's URL and headers
(the appSecret hidden unless --unmasked).
${CREDS_NOTE}`,
  async run(rest) {
    const { values } = parse(rest, {
      ...configOptions('headers'),
      code: { type: 'string' },
      timestamp: { type: 'string' },
      nonce: { type: 'string' },
      unmasked: { type: 'boolean' },
    });
    const config = loadConfig('headers', values);
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
  },
};
