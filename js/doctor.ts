/**
 * yjt-sso doctor：不消耗任何用户 code，检查配置、网络、时钟与签名，并生成可发给项目组的脱敏报告。
 * Diagnoses a deployment without consuming any user's code: config, reachability, clock and
 * signature (one probe with a code no user holds), optionally the gateway variant. Output never
 * carries a key, token, appSecret, code or PII; secrets appear only masked (first 2 + last 2).
 *
 * @module
 */
import { lookup } from 'node:dns/promises';
import { readFileSync, realpathSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { GATEWAY_PRESETS, YjtError, YjtExchange, generateNonce, type GatewayOptions, type YjtConfig } from './index.js';

export type CheckId = 'config' | 'reach' | 'clock' | 'signature' | 'variant';
export interface Check {
  id: CheckId;
  ok: boolean;
  detail: string;
}
export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}
export interface DoctorOptions {
  detect?: boolean;
  /** Test hook: the probe transport (defaults to the global fetch). */
  fetch?: typeof fetch;
}

/** First 2 + `****` + last 2; short values show nothing (2+2 would be most of them). */
export function maskSecret(s: string | undefined): string {
  if (typeof s !== 'string' || s === '') return '(未配置 / not set)';
  return s.length >= 12 ? `${s.slice(0, 2)}****${s.slice(-2)}` : '****';
}

const HEX32 = /^[0-9a-fA-F]{32}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// The appSecret seen in the field is a dash-less UUID (32 hex); nothing is known of the token's shape.
const looksLikeSecret = (s: string) => HEX32.test(s) || UUID.test(s);

