/**
 * 租户认证：Bearer 令牌（配置只存 SHA-256，常量时间比较）或 mTLS 客户端证书指纹。
 * Who is calling: a bearer token (the config holds only its SHA-256; every stored hash is
 * compared in constant time, none skipped) or, with mTLS, a listed client certificate.
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Tenant } from './tenants.js';

/** The tenants and their credentials, as looked up per request. */
export class TenantIndex {
  readonly #hashes: { hash: Buffer; tenant: Tenant }[] = [];
  readonly #prints = new Map<string, Tenant>();
  readonly tenants: readonly Tenant[];

  constructor(tenants: readonly Tenant[]) {
    this.tenants = tenants;
    for (const t of tenants) {
      for (const hash of t.config.tokenSha256) this.#hashes.push({ hash, tenant: t });
      for (const p of t.config.clientCertFingerprint256) this.#prints.set(p, t);
    }
  }

  /** The tenant of a bearer token: every hash is compared (no early exit), in constant time. */
  byToken(token: string): Tenant | undefined {
    const h = createHash('sha256').update(token, 'utf8').digest();
    let found: Tenant | undefined;
    for (const x of this.#hashes) if (timingSafeEqual(h, x.hash) && found === undefined) found = x.tenant;
    return found;
  }

  /** The tenant of a client certificate's SHA-256 fingerprint (`AB:CD:…`). */
  byFingerprint(fingerprint256: string): Tenant | undefined {
    return this.#prints.get(fingerprint256.toUpperCase());
  }
}

/** Why a request is not authenticated. */
export type AuthFailure = 'missing' | 'unknown' | 'conflict';

const BEARER = /^Bearer +([\x21-\x7e]{1,4096})$/i;

/**
 * The tenant of a request: its verified client certificate (mTLS) when listed, its bearer token
 * otherwise. A request with both must name the same tenant with each.
 */
export function authenticate(index: TenantIndex, authorization: string | undefined, socket: unknown): Tenant | AuthFailure {
  let byCert: Tenant | undefined;
  const tls = socket as Partial<TLSSocket>;
  if (tls.encrypted && tls.authorized) {
    const print = tls.getPeerCertificate?.()?.fingerprint256;
    if (typeof print === 'string') byCert = index.byFingerprint(print);
  }
  if (authorization === undefined || authorization === '') return byCert ?? 'missing';
  const m = BEARER.exec(authorization);
  const byToken = m ? index.byToken(m[1]!) : undefined;
  if (!byToken) return 'unknown';
  if (byCert && byCert !== byToken) return 'conflict';
  return byToken;
}
