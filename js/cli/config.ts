/**
 * Reading config for the subcommands: env vars, then the --config FILE, then flags, every source
 * as the fields table (fields.ts) describes it.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { GATEWAY_PRESETS, type GatewayClientOptions, type YjtConfig } from '../index.js';
import { type Flags, type Options, UsageError, need, str, warnSecretFlag } from './args.js';
import { FIELDS, type Command, type ConfigCommand, type FieldName, flagOptions, fromEnv, fromFlags, namesOf, singleValue } from './fields.js';

/** The --config FILE option, taken by every config subcommand. */
export const CONFIG_OPTION: Options = { config: { type: 'string' } };

/** The parseArgs options every config subcommand shares: --config and its config flags. */
export function configOptions(cmd: ConfigCommand): Options {
  return { ...CONFIG_OPTION, ...flagOptions(cmd) };
}

/** Config from env vars, then the --config file, then `cmd`'s flags; env defaults to test. */
export function loadConfig(cmd: Command, flags: Flags): YjtConfig {
  let fromFile: Record<string, unknown> = {};
  const file = str(flags.config);
  if (file !== undefined) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new UsageError(`无法读取配置文件 / cannot read the config file: ${file}`);
    }
  }
  const merged: Record<string, unknown> = {};
  for (const src of [fromEnv(process.env), fromFile, fromFlags(cmd, flags)]) {
    for (const [k, v] of Object.entries(src)) if (v !== undefined && v !== '') merged[k] = v;
  }
  merged.env ??= 'test';
  return merged as unknown as YjtConfig;
}

/** The GatewayClient options of `call`: the fields the table says call reads, from the same sources. */
export function gatewayOptions(flags: Flags): GatewayClientOptions {
  const c = loadConfig('call', flags) as unknown as Record<string, unknown>;
  const env = c.env === 'production' ? 'production' : 'test';
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (f.usedBy.includes('call') && f.field !== 'env' && !f.cliOnly && c[f.field] !== undefined) out[f.field] = c[f.field];
  out.serviceId ??= GATEWAY_PRESETS.serviceIds[env];
  out.baseUrl ??= GATEWAY_PRESETS.baseUrl;
  return out as unknown as GatewayClientOptions;
}

/** The secret a one-value subcommand takes (--key, --token) from its flag, with a warning, or its env var. */
export function secretArg(field: FieldName, flags: Flags): string {
  const { value, fromFlag } = singleValue(field, flags, process.env);
  const { env, flag } = namesOf(field);
  if (fromFlag) warnSecretFlag(flag!, env!);
  return need(value, `${flag}（或环境变量 ${env}）`, `${flag} (or the ${env} environment variable)`);
}
