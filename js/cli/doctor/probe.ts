/**
 * doctor's probe: one signed exchange request with a code no user holds, sent through the one
 * transport (timeout, body cap, no redirects), and what the gateway's answer says.
 *
 * @module
 */
import { YjtError, YjtExchange, generateNonce, type YjtConfig } from '../../index.js';
import { send, type TransportOptions } from '../../transport.js';
import { gatewayOf } from './effective.js';

/** How doctor sends: the transport's options without a caller's signal. */
export type Wire = Pick<TransportOptions, 'fetch' | 'timeoutMs' | 'maxBodyBytes'>;

export interface Probe {
  status?: number;
  date?: string;
  /** Local clock at the middle of the round trip (request sent → headers in), Unix ms. */
  at?: number;
  errcode?: number;
  error?: YjtError;
  ok: boolean;
  timestamp: string;
  nonce: string;
  signature: string;
  signatureCase: string;
}

function probeCode(): string {
  return ('doctor' + generateNonce() + generateNonce()).slice(0, 32);
}

export async function probe(config: YjtConfig, wire: Wire): Promise<Probe> {
  const ex = new YjtExchange(config);
  try {
    const req = ex.buildRequest(probeCode());
    const g = gatewayOf(config);
    const prefix = g.prefix.toLowerCase();
    const h = (suffix: string) => Object.entries(req.headers).find(([k]) => k.toLowerCase() === `${prefix}-${suffix}`)?.[1] ?? '';
    const sent = { timestamp: h('timestamp'), nonce: h('nonce'), signature: h('signature'), signatureCase: g.signatureCase };
    // The transport answers with the status and body only: the Date header (and when the
    // headers came) are read as the response passes through.
    const seen: Pick<Probe, 'status' | 'date' | 'at'> = {};
    const t0 = Date.now();
    const watching: typeof fetch = async (input, init) => {
      const res = await wire.fetch(input, init);
      const headers = (res as Partial<Response> | null)?.headers;
      if (typeof headers?.get === 'function') {
        seen.at = (t0 + Date.now()) / 2;
        seen.status = res.status;
        seen.date = headers.get('date') ?? undefined;
      }
      return res;
    };
    let answer;
    try {
      answer = await send({ method: 'GET', url: req.url, headers: req.headers }, { ...wire, fetch: watching });
    } catch (e) {
      // send rejects only with a YjtError (NETWORK, TIMEOUT, BAD_RESPONSE).
      const error = e instanceof YjtError ? e : new YjtError('NETWORK', '探测失败 / the probe failed');
      return { ...sent, ...seen, ok: false, error };
    }
    const base = { ...sent, ...seen, status: answer.status };
    try {
      ex.parseResponse(answer);
      return { ...base, ok: true, errcode: 0 }; // cannot happen for an unknown code, but it is a pass
    } catch (e) {
      const err = e instanceof YjtError ? e : new YjtError('BAD_RESPONSE', '无法解析响应 / unparsable answer');
      return { ...base, ok: err.errcode === 1, errcode: err.errcode, error: err };
    }
  } finally {
    ex.free();
  }
}

/**
 * Which input the gateway's answer blames: the core reads the gateway's own wording once
 * (`YjtError.field`); doctor never reads message text. Only gateway answers (with an errcode)
 * count.
 */
export function gatewayMentions(p: Probe): { timestamp: boolean; appSecret: boolean; serviceId: boolean; paasId: boolean; nonce: boolean } {
  const field = p.errcode === undefined ? undefined : p.error?.field;
  return { timestamp: field === 'timestamp', appSecret: field === 'appSecret', serviceId: field === 'serviceId', paasId: field === 'paasId', nonce: field === 'nonce' };
}

/** The gateway refused the timestamp (outside its allowed skew). */
export const isSkew = (p: Probe): boolean => (p.errcode === 2 || p.errcode === 400000400) && gatewayMentions(p).timestamp;
/** The gateway refused the signature. */
export const isSigFail = (p: Probe): boolean => p.errcode === 3 || p.errcode === 400000401;
