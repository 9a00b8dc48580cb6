/**
 * doctor's human-readable report, ending with the redacted block for the 项目组.
 *
 * @module
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GatewayOptions, YjtConfig } from '../../index.js';
import { baseUrlOf, effectiveServiceId, maskSecret, str, variantLine } from './effective.js';
import type { DoctorReport } from './run.js';

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
  for (const u of report.unverified) lines.push(`  ? 未验证 / not verified ${indent(u)}`);
  const passed = report.unverified.length === 0 ? '全部通过（含 appKey）/ all checks passed (appKey included)' : '签名与参数已通过；appKey 未验证 / signature and parameters passed; appKey not verified';
  lines.push('', report.ok ? `结论 / result: ${passed}` : `结论 / result: ${failed} 项未通过 / ${failed} check(s) failed${report.unverified.length ? '；appKey 未验证 / appKey not verified' : ''}`);
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
  for (const u of report.unverified) lines.push(`[unverified] ${u}`);
  return lines.join('\n');
}
