/**
 * The gateway's own checks, shared by the exchange and every service, and the gateway's answer
 * when one fails: the interface document's errcode 1/2/3, or the 4000004xx envelope that real
 * gateways send (gatewayErrors mode).
 */
import { GATEWAY_PRESETS, YjtError, verifyGatewayHeaders } from '../index.js';
import { json } from './json.js';
import type { MockGatewayOptions, MockStats } from './types.js';

/** A gateway check that failed; `field` names the header when the answer names it. */
export interface Failed {
  check: GatewayCheck;
  field?: string;
}

/** The checks a request can fail, in the order the gateway runs them. */
export type GatewayCheck =
  | 'timestamp'
  | 'signature'
  | 'headers'
  | 'alsoSignPaasId'
  | 'paasId'
  | 'extraHeaders'
  | 'paasIdInQuery'
  | 'appSecret'
  | 'serviceId'
  | 'nonce';

/** check → [interface-document errcode, errmsg, gateway errcode, gateway errmsg]; `{field}` is filled in. */
const ANSWERS: Record<GatewayCheck, readonly [1 | 2 | 3, string, number, string]> = {
  timestamp: [2, '参数不合法：时间戳超出允许范围', 400000400, 'bad timestamp.'],
  signature: [3, '验签失败', 400000401, 'bad signature.'],
  // A missing or malformed gateway header cannot be verified: a signature failure, as gateways answer.
  headers: [3, '验签失败：缺少或错误的网关请求头', 400000401, 'bad signature.'],
  alsoSignPaasId: [3, '验签失败：第二套 paasid 未授权', 400000403, 'forbidden.'],
  paasId: [3, '验签失败：paasid 未授权', 400000403, 'forbidden.'],
  extraHeaders: [3, '验签失败：缺少请求头 {field}', 400000403, 'forbidden.'],
  paasIdInQuery: [2, '参数不合法：paasid', 400000400, 'bad request.'],
  appSecret: [3, '验签失败：appSecret 不匹配', 400000401, 'bad signature.'],
  serviceId: [2, '参数不合法：service ID 不匹配', 400000404, 'api not found.'],
  nonce: [2, '参数不合法：nonce 重复', 400000400, 'nonce reused.'],
};

/** How the mock answers a rejected request; every rejection is counted. */
export interface Rejections {
  /** A failed gateway check: errcode 1/2/3, or the 4000004xx envelope in gatewayErrors mode. */
  gateway(failed: Failed): Response;
  /** A failed API parameter (appCode, command, code, …): the interface document's errcode in both modes. */
  api(errcode: 1 | 2 | 3, errmsg: string): Response;
}

export function rejections(stats: MockStats, gatewayErrors: boolean): Rejections {
  return {
    gateway({ check, field }) {
      stats.rejected++;
      const [errcode, errmsg, gatewayCode, gatewayMsg] = ANSWERS[check];
      if (gatewayErrors) return json(200, { errcode: gatewayCode, errmsg: gatewayMsg });
      return json(200, { errcode, errmsg: errmsg.replace('{field}', field ?? '') });
    },
    api(errcode, errmsg) {
      stats.rejected++;
      return json(200, { errcode, errmsg });
    },
  };
}

/** Omitted option fields dropped, so the core's defaults apply exactly as for the client. */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The gateway's checks of one request at time `t` (Unix ms): the failed check, or none. */
export type GatewayChecks = (req: Request, url: URL, t: number) => Failed | undefined;

export function gatewayChecks(options: MockGatewayOptions, paasId: string, paasToken: string): GatewayChecks {
  const serviceId = options.serviceId ?? GATEWAY_PRESETS.serviceIds.test;
  const maxSkewSeconds = options.maxSkewSeconds ?? GATEWAY_PRESETS.maxSkewSeconds;
  const skew = { maxSkewSeconds, maxPastSeconds: options.maxPastSeconds, maxFutureSeconds: options.maxFutureSeconds };
  const strict = options.strict === true;
  const g = { ...GATEWAY_PRESETS.gateway, ...dropUndefined(options.gateway ?? {}) };
  const header = (req: Request, suffix: string) => req.headers.get(`${g.prefix}-${suffix}`);
  // Nonce → when it may be used again; replays inside the skew window are refused.
  const nonces = new Map<string, number>();

  function pruneNonces(t: number): void {
    if (nonces.size < 1024) return;
    for (const [n, exp] of nonces) if (exp <= t) nonces.delete(n);
  }

  return (req, url, t) => {
    let verified;
    try {
      verified = verifyGatewayHeaders(req.headers, { paasToken, now: t, ...skew, strict, gateway: options.gateway });
      // The dual-header variant: the second set is verified with its own prefix and token.
      const second = g.alsoSign;
      if (second !== undefined) {
        const other = verifyGatewayHeaders(req.headers, {
          paasToken: second.paasToken, now: t, ...skew, strict,
          gateway: { ...g, alsoSign: undefined, extraHeaders: undefined, prefix: second.prefix },
        });
        if (other.paasId !== second.paasId) return { check: 'alsoSignPaasId' };
      }
    } catch (e) {
      const code = e instanceof YjtError ? e.code : 'INVALID_HEADER';
      if (code === 'TIMESTAMP_SKEW') return { check: 'timestamp' };
      return { check: code === 'SIGNATURE_MISMATCH' ? 'signature' : 'headers' };
    }
    if (verified.paasId !== paasId) return { check: 'paasId' };
    for (const [name, value] of Object.entries(g.extraHeaders ?? {})) {
      if (req.headers.get(name) !== value) return { check: 'extraHeaders', field: name };
    }
    if (g.paasIdInQuery && url.searchParams.get(g.paasIdHeader) !== paasId) return { check: 'paasIdInQuery' };
    if (options.appSecret !== undefined && g.sendAppSecret && header(req, g.appSecretHeader) !== options.appSecret) {
      return { check: 'appSecret' };
    }
    const placement = g.serviceIdPlacement;
    const sid = placement === 'header' ? header(req, g.serviceIdHeader) : placement === 'query' ? url.searchParams.get('serviceId') : serviceId;
    if (sid !== serviceId) return { check: 'serviceId' };
    pruneNonces(t);
    const seen = nonces.get(verified.nonce);
    if (seen !== undefined && seen > t) return { check: 'nonce' };
    nonces.set(verified.nonce, t + 2 * maxSkewSeconds * 1000);
    return undefined;
  };
}