interface Probe {
  status?: number;
  date?: string;
  /** Local clock at the middle of the round trip, Unix ms. */
  at?: number;
  errcode?: number;
  error?: YjtError;
  ok: boolean;
  timestamp: string;
  nonce: string;
  signature: string;
  signatureCase: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function gatewayOf(config: YjtConfig): Required<Pick<GatewayOptions, 'prefix' | 'signatureCase' | 'timestampUnit'>> {
  const g = { ...GATEWAY_PRESETS.gateway, ...(config.gateway ?? {}) };
  return { prefix: g.prefix ?? 'x-tsp', signatureCase: g.signatureCase ?? 'upper', timestampUnit: g.timestampUnit ?? 'seconds' };
}

function effectiveServiceId(config: YjtConfig): string {
  return str(config.serviceId) ?? (config.env === 'production' ? GATEWAY_PRESETS.serviceIds.production : GATEWAY_PRESETS.serviceIds.test);
}

function baseUrlOf(config: YjtConfig): URL | undefined {
  try {
    return new URL(str(config.baseUrl) ?? GATEWAY_PRESETS.baseUrl);
  } catch {
    return undefined;
  }
}

function hostPort(u: URL): string {
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

function checkConfig(config: YjtConfig): { check: Check; valid: boolean } {
  const problems: string[] = [];
  const notes: string[] = [];
  const c = config as unknown as Record<string, unknown>;
  for (const k of ['appCode', 'appKey', 'paasId', 'paasToken'] as const) {
    if (str(c[k]) === undefined) problems.push(`缺少 ${k} / ${k} is missing`);
  }
  const env = config.env;
  if (env !== 'test' && env !== 'production') problems.push('env 须为 test 或 production / env must be test or production');
  const key = str(config.appKey);
  if (key !== undefined) {
    if (HEX32.test(key)) notes.push('appKey: 32 位十六进制 / 32 hex');
    else if ([...key].length === 16) notes.push('appKey: 16 个字符 / 16 characters');
    else problems.push(`appKey 须为 32 位十六进制或 16 个字符（当前 ${[...key].length} 个字符）/ appKey must be 32 hex or 16 characters (it has ${[...key].length})`);
  }
  const sid = effectiveServiceId(config);
  const presets = GATEWAY_PRESETS.serviceIds;
  const other = env === 'production' ? presets.test : presets.production;
  const otherEnv = env === 'production' ? 'test' : 'production';
  if (sid === other) {
    notes.push(`警告 / warning: service ID ${sid} 是${otherEnv === 'test' ? '测试' : '生产'}环境的预设，而 env=${env} / service ID ${sid} is the ${otherEnv} preset but env=${env}`);
  } else if (sid === presets.test || sid === presets.production) {
    notes.push(`service ID ${sid}（${env} 预设 / the ${env} preset）`);
  } else {
    notes.push(`service ID ${sid}（非预设值，请与项目组核对 / not a preset: confirm it with the 项目组）`);
  }
  const token = str(config.paasToken);
  const secret = str(config.appSecret);
  if (token !== undefined && secret !== undefined) {
    if (token === secret) problems.push('paasToken 与 appSecret 相同 / paasToken and appSecret are equal');
    else if (looksLikeSecret(token) && !looksLikeSecret(secret)) {
      notes.push('提示 / hint: paasToken 形如 appSecret（32 位十六进制），appSecret 却不是：二者是否填反？/ the paasToken looks like an appSecret (32 hex) and the appSecret does not: swapped?');
    } else if (!looksLikeSecret(secret)) {
      notes.push('提示 / hint: appSecret 通常为 32 位十六进制，请核对是否与 paasToken 填反 / an appSecret is usually 32 hex: check it is not the paasToken');
    }
  } else if (secret === undefined) {
    notes.push('未配置 appSecret / no appSecret configured');
  }
  for (const [k, v] of [['paasToken', token], ['appSecret', secret], ['paasId', str(config.paasId)]] as const) {
    if (v !== undefined && v !== v.trim()) problems.push(`${k} 首尾有空白（复制粘贴？）/ ${k} has leading or trailing whitespace (copy-paste?)`);
    if (v !== undefined && key !== undefined && v === key) problems.push(`${k} 与 appKey 相同 / ${k} equals the appKey`);
  }
  let valid = problems.length === 0;
  if (valid) {
    try {
      new YjtExchange(config).free();
    } catch (e) {
      valid = false;
      problems.push(e instanceof YjtError ? e.message : '配置无效 / invalid config');
    }
  }
  return { check: { id: 'config', ok: valid, detail: [...problems, ...notes].join('\n') }, valid };
}

function proxyNote(u: URL | undefined): string {
  const env = process.env;
  const pick = (...names: string[]) => names.map((n) => [n, env[n]] as const).find(([, v]) => v !== undefined && v !== '');
  const set: string[] = [];
  for (const names of [['HTTPS_PROXY', 'https_proxy'], ['HTTP_PROXY', 'http_proxy'], ['ALL_PROXY', 'all_proxy'], ['NO_PROXY', 'no_proxy']]) {
    const p = pick(...names);
    if (!p) continue;
    let shown = p[1]!;
    try {
      const pu = new URL(shown);
      if (pu.username || pu.password) shown = `${pu.protocol}//****@${pu.host}`; // proxy credentials
    } catch {
      /* NO_PROXY is a list, not a URL */
    }
    set.push(`${p[0]}=${shown}`);
  }
  if (set.length === 0) return '代理：未设置 / proxy: none set';
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  const runtimeNote =
    g.Deno === undefined && g.Bun === undefined
      ? 'Node 的 fetch 忽略这些变量，除非调用方传入走代理的 fetch（配置项 fetch），本检查与探测均为直连 / Node\'s fetch ignores them unless the caller passes a proxying fetch (config.fetch); these checks and the probe connect directly'
      : '本运行时的 fetch 会使用它们，TCP/TLS 检查仍为直连 / this runtime\'s fetch uses them; the TCP/TLS checks still connect directly';
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const excluded = u !== undefined && noProxy.some((n) => n === '*' || u.hostname === n.replace(/^\./, '') || u.hostname.endsWith(n.startsWith('.') ? n : `.${n}`));
  return `代理 / proxy: ${set.join(' ')}${excluded ? `（${u!.hostname} 在 NO_PROXY 中 / ${u!.hostname} is in NO_PROXY）` : ''}；${runtimeNote}`;
}

function errCode(e: unknown): string {
  const x = e as { code?: unknown; name?: unknown } | null;
  return typeof x?.code === 'string' ? x.code : typeof x?.name === 'string' ? x.name : 'error';
}

function connectOnce(make: () => Socket, event: string, ms: number): Promise<{ ms: number; socket: Socket }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const s = make();
    const timer = setTimeout(() => {
      s.destroy();
      reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    }, ms);
    s.once(event, () => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, socket: s });
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      s.destroy();
      reject(e);
    });
  });
}

