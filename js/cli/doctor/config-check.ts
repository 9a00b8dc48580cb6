/**
 * doctor's `config` check: required fields, the appKey's shape, service ID vs env, token and
 * appSecret equal or swapped, stray whitespace; then the core's own validation.
 *
 * @module
 */
import { GATEWAY_PRESETS, YjtError, YjtExchange, type YjtConfig } from '../../index.js';
import { whereToSet } from '../fields.js';
import { effectiveServiceId, str } from './effective.js';
import type { Check } from './run.js';

const HEX32 = /^[0-9a-fA-F]{32}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// The appSecret seen in the field is a dash-less UUID (32 hex); nothing is known of the token's shape.
const looksLikeSecret = (s: string) => HEX32.test(s) || UUID.test(s);

export function checkConfig(config: YjtConfig): { check: Check; valid: boolean } {
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
      if (e instanceof YjtError && e.code === 'INVALID_CONFIG' && e.field !== undefined) {
        const where = whereToSet(e.field);
        problems.push(`${where.zh} / ${where.en}`);
      }
    }
  }
  return { check: { id: 'config', ok: valid, detail: [...problems, ...notes].join('\n') }, valid };
}
