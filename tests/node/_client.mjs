// Fixtures shared by the exchange and client suites: a timed test(), the rejection check that
// also scans for leaks, the identity the fake gateways decode to, the errcode / status tables,
// the documented error codes and the sans-I/O response parser.
import { test as nodeTest } from 'node:test';
import { esm as m, USER, baseConfig } from './_pkg.mjs';
import { rejectsYjt, assertNoSecrets } from './_assert.mjs';

/** node:test's test() with a 15 s timeout: a hang fails its own test instead of stalling the run. */
export const test = (name, fn) => nodeTest(name, { timeout: 15_000 }, fn);

/** Expect a YjtError with `code` (+ fields), and that nothing it or the client renders leaks. */
export async function fails(client, promise, code, extra = {}, context = '') {
  const err = await rejectsYjt(m, promise, code, extra, context);
  assertNoSecrets([err, client]);
  return err;
}

/** The identity successBody() decodes to (as a plain object). */
export const EXPECTED_USER = {
  userId: USER.userId,
  name: USER.name,
  phone: USER.phone,
  certificateNo: USER.certificateNo,
  certificateType: '01',
  healthCardNo: USER.healthCardNo,
  gender: 1,
  nation: '01',
  channel: '1',
  labels: { certificateType: '居民身份证', gender: '男', nation: '汉族', channel: '内地' },
};
export const plain = (u) => JSON.parse(JSON.stringify(u));

/** [errcode, code, retryable] for every errcode class. */
export const ERRCODES = [
  [1, 'GATEWAY_FAILURE', false],
  [2, 'GATEWAY_INVALID_PARAMS', false],
  [3, 'GATEWAY_SIGNATURE', false],
  [400000400, 'GATEWAY_REJECTED', false],
  [400000401, 'GATEWAY_REJECTED', false],
  [400000403, 'GATEWAY_REJECTED', false],
  [400000404, 'GATEWAY_REJECTED', false],
  [400000429, 'GATEWAY_REJECTED', true],
  [400000529, 'GATEWAY_REJECTED', true],
];
export const STATUSES = [400, 401, 403, 404, 429, 500, 502, 503, 504];
export const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** The documented YjtError codes: a rejection with any other code is a bug. */
export const DOCUMENTED = new Set([
  'INVALID_CONFIG', 'INVALID_INPUT', 'INVALID_KEY', 'DECRYPT_FAILED', 'NETWORK', 'TIMEOUT', 'ABORTED', 'HTTP_STATUS',
  'BAD_RESPONSE', 'GATEWAY_FAILURE', 'GATEWAY_INVALID_PARAMS', 'GATEWAY_SIGNATURE', 'GATEWAY_REJECTED', 'MISSING_HEADER',
  'INVALID_HEADER', 'TIMESTAMP_SKEW', 'SIGNATURE_MISMATCH', 'HEADER_MISMATCH', 'INTERNAL',
  'STORE_UNAVAILABLE', 'STORE_TAMPERED', 'NONCE_REPLAY',
]);

/** parseExchangeResponse of entry `mod`, with a body, a status (200) and a config (baseConfig()). */
export const parser = (mod) => (body, status = 200, cfg = baseConfig()) => mod.parseExchangeResponse(cfg, { status, body });
