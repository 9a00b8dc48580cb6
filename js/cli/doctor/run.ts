/**
 * yjt-sso doctor：不消耗任何用户 code，检查配置、网络、时钟与签名，并生成可发给项目组的脱敏报告。
 * Diagnoses a deployment without consuming any user's code: config, reachability, clock and
 * signature (one probe with a code no user holds), optionally the gateway variant. Output never
 * carries a key, token, appSecret, code or PII; secrets appear only as set/length. Without --code
 * the appKey is reported "not verified" (no identity comes back to decrypt); --code verifies it.
 *
 * @module
 */
import { GATEWAY_PRESETS, YjtClient, YjtError, maskName, type YjtConfig } from '../../index.js';
import { checkConfig } from './config-check.js';
import { baseUrlOf, gatewayText } from './effective.js';
import { checkClock, checkSignature, checkVariant } from './judge.js';
import { isSigFail, probe, gatewayMentions } from './probe.js';
import { checkReach } from './reach.js';
import type { Route } from '../proxy.js';

export type CheckId = 'config' | 'reach' | 'clock' | 'signature' | 'variant' | 'appKey';
export interface Check {
  id: CheckId;
  ok: boolean;
  detail: string;
}
export interface DoctorReport {
  ok: boolean;
  checks: Check[];
  /** What doctor could not check, and what would (never counted as passed). */
  unverified: string[];
}
export interface DoctorOptions {
  detect?: boolean;
  /** The probe's fetch (defaults to the global fetch); the CLI's proxying fetch when `route` has a proxy. */
  fetch?: typeof fetch;
  /** How requests to the gateway travel (proxy.ts); reach checks this route. */
  route?: Route;
  /** Why the route cannot be used (undici missing): reach fails with it, no probe is sent. */
  routeProblem?: string;
  /** A real user's one-time code: consumed by a real exchange, which verifies the appKey. */
  code?: string;
}

/** A real exchange with `code`: the appKey is verified when the identity decrypts. */
async function checkAppKey(config: YjtConfig, code: string, f: typeof fetch | undefined): Promise<Check> {
  const client = new YjtClient(f ? { ...config, fetch: f } : config);
  try {
    const user = await client.exchangeCode(code);
    return { id: 'appKey', ok: true, detail: `appKey 已验证：真实换取成功，身份已解密（用户 ${maskName(user.name) ?? '****'}）/ appKey verified: a real exchange decrypted the identity (user ${maskName(user.name) ?? '****'})` };
  } catch (e) {
    if (!(e instanceof YjtError)) return { id: 'appKey', ok: false, detail: '换取失败 / the exchange failed' };
    const head = `[${e.code}]${e.errcode !== undefined ? ` errcode=${e.errcode}` : ''}${e.status !== undefined ? ` HTTP ${e.status}` : ''}: ${gatewayText(e.message)}`;
    if (e.code === 'DECRYPT_FAILED') {
      return { id: 'appKey', ok: false, detail: `${head}\n✘ appKey 错误：网关返回的身份无法用配置的 appKey 解密 / a wrong appKey: the identity the gateway returned does not decrypt with the configured appKey` };
    }
    return { id: 'appKey', ok: false, detail: `${head}\nappKey 未验证：换取未走到解密（code 已用过、过期，或见上面的检查）/ appKey not verified: the exchange did not reach decryption (a used or expired code, or see the checks above)` };
  } finally {
    client.free();
  }
}

/** Runs every check; never throws for a bad config or an unreachable gateway. */
export async function runDoctor(config: YjtConfig, options: DoctorOptions = {}): Promise<DoctorReport> {
  const positive = (v: unknown, dflt: number) => (typeof v === 'number' && v > 0 ? v : dflt);
  const wire = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: positive(config.timeoutMs, GATEWAY_PRESETS.timeoutMs),
    maxBodyBytes: positive(config.maxBodyBytes, GATEWAY_PRESETS.maxBodyBytes),
  };
  const { check: cfg, valid } = checkConfig(config);
  const u = baseUrlOf(config);
  const reach = await checkReach(u, Math.min(wire.timeoutMs, 5000), options.route, options.routeProblem);
  const first = valid && reach.ok ? await probe(config, wire) : undefined;
  // A refused signature: sign once more with paasToken and appSecret exchanged; accepted means swapped.
  let swap: { accepted: boolean } | undefined;
  if (first !== undefined && isSigFail(first) && !gatewayMentions(first).paasId && typeof config.appSecret === 'string' && config.appSecret !== '') {
    const swapped = await probe({ ...config, paasToken: config.appSecret, appSecret: config.paasToken }, wire).catch(() => undefined);
    swap = { accepted: swapped?.ok === true };
  }
  const checks = [cfg, reach, checkClock(first), checkSignature(first, config, swap)];
  if (options.detect === true) checks.push(await checkVariant(first, config, wire));
  const unverified: string[] = [];
  if (options.code !== undefined) {
    checks.push(valid && reach.ok ? await checkAppKey(config, options.code, options.fetch) : { id: 'appKey', ok: false, detail: '未测：配置无效或网关不可达 / not tested: config invalid or gateway unreachable' });
  } else {
    unverified.push('appKey 未验证：探测 code 不属于任何用户，网关不返回身份，无从解密；用 doctor --code <真实一次性 code> 验证（会消耗该 code）/ appKey not verified: the probe code belongs to no user, so no identity comes back to decrypt; doctor --code <a real one-time code> verifies it (consumes the code)');
  }
  return { ok: checks.every((c) => c.ok), checks, unverified };
}
