/**
 * The gateway's checks, shared by the exchange and every service, and the gateway's answer when
 * one fails. The core verifies everything signing produces in one call (its verdict names the
 * failed check); the mock keeps only what is stateful: the nonce window against replays.
 */
import { GATEWAY_PRESETS, YjtError, gatewayVerdict, verifyGatewayHeaders, type GatewayCheck } from '../index.js';
import { json } from './json.js';
import type { MockGatewayOptions, MockStats } from './types.js';

/** A failed check: the core's (with the header at fault, `field`) or the mock's own nonce replay. */
export interface Failed {
  check: GatewayCheck | 'nonce';
  field?: string | undefined;
}

/** check → [interface-document errcode, errmsg, gateway errcode, gateway errmsg]; `{field}` is filled in. */
const ANSWERS: Record<Failed['check'], readonly [1 | 2 | 3, string, number, string]> = {
  // A missing or malformed gateway header cannot be verified: a signature failure, as gateways answer.
  header: [3, '验签失败：缺少或错误的网关请求头', 400000401, 'bad signature.'],
  timestamp: [2, '参数不合法：时间戳超出允许范围', 400000400, 'bad timestamp.'],
  signature: [3, '验签失败', 400000401, 'bad signature.'],
  secondPaasId: [3, '验签失败：第二套 paasid 未授权', 400000403, 'forbidden.'],
  paasId: [3, '验签失败：paasid 未授权', 400000403, 'forbidden.'],
  extraHeader: [3, '验签失败：缺少请求头 {field}', 400000403, 'forbidden.'],
  queryPaasId: [2, '参数不合法：paasid', 400000400, 'bad request.'],
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

/** The gateway's checks of one request at time `t` (Unix ms): the failed check, or none. */
export type GatewayChecks = (req: Request, url: URL, t: number) => Failed | undefined | Promise<Failed | undefined>;

export function gatewayChecks(options: MockGatewayOptions, paasId: string, paasToken: string): GatewayChecks {
  const maxSkewSeconds = options.maxSkewSeconds ?? GATEWAY_PRESETS.maxSkewSeconds;
  // What this gateway expects of every caller; the request's time and query vary.
  const expected = {
    paasToken, paasId, appSecret: options.appSecret, serviceId: options.serviceId ?? GATEWAY_PRESETS.serviceIds.test,
    gateway: options.gateway, strict: options.strict === true,
    maxSkewSeconds, maxPastSeconds: options.maxPastSeconds, maxFutureSeconds: options.maxFutureSeconds,
  };
  // Nonce → when it may be used again: a replay inside the skew window is refused.
  const nonces = new Map<string, number>();

  return (req, url, t) => {
    const verdict = gatewayVerdict(req.headers, { ...expected, query: url.searchParams, now: t });
    if ('rejected' in verdict) return { check: verdict.rejected.check, field: verdict.rejected.error.field };
    const nonce = verdict.verified.nonce;
    const store = options.nonceStore;
    if (store) {
      // Shared by several mock processes; a failing store fails the request like a gateway error.
      // The library's own shared nonce window (the verdict above already passed every check).
      return verifyGatewayHeaders(req.headers, { ...expected, query: url.searchParams, now: t, nonceStore: store }).then(
        () => undefined,
        (e: unknown): Failed | undefined => {
          if (e instanceof YjtError && e.code === 'NONCE_REPLAY') return { check: 'nonce' };
          throw e;
        },
      );
    }
    // Expired nonces are dropped once there are many, so a long-running mock stays small.
    if (nonces.size >= 1024) for (const [n, exp] of nonces) if (exp <= t) nonces.delete(n);
    const seen = nonces.get(nonce);
    if (seen !== undefined && seen > t) return { check: 'nonce' };
    nonces.set(nonce, t + 2 * maxSkewSeconds * 1000);
    return undefined;
  };
}
