/**
 * `call`: another API behind the gateway (GatewayClient); prints the status and the data, masked
 * unless --unmasked.
 *
 * @module
 */
import { GatewayClient, YjtError, maskIdCard, maskName, maskPhone } from '../index.js';
import { UsageError, parse, str } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { configOptions, gatewayOptions } from './config.js';
import { aliasesOf, flagUsage, namesOf } from './fields.js';
import { CREDS_NOTE } from './help.js';
import { fetchFor, proxyFlag, routeFor } from './proxy.js';

const PHONE = /^1[0-9]{10}$/;
const ID_NO = /^[0-9]{15}$|^[0-9]{17}[0-9Xx]$/;
const NAME_KEY = /name|xm$|姓名|联系人|contact/i;
const PII_KEY = /phone|mobile|tel|certificate|idcard|idno|cardno|sfz|passport|手机|证件|护照/i;
const ADDRESS_KEY = /addr|address|住址|地址/i;
const BIRTH_KEY = /birth|csrq|出生|生日/i;

/**
 * PII by shape inside any string, whatever its key: 18- and 15-digit ID numbers, mainland mobile
 * numbers written with +86 / 86 and spaces or dashes, passport-like [A-Z]{1,2} + 7–8 digits, and
 * any other run of 9 or more digits (card, account, phone numbers).
 */
const SHAPES: [RegExp, (m: string) => string][] = [
  [/(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g, (m) => maskIdCard(m)],
  [/(?<![0-9+])(?:\+?86[\s-]?)?1[0-9]{2}[\s-]?[0-9]{4}[\s-]?[0-9]{4}(?![0-9])/g, (m) => {
    const d = m.replace(/\D/g, '').slice(-11);
    return maskPhone(d);
  }],
  [/(?<![0-9A-Za-z])[A-Za-z]{1,2}[0-9]{7,8}(?![0-9A-Za-z])/g, (m) => `${m[0]}${'*'.repeat(m.length - 3)}${m.slice(-2)}`],
  [/[0-9]{9,}/g, (m) => `${m.slice(0, 2)}${'*'.repeat(m.length - 4)}${m.slice(-2)}`],
];

/** Record identifiers (`userId`, `orderId`, `id`): a long digit run there is an id, not a number to hide. */
const ID_KEY = /^id$|Id$|_id$/;

function maskShapes(v: string, key = ''): string {
  let out = v;
  for (const [re, f] of ID_KEY.test(key) ? SHAPES.slice(0, 3) : SHAPES) out = out.replace(re, f);
  return out;
}

/**
 * Masks PII in a service's data: by key (names, phones, ID/card/passport numbers, addresses,
 * birthdays) and, under any key, by value shape (maskShapes). Free text such as a name under an
 * unrelated key is not recognised: use the masked output for sharing, not as a guarantee.
 */
function maskData(v: unknown, key = '', depth = 0): unknown {
  if (depth > 64) return '[…]';
  if (typeof v === 'string') {
    if (PHONE.test(v)) return maskPhone(v);
    if (ID_NO.test(v)) return maskIdCard(v);
    if (NAME_KEY.test(key)) return maskName(maskShapes(v));
    if (PII_KEY.test(key)) return maskIdCard(v);
    if (ADDRESS_KEY.test(key)) return [...v].length > 6 ? `${[...v].slice(0, 6).join('')}****` : '****';
    if (BIRTH_KEY.test(key)) return v.replace(/[0-9]/g, '*');
    return maskShapes(v, key);
  }
  if (typeof v === 'number' && (PII_KEY.test(key) || BIRTH_KEY.test(key) || (Math.abs(v) >= 1e8 && !ID_KEY.test(key)))) return maskIdCard(String(v));
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
      let text: string;
      try {
        const shown = values.unmasked === true ? res.data : maskData(res.data);
        text = JSON.stringify({ status: res.status, data: shown ?? null }, null, 2);
      } catch (e) {
        // Data too deep to print (the library refuses > 128 levels; this is the CLI's own guard).
        if (e instanceof RangeError) throw new YjtError('BAD_RESPONSE', '响应的 data 无法打印（嵌套过深）(the answer\'s data cannot be printed: nested too deep)');
        throw e;
      }
      console.log(text);
    } finally {
      client.free();
      await wire.close();
    }
    return 0;
  },
};
