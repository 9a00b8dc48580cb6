// Fixed inputs and helpers for the signing and inbound-verification suites.
import assert from 'node:assert/strict';

export const CREDS = {
  paasId: 'paas-hosp-001',
  paasToken: 'tok-Zq81-SECRET-TOKEN-77',
  appSecret: 'sec-Wm42-SECRET-APPSECRET-99',
  serviceId: 'DGSP_1911964810465574914',
};
export const NOW = 1_700_000_123_456; // ms
export const TS = '1700000123';
export const NONCE = 'abcdef0123456789';

/** Assert `h` carries no secret but the appSecret in its own header. */
export function assertTokenAbsent(h) {
  for (const [k, v] of Object.entries(h)) {
    assert.ok(!k.includes(CREDS.paasToken) && !v.includes(CREDS.paasToken), `token in header ${k}`);
  }
}

/** Headers signed by entry `m` at NOW with NONCE (`extra`: more gatewayHeaders options). */
export const signer = (m) => (extra = {}, gateway) =>
  m.gatewayHeaders({ ...CREDS, gateway }, { now: () => NOW, nonce: NONCE, ...extra });
/** verifyGatewayHeaders options at NOW (`extra` on top). */
export const opts = (extra = {}) => ({ paasToken: CREDS.paasToken, now: NOW, ...extra });
