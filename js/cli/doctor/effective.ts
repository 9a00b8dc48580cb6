/**
 * The config as the gateway will see it (defaults applied), and how doctor prints parts of it.
 *
 * @module
 */
import { GATEWAY_PRESETS, type GatewayOptions, type YjtConfig } from '../../index.js';

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** First 2 + `****` + last 2; short values show nothing (2+2 would be most of them). */
export function maskSecret(s: string | undefined): string {
  if (typeof s !== 'string' || s === '') return '(未配置 / not set)';
  return s.length >= 12 ? `${s.slice(0, 2)}****${s.slice(-2)}` : '****';
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
