/**
 * The config as the gateway will see it (defaults applied), and how doctor prints parts of it.
 *
 * @module
 */
import { GATEWAY_PRESETS, type GatewayOptions, type YjtConfig } from '../../index.js';

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * A secret as the report shows it: whether it is set, its length and form, never a character of
 * it (first and last characters with a timestamp, nonce and signature confirm a guess offline).
 */
export function maskSecret(s: string | undefined): string {
  if (typeof s !== 'string' || s === '') return '(未配置 / not set)';
  const n = [...s].length;
  const hex = /^[0-9a-fA-F]+$/.test(s);
  return `已设置，${n} 个字符${hex ? '，十六进制' : ''} / set, ${n} characters${hex ? ', hex' : ''}`;
}

/** A signature as the report shows it: its first 8 hex only. */
export function shortSignature(sig: string): string {
  return sig.length > 8 ? `${sig.slice(0, 8)}…` : sig;
}

/**
 * Gateway text for a check line or the report: one line, no control or line-separator
 * characters, no check-mark lookalikes (so it cannot plant "✔ 通过" lines).
 */
export function gatewayText(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[\u2713-\u2718\u2705\u274c\u274e\u2611\u2612\u221a\u00d7\u2573]/g, '?');
}

export function gatewayOf(config: YjtConfig): Required<Pick<GatewayOptions, 'prefix' | 'signatureCase' | 'timestampUnit'>> {
  const g = { ...GATEWAY_PRESETS.gateway, ...(config.gateway ?? {}) };
  return { prefix: g.prefix ?? 'x-tsp', signatureCase: g.signatureCase ?? 'upper', timestampUnit: g.timestampUnit ?? 'seconds' };
}

export function effectiveServiceId(config: YjtConfig): string {
  return str(config.serviceId) ?? (config.env === 'production' ? GATEWAY_PRESETS.serviceIds.production : GATEWAY_PRESETS.serviceIds.test);
}

export function baseUrlOf(config: YjtConfig): URL | undefined {
  try {
    return new URL(str(config.baseUrl) ?? GATEWAY_PRESETS.baseUrl);
  } catch {
    return undefined;
  }
}

export function hostPort(u: URL): string {
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

/** `gateway: { signatureCase: 'lower' }`: the line to put in the config. */
export function variantLine(g: GatewayOptions): string {
  return `gateway: { ${Object.entries(g).map(([k, v]) => `${k}: ${JSON.stringify(v).replace(/"/g, "'")}`).join(', ')} }`;
}
