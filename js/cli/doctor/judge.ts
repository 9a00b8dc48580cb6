/**
 * doctor's `clock`, `signature` and `variant` checks: what the probe's answer says, and (with
 * --detect) which gateway variant the gateway accepts.
 *
 * @module
 */
import { GATEWAY_PRESETS, GATEWAY_VARIANTS, type GatewayOptions, type YjtConfig } from '../../index.js';
import { effectiveServiceId, gatewayOf, gatewayText, maskSecret, shortSignature, variantLine } from './effective.js';
import { type Probe, type Wire, gatewayMentions, isSigFail, isSkew, probe } from './probe.js';
import type { Check } from './run.js';

export function checkClock(p: Probe | undefined): Check {
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
  // The Date header has 1 s resolution: offsets under 2 s are noise. It is not authenticated
  // (any hop can set it); an accepted signature is: the gateway checked our timestamp against
  // its own clock, so the real offset is within its skew window whatever the header says.
  const off = Math.round((gw - p.at) / 1000);
  const dir = off > 0 ? `网关快 ${off} 秒 / the gateway is ${off} s ahead` : `网关慢 ${-off} 秒 / the gateway is ${-off} s behind`;
  const shown = `与网关 Date 头（未认证）相差 / offset from the gateway's Date header (unauthenticated): ${Math.abs(off) < 2 ? '< 2 s' : dir}`;
  const window = GATEWAY_PRESETS.maxSkewSeconds;
  if (p.ok) {
    const accepted = `网关接受了签名中的时间戳：实际偏差在其允许范围内（默认 ±${window} 秒）/ the gateway accepted the signed timestamp: the real offset is within its window (±${window} s by default)`;
    if (Math.abs(off) > window) {
      return { id: 'clock', ok: true, detail: `${shown}\nDate 头与已接受的签名矛盾，不可信（代理或前置机改写？）/ the Date header contradicts the accepted signature and is not trustworthy (rewritten by a proxy or 前置机?)\n${accepted}` };
    }
    return { id: 'clock', ok: true, detail: `${shown}\n${accepted}` };
  }
  const big = Math.abs(off) > 60;
  if (big || skewed) {
    return { id: 'clock', ok: false, detail: `${shown}${skewed ? `\n${skewNote}` : ''}\n请用 NTP 同步本机时钟（如 chronyc tracking / timedatectl）/ sync this machine with NTP (e.g. chronyc tracking, timedatectl)` };
  }
  return { id: 'clock', ok: true, detail: shown };
}

/** What a second probe, signed with paasToken and appSecret swapped, showed (undefined: not tried). */
export interface SwapProbe {
  accepted: boolean;
}

export function checkSignature(p: Probe | undefined, config: YjtConfig, swap?: SwapProbe): Check {
  if (p === undefined) return { id: 'signature', ok: false, detail: '未测：网关不可达或配置无效 / not probed: gateway unreachable or config invalid' };
  if (p.ok) return { id: 'signature', ok: true, detail: `网关接受了签名与参数（探测 code 不属于任何用户，errcode 1 为预期）/ signature and parameters accepted (errcode 1 for a code no user holds, as expected)` };
  const e = p.error;
  const says = gatewayMentions(p);
  const lines = [`[${e?.code ?? 'ERROR'}]${p.errcode !== undefined ? ` errcode=${p.errcode}` : ''}${p.status !== undefined ? ` HTTP ${p.status}` : ''}: ${gatewayText(e?.message ?? '')}`];
  if (says.paasId || p.errcode === 400000403) {
    lines.push('网关指出 paasId：paasId 错误或未获授权访问该服务，请与项目组核对 / the gateway names the paasId: a wrong paasId, or one not granted this service: check it with the 项目组');
  } else if (isSigFail(p)) {
    lines.push(
      `待签名串 / string-to-sign: <${p.timestamp}><paasToken: ${maskSecret(config.paasToken)}><${p.nonce}><${p.timestamp}>`,
      `timestamp ${p.timestamp}, nonce ${p.nonce}, 发送的签名 / signature sent (${p.signatureCase}): ${shortSignature(p.signature)}`,
    );
    if (swap?.accepted) lines.push('paasToken 与 appSecret 填反了：互换后网关接受了签名 / paasToken and appSecret are swapped: signed with the two exchanged, the gateway accepts');
    else if (says.appSecret) lines.push('网关指出 appSecret：appSecret 错误 / the gateway names the appSecret: a wrong appSecret');
    else lines.push(`可能原因：paasToken 错误${swap ? '（已试互换 paasToken 与 appSecret：仍被拒绝）' : ''}，或网关要求其他变体（--detect）/ likely: a wrong paasToken${swap ? ' (paasToken and appSecret swapped: also refused)' : ''}, or another gateway variant (try --detect)`);
  } else if (p.errcode === 2) {
    if (says.serviceId) lines.push(`service ID ${effectiveServiceId(config)} 与环境不符？预设 / matching the env? presets: test ${GATEWAY_PRESETS.serviceIds.test}, production ${GATEWAY_PRESETS.serviceIds.production}`);
    if (isSkew(p)) lines.push('本机时钟偏差过大，见 clock / this machine\'s clock is off, see clock');
    if (says.nonce) lines.push('网关拒绝了 nonce（重复或格式）/ the gateway refused the nonce (replayed or malformed)');
  } else if (p.errcode === 400000404) lines.push('接口或 service ID 不存在：核对 service ID 与 base URL 路径 / API not found: check the service ID and the base URL path');
  else if (p.errcode === 400000429) lines.push('被限流，稍后再试 / rate limited: try later');
  else if (p.errcode === 400000529) lines.push('网关内部错误，稍后再试或联系项目组 / gateway internal error: retry later or ask the 项目组');
  else if (p.status === 404) lines.push(`base URL 须以接口路径 ${GATEWAY_PRESETS.apiPath} 结尾（或前置机的对应路径）/ the base URL must end with the API path ${GATEWAY_PRESETS.apiPath} (or the 前置机's equivalent)`);
  return { id: 'signature', ok: false, detail: lines.join('\n') };
}

export async function checkVariant(first: Probe | undefined, config: YjtConfig, wire: Wire): Promise<Check> {
  if (first === undefined || first.status === undefined) return { id: 'variant', ok: false, detail: '未测：没有网关响应 / not probed: no answer from the gateway' };
  if (first.ok) return { id: 'variant', ok: true, detail: '当前配置的变体已被接受，无需修改 / the configured variant is accepted; nothing to change' };
  if (isSkew(first)) return { id: 'variant', ok: false, detail: '未测：先修正时钟 / not probed: fix the clock first' };
  // The variants seen in deployments, described once by the core; those that change nothing
  // in the effective options are skipped.
  const g = gatewayOf(config) as Record<string, unknown>;
  const tried: string[] = [];
  for (const { gateway: v } of GATEWAY_VARIANTS) {
    if (Object.entries(v).every(([k, x]) => g[k] === x)) continue;
    const merged: GatewayOptions = { ...(config.gateway ?? {}), ...v };
    const p = await probe({ ...config, gateway: merged }, wire);
    tried.push(`${JSON.stringify(v).replace(/"/g, '')} → ${p.ok ? 'ok' : p.errcode !== undefined ? `errcode ${p.errcode}` : (p.error?.code ?? 'error')}`);
    if (p.ok) return { id: 'variant', ok: true, detail: `网关接受的变体 / the gateway accepts: ${variantLine(merged)}\n（写入配置 / put this line in the config）` };
  }
  return { id: 'variant', ok: false, detail: `所试变体均未被接受 / no variant tried was accepted: ${tried.join('; ')}` };
}
