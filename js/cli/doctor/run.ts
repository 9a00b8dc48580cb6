/**
 * yjt-sso doctor：不消耗任何用户 code，检查配置、网络、时钟与签名，并生成可发给项目组的脱敏报告。
 * Diagnoses a deployment without consuming any user's code: config, reachability, clock and
 * signature (one probe with a code no user holds), optionally the gateway variant. Output never
 * carries a key, token, appSecret, code or PII; secrets appear only masked (first 2 + last 2).
 *
 * @module
 */
import { GATEWAY_PRESETS, type YjtConfig } from '../../index.js';
import { checkConfig } from './config-check.js';
import { baseUrlOf } from './effective.js';
import { checkClock, checkSignature, checkVariant } from './judge.js';
import { probe } from './probe.js';
import { checkReach } from './reach.js';
import type { Route } from '../proxy.js';

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
  /** The probe's fetch (defaults to the global fetch); the CLI's proxying fetch when `route` has a proxy. */
  fetch?: typeof fetch;
  /** How requests to the gateway travel (proxy.ts); reach checks this route. */
  route?: Route;
  /** Why the route cannot be used (undici missing): reach fails with it, no probe is sent. */
  routeProblem?: string;
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
  const checks = [cfg, reach, checkClock(first), checkSignature(first, config)];
  if (options.detect === true) checks.push(await checkVariant(first, config, wire));
  return { ok: checks.every((c) => c.ok), checks };
}