async function checkReach(u: URL | undefined, timeoutMs: number): Promise<Check> {
  if (u === undefined) return { id: 'reach', ok: false, detail: `base URL 无法解析 / the base URL does not parse\n${proxyNote(u)}` };
  const hp = hostPort(u);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const lines: string[] = [];
  let ok = true;
  let address: string | undefined;
  try {
    const addrs = await lookup(host, { all: true });
    address = addrs[0]?.address;
    lines.push(`DNS ${host} → ${addrs.map((a) => a.address).join(', ')}`);
  } catch (e) {
    ok = false;
    lines.push(`DNS ${host} 解析失败 / lookup failed: ${errCode(e)}（政务外网域名需内网 DNS 或前置机 / the gov-network name needs its DNS or a 前置机）`);
  }
  if (address !== undefined) {
    try {
      const { ms, socket } = await connectOnce(() => netConnect({ host: address!, port }), 'connect', timeoutMs);
      socket.destroy();
      lines.push(`TCP ${hp} 已连接 / connected (${ms.toFixed(0)} ms)`);
    } catch (e) {
      ok = false;
      lines.push(`TCP ${hp} 连接失败 / connect failed: ${errCode(e)}`);
    }
    if (ok && u.protocol === 'https:') {
      try {
        const { ms, socket } = await connectOnce(() => tlsConnect({ host: address!, port, servername: host, ALPNProtocols: ['http/1.1'] }), 'secureConnect', timeoutMs);
        const proto = (socket as unknown as { getProtocol(): string | null }).getProtocol() ?? 'TLS';
        socket.destroy();
        lines.push(`TLS ${hp} 握手成功 / handshake ok (${proto}, ${ms.toFixed(0)} ms)`);
      } catch (e) {
        ok = false;
        lines.push(`TLS ${hp} 握手失败 / handshake failed: ${errCode(e)}（证书链不受信任时可用 NODE_EXTRA_CA_CERTS / an untrusted chain: NODE_EXTRA_CA_CERTS）`);
      }
    } else if (ok && u.protocol === 'http:') {
      lines.push('TLS 跳过（http）/ TLS skipped (http)');
    }
  }
  lines.push(proxyNote(u));
  return { id: 'reach', ok, detail: lines.join('\n') };
}

function probeCode(): string {
  return ('doctor' + generateNonce() + generateNonce()).slice(0, 32);
}

