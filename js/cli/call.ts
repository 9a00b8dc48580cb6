/**
 * `call`: another API behind the gateway (GatewayClient); prints the status and the data, masked
 * unless --unmasked.
 *
 * @module
 */
import { GatewayClient, maskIdCard, maskName, maskPhone } from '../index.js';
import { UsageError, parse, str } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { configOptions, gatewayOptions } from './config.js';
import { aliasesOf, flagUsage, namesOf } from './fields.js';
import { CREDS_NOTE } from './help.js';
import { fetchFor, proxyFlag, routeFor } from './proxy.js';

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

/** `--query k=v`, in order. */
function queryPairs(raw: string[]): [string, string][] {
  return raw.map((kv) => {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`--query 须为 k=v / --query must be k=v: ${kv}`);
    return [kv.slice(0, i), kv.slice(i + 1)];
  });
}

const baseUrlFlag = namesOf('baseUrl').flag;
const baseUrlAliases = aliasesOf('baseUrl', 'call').join('、');

export const call: Subcommand = {
  usage: synopsis('call', ['[--method GET|POST]', '[--query k=v …]', '[--data JSON]', '[--config FILE]', ...flagUsage('call'), '[--unmasked]']),
  brief: `（调用网关上的其他接口，打印状态码与 data / calls another API behind the
gateway, prints the status and the data）`,
  about: `调用网关上的其他接口（GatewayClient），打印状态码与 data（默认脱敏）/ calls another API behind the
gateway (GatewayClient) and prints the status and the data (masked unless --unmasked).
--query 可重复，按顺序发送 / --query repeats, sent in order: --query command=02 --query id=7
--data 为 POST 的 JSON 请求体（给出时默认 POST）/ the JSON body of a POST (implies POST).
${baseUrlFlag} 为接口完整地址（亦可写作 ${baseUrlAliases}）/ the API's full URL (alias ${baseUrlAliases}).
${CREDS_NOTE}`,
  async run(rest) {
    const { values } = parse(rest, {
      method: { type: 'string' },
      query: { type: 'string', multiple: true },
      data: { type: 'string' },
      ...configOptions('call'),
      unmasked: { type: 'boolean' },
    });
    const query = queryPairs((values.query ?? []) as string[]);
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
    const options = gatewayOptions(values);
    let target: URL | undefined;
    try {
      target = new URL(options.baseUrl ?? '');
    } catch {
      /* GatewayClient reports the bad URL */
    }
    const wire = await fetchFor(routeFor(target, proxyFlag(values)));
    const client = new GatewayClient(wire.fetch ? { ...options, fetch: wire.fetch } : options);
    try {
      const res = await client.request({ method: m, query, body });
      const shown = values.unmasked === true ? res.data : maskData(res.data);
      console.log(JSON.stringify({ status: res.status, data: shown ?? null }, null, 2));
    } finally {
      client.free();
      await wire.close();
    }
    return 0;
  },
};
