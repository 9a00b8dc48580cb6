// The installed package's mock entry (yjt-sso/mock), for the suites that run a mock gateway, and
// what the mock's own suites (mock-*.test.mjs) share: credentials, a user, a fixed clock and
// hand-built requests, so the mock is tested against the protocol itself.
import { createHash, createCipheriv } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PKG_DIR, esm } from './_pkg.mjs';

export const { createMockGateway, startMockGateway, MOCK_API_PATH } = await import(pathToFileURL(path.join(PKG_DIR, 'mock.mjs')).href);
export const yjt = esm;
export const { YjtClient, YjtError, GatewayClient } = esm;

export const creds = {
  appCode: 'HOSP000001',
  appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
  paasId: 'paas-001',
  paasToken: 'tok-SECRET-123',
  appSecret: 'app-SECRET-456',
};
export const alice = { userId: 'u-1', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X', gender: 2, nation: '29', channel: '2' };
export const T0 = 1_800_000_000_000;

// Independent oracle for what the mock must send: OpenSSL's SM4.
export const opensslEncrypt = (text) => {
  const c = createCipheriv('sm4-ecb', Buffer.from(creds.appKey, 'hex'), null);
  return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('hex');
};
export const sig = (ts, nonce, token = creds.paasToken) => createHash('sha256').update(ts + token + nonce + ts).digest('hex').toUpperCase();

/** A mock on a settable clock starting at T0. */
export function setup(extra = {}) {
  let now = T0;
  const gw = createMockGateway({ ...creds, users: [alice], now: () => now, ...extra });
  return { gw, clock: { get: () => now, set: (t) => (now = t), add: (ms) => (now += ms) } };
}

/** A hand-built request (not via the SDK), so the mock is tested against the protocol itself. */
export function request({ code, ts = String(T0 / 1000), nonce = 'abcdef0123456789', token, query = {}, headers = {}, drop = [], path = MOCK_API_PATH, method = 'GET' }) {
  const q = new URLSearchParams({ appCode: creds.appCode, command: '01', code, businessType: '1', ...query });
  for (const [k, v] of Object.entries(query)) if (v === undefined) q.delete(k);
  const h = {
    'x-tsp-timestamp': ts,
    'x-tsp-nonce': nonce,
    'x-tsp-signature': sig(ts, nonce, token),
    'x-tsp-paasid': creds.paasId,
    'x-tsp-appSecret': creds.appSecret,
    'x-tsp-serviceid': 'DGSP_1911964810465574914',
    ...headers,
  };
  for (const d of drop) delete h[d];
  return new Request(`http://mock.local${path}?${q}`, { method, headers: h });
}

/** The mock's answer: status, parsed JSON (null for plain-text answers) and raw text. */
export async function answer(gw, req) {
  const res = await gw.fetch(req);
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* plain-text answers (404/405) */ }
  return { status: res.status, body, text };
}