async function probe(config: YjtConfig, f: typeof fetch, timeoutMs: number): Promise<Probe> {
  const ex = new YjtExchange(config);
  try {
    const req = ex.buildRequest(probeCode());
    const prefix = gatewayOf(config).prefix.toLowerCase();
    const h = (suffix: string) => Object.entries(req.headers).find(([k]) => k.toLowerCase() === `${prefix}-${suffix}`)?.[1] ?? '';
    const sent = { timestamp: h('timestamp'), nonce: h('nonce'), signature: h('signature'), signatureCase: gatewayOf(config).signatureCase };
    const t0 = Date.now();
    let res: Response;
    try {
      res = await f(req.url, { method: 'GET', headers: req.headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const u = new URL(req.url);
      const timedOut = errCode(e) === 'TimeoutError';
      const cause = errCode((e as { cause?: unknown }).cause ?? e);
      return {
        ...sent,
        ok: false,
        error: new YjtError(timedOut ? 'TIMEOUT' : 'NETWORK', timedOut ? `网关 ${hostPort(u)} 在 ${timeoutMs} ms 内未响应 / no answer from ${hostPort(u)} within ${timeoutMs} ms` : `无法连接网关 ${hostPort(u)} / could not reach ${hostPort(u)}: ${cause}`),
      };
    }
    const at = (t0 + Date.now()) / 2;
    const body = await res.text().catch(() => '');
    const base = { ...sent, status: res.status, date: res.headers.get('date') ?? undefined, at };
    try {
      ex.parseResponse({ status: res.status, body });
      return { ...base, ok: true, errcode: 0 }; // cannot happen for an unknown code, but it is a pass
    } catch (e) {
      const err = e instanceof YjtError ? e : new YjtError('BAD_RESPONSE', '无法解析响应 / unparsable answer');
      return { ...base, ok: err.errcode === 1, errcode: err.errcode, error: err };
    }
  } finally {
    ex.free();
  }
}

const isSkew = (p: Probe) => p.error !== undefined && /时间戳|timestamp/i.test(p.error.message) && (p.errcode === 2 || p.errcode === 400000400);
const isSigFail = (p: Probe) => p.errcode === 3 || p.errcode === 400000401;

function checkClock(p: Probe | undefined): Check {
  const skewed = p !== undefined && isSkew(p);
  const skewNote = '网关拒绝了时间戳（超出允许偏差）/ the gateway rejected the timestamp (outside its allowed skew)';
  if (p?.date === undefined || p.at === undefined) {
    if (p === undefined) return { id: 'clock', ok: false, detail: '未测：未发送探测（见 config / reach）/ not measured: no probe was sent (see config / reach)' };
    if (p.status === undefined) return { id: 'clock', ok: false, detail: '未测：网关无响应 / not measured: no answer from the gateway' };
    return skewed
      ? { id: 'clock', ok: false, detail: `${skewNote}；响应无 Date 头，无法测偏差；请用 NTP 同步本机时钟 / no Date header to measure it; sync this machine with NTP` }
      : { id: 'clock', ok: true, detail: '响应无 Date 头；网关接受了时间戳 / no Date header; the gateway accepted the timestamp' };
  }
  const gw = Date.parse(p.date);
  if (!Number.isFinite(gw)) return { id: 'clock', ok: !skewed, detail: `Date 头无法解析 / the Date header does not parse${skewed ? `; ${skewNote}` : ''}` };
  // The Date header has 1 s resolution: offsets under 2 s are noise.
  const off = Math.round((gw - p.at) / 1000);
  const dir = off > 0 ? `网关快 ${off} 秒 / the gateway is ${off} s ahead` : `网关慢 ${-off} 秒 / the gateway is ${-off} s behind`;
  const big = Math.abs(off) > 60;
  if (big || skewed) {
    return { id: 'clock', ok: false, detail: `与网关 Date 头相差 / offset from the gateway's Date header: ${dir}${skewed ? `\n${skewNote}` : ''}\n请用 NTP 同步本机时钟（如 chronyc tracking / timedatectl）/ sync this machine with NTP (e.g. chronyc tracking, timedatectl)` };
  }
  return { id: 'clock', ok: true, detail: `与网关 Date 头相差 / offset from the gateway's Date header: ${Math.abs(off) < 2 ? '< 2 s' : dir}` };
}

function checkSignature(p: Probe | undefined, config: YjtConfig): Check {
  if (p === undefined) return { id: 'signature', ok: false, detail: '未测：网关不可达或配置无效 / not probed: gateway unreachable or config invalid' };
  if (p.ok) return { id: 'signature', ok: true, detail: `网关接受了签名与参数（探测 code 不属于任何用户，errcode 1 为预期）/ signature and parameters accepted (errcode 1 for a code no user holds, as expected)` };
  const e = p.error;
  const msg = e?.message ?? '';
  const lines = [`[${e?.code ?? 'ERROR'}]${p.errcode !== undefined ? ` errcode=${p.errcode}` : ''}${p.status !== undefined ? ` HTTP ${p.status}` : ''}: ${msg}`];
  if (isSigFail(p)) {
    lines.push(
      `待签名串 / string-to-sign: <${p.timestamp}><${maskSecret(config.paasToken)}><${p.nonce}><${p.timestamp}>`,
      `timestamp ${p.timestamp}, nonce ${p.nonce}, 发送的签名 / signature sent (${p.signatureCase}): ${p.signature}`,
      /appSecret/i.test(msg)
        ? '可能原因：appSecret 错误 / likely: a wrong appSecret'
        : '可能原因：paasToken 错误、与 appSecret 填反，或网关要求其他变体（--detect）/ likely: a wrong paasToken, token and appSecret swapped, or another gateway variant (try --detect)',
    );
  } else if (p.errcode === 2) {
    if (/service ?id/i.test(msg)) lines.push(`service ID ${effectiveServiceId(config)} 与环境不符？预设 / matching the env? presets: test ${GATEWAY_PRESETS.serviceIds.test}, production ${GATEWAY_PRESETS.serviceIds.production}`);
    if (isSkew(p)) lines.push('本机时钟偏差过大，见 clock / this machine\'s clock is off, see clock');
  } else if (p.errcode === 400000403) lines.push('paasid 未获授权访问该服务，请联系项目组 / the paasid is not granted this service: ask the 项目组');
  else if (p.errcode === 400000404) lines.push('接口或 service ID 不存在：核对 service ID 与 base URL 路径 / API not found: check the service ID and the base URL path');
  else if (p.errcode === 400000429) lines.push('被限流，稍后再试 / rate limited: try later');
  else if (p.errcode === 400000529) lines.push('网关内部错误，稍后再试或联系项目组 / gateway internal error: retry later or ask the 项目组');
  else if (p.status === 404) lines.push(`base URL 须以接口路径 ${GATEWAY_PRESETS.apiPath} 结尾（或前置机的对应路径）/ the base URL must end with the API path ${GATEWAY_PRESETS.apiPath} (or the 前置机's equivalent)`);
  return { id: 'signature', ok: false, detail: lines.join('\n') };
}

function variantLine(g: GatewayOptions): string {
  return `gateway: { ${Object.entries(g).map(([k, v]) => `${k}: ${JSON.stringify(v).replace(/"/g, "'")}`).join(', ')} }`;
}

async function checkVariant(first: Probe | undefined, config: YjtConfig, f: typeof fetch, timeoutMs: number): Promise<Check> {
  if (first === undefined || first.status === undefined) return { id: 'variant', ok: false, detail: '未测：没有网关响应 / not probed: no answer from the gateway' };
  if (first.ok) return { id: 'variant', ok: true, detail: '当前配置的变体已被接受，无需修改 / the configured variant is accepted; nothing to change' };
  if (isSkew(first)) return { id: 'variant', ok: false, detail: '未测：先修正时钟 / not probed: fix the clock first' };
  const g = gatewayOf(config);
  const caseFlip: GatewayOptions = { signatureCase: g.signatureCase === 'upper' ? 'lower' : 'upper' };
  const unitFlip: GatewayOptions = { timestampUnit: g.timestampUnit === 'seconds' ? 'milliseconds' : 'seconds' };
  const prefixFlip: GatewayOptions = { prefix: g.prefix === 'x-tsp' ? 'x-tif' : 'x-tsp' };
  const tried: string[] = [];
  for (const v of [caseFlip, unitFlip, prefixFlip, { ...prefixFlip, ...caseFlip }]) {
    const merged: GatewayOptions = { ...(config.gateway ?? {}), ...v };
    const p = await probe({ ...config, gateway: merged }, f, timeoutMs);
    tried.push(`${JSON.stringify(v).replace(/"/g, '')} → ${p.ok ? 'ok' : p.errcode !== undefined ? `errcode ${p.errcode}` : (p.error?.code ?? 'error')}`);
    if (p.ok) return { id: 'variant', ok: true, detail: `网关接受的变体 / the gateway accepts: ${variantLine(merged)}\n（写入配置 / put this line in the config）` };
  }
  return { id: 'variant', ok: false, detail: `所试变体均未被接受 / no variant tried was accepted: ${tried.join('; ')}` };
}

/** Runs every check; never throws for a bad config or an unreachable gateway. */
export async function runDoctor(config: YjtConfig, options: DoctorOptions = {}): Promise<DoctorReport> {
  const f = options.fetch ?? globalThis.fetch;
  const timeoutMs = typeof config.timeoutMs === 'number' && config.timeoutMs > 0 ? config.timeoutMs : GATEWAY_PRESETS.timeoutMs;
  const { check: cfg, valid } = checkConfig(config);
  const u = baseUrlOf(config);
  const reach = await checkReach(u, Math.min(timeoutMs, 5000));
  const first = valid && reach.ok ? await probe(config, f, timeoutMs) : undefined;
  const checks = [cfg, reach, checkClock(first), checkSignature(first, config)];
  if (options.detect === true) checks.push(await checkVariant(first, config, f, timeoutMs));
  return { ok: checks.every((c) => c.ok), checks };
}

function sdkVersion(): string {
  try {
    // The CLI bundle sits next to the package's package.json (import.meta.url is compiled away).
    const file = realpathSync(process.argv[1] ?? '');
    const pkg = JSON.parse(readFileSync(join(dirname(file), 'package.json'), 'utf8')) as { name?: string; version?: string };
    return pkg.name === 'yjt-sso' && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function runtimeVersion(): string {
  const g = globalThis as { Deno?: { version?: { deno?: string } }; Bun?: { version?: string } };
  if (g.Deno?.version?.deno) return `Deno ${g.Deno.version.deno}`;
  if (g.Bun?.version) return `Bun ${g.Bun.version}`;
  return `Node ${process.version}`;
}

/** Only the non-secret variant switches (alsoSign carries a token; extraHeaders show names only). */
function publicGateway(g: GatewayOptions): string {
  const keys = ['prefix', 'signatureCase', 'timestampUnit', 'serviceIdPlacement', 'serviceIdHeader', 'appSecretHeader', 'paasIdHeader', 'sendAppSecret', 'paasIdInQuery'];
  const shown = Object.fromEntries(Object.entries(g).filter(([k, v]) => keys.includes(k) && v !== undefined)) as GatewayOptions;
  const extra = Object.keys(g.extraHeaders ?? {});
  return variantLine(shown) + (extra.length ? ` + extraHeaders ${extra.join(', ')}` : '');
}

/** The human-readable report, ending with the redacted block for the 项目组. */
export function formatDoctor(report: DoctorReport, config: YjtConfig): string {
  const indent = (s: string) => s.split('\n').join('\n               ');
  const lines = ['yjt-sso doctor', ''];
  for (const c of report.checks) lines.push(`  ${c.ok ? '✔ 通过' : '✘ 失败'} ${c.id.padEnd(9)} ${indent(c.detail)}`);
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push('', report.ok ? '结论 / result: 全部通过 / all checks passed' : `结论 / result: ${failed} 项未通过 / ${failed} check(s) failed`);
  const u = baseUrlOf(config);
  lines.push(
    '',
    '—— 发给项目组的报告（已脱敏）/ report for the 项目组 (redacted) ——',
    `appCode:    ${str(config.appCode) ?? '(未配置 / not set)'}`,
    `paasId:     ${str(config.paasId) ?? '(未配置 / not set)'}`,
    `env:        ${config.env}`,
    `serviceId:  ${effectiveServiceId(config)}`,
    `baseUrl:    ${u ? `${u.protocol}//${u.host}${u.pathname}` : '(无法解析 / does not parse)'}`,
    `appKey:     ${maskSecret(config.appKey)}`,
    `paasToken:  ${maskSecret(config.paasToken)}`,
    `appSecret:  ${maskSecret(config.appSecret)}`,
    `gateway:    ${config.gateway ? publicGateway(config.gateway) : '(默认 / default)'}`,
    `SDK:        yjt-sso ${sdkVersion()}`,
    `runtime:    ${runtimeVersion()} (${process.platform}-${process.arch})`,
    `time:       ${new Date().toISOString()}`,
  );
  for (const c of report.checks) lines.push(`[${c.id}] ${c.ok ? 'ok' : 'FAIL'}: ${c.detail.split('\n').join(' | ')}`);
  return lines.join('\n');
}
