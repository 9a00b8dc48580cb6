// Loads yjt-sso FROM THE INSTALLED TARBALL (the consumer project scripts/test.sh makes), once
// through its ESM entry and once through its CJS entry, both resolved by the package's own
// `exports` map. Never loads pkg/ or js/ of this repository.
import { createRequire } from 'node:module';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import crypto from 'node:crypto';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONSUMER = process.env.YJT_CONSUMER || path.join(ROOT, '.tmp/consumer');

const consumerRequire = createRequire(path.join(CONSUMER, 'package.json'));
/** Absolute path of the installed package directory. */
export const PKG_DIR = path.dirname(consumerRequire.resolve('yjt-sso/package.json'));
export const PKG_JSON = JSON.parse(readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'));

if (!realpathSync(PKG_DIR).startsWith(realpathSync(CONSUMER))) {
  throw new Error(`yjt-sso resolved outside the consumer project: ${PKG_DIR}`);
}

/** CJS: `require('yjt-sso')` as a CommonJS consumer would. */
export const cjs = consumerRequire('yjt-sso');
/** File the `require` condition resolved to. */
export const CJS_FILE = consumerRequire.resolve('yjt-sso');

// ESM: follow the package's exports map for the `import` condition.
const dot = PKG_JSON.exports?.['.'];
const importTarget = typeof dot?.import === 'string' ? dot.import : dot?.import?.default;
if (typeof importTarget !== 'string') throw new Error('package.json exports["."].import is missing');
export const ESM_FILE = path.join(PKG_DIR, importTarget);
/** ESM: `import('yjt-sso')` as an ES module consumer would. */
export const esm = await import(pathToFileURL(ESM_FILE).href);

/** Both entry points, for `for (const [name, m] of ENTRIES)` loops. */
export const ENTRIES = /** @type {const} */ ([
  ['esm', esm],
  ['cjs', cjs],
]);

// ---------------------------------------------------------------------------------------------
// Independent oracles and fixtures shared by the suites.

export const SEED_KEY = 'A7E2D00B4058086CBD3D4B8A5E0B2697';

/** OpenSSL SM4-ECB with PKCS#7 (node:crypto), the differential oracle. */
export function osslEncrypt(key, plaintext) {
  const c = crypto.createCipheriv('sm4-ecb', Buffer.from(key), null);
  return Buffer.concat([c.update(Buffer.from(plaintext)), c.final()]);
}
export function osslDecrypt(key, ciphertext) {
  const d = crypto.createDecipheriv('sm4-ecb', Buffer.from(key), null);
  return Buffer.concat([d.update(Buffer.from(ciphertext)), d.final()]);
}
/** Raw single-block SM4 (no padding) with OpenSSL. */
export function osslEncryptRaw(key, block) {
  const c = crypto.createCipheriv('sm4-ecb', Buffer.from(key), null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.from(block)), c.final()]);
}
/** hex(SM4-ECB-PKCS7(utf8 text)) with the seed key, computed by OpenSSL. */
export function osslHex(text, keyHex = SEED_KEY) {
  return osslEncrypt(Buffer.from(keyHex, 'hex'), Buffer.from(text, 'utf8')).toString('hex');
}

/** The gateway signature, computed independently. */
export function sha256Sig(timestamp, token, nonce, upper = true) {
  const h = crypto.createHash('sha256').update(timestamp + token + nonce + timestamp, 'utf8').digest('hex');
  return upper ? h.toUpperCase() : h;
}

/** Credentials and the test user; every one of these must stay out of logs and errors. */
export const CREDS = Object.freeze({
  appCode: 'HOSP001',
  appKey: SEED_KEY,
  paasId: 'paas-hosp-001',
  paasToken: 'tok-Zq81-SECRET-TOKEN-77',
  appSecret: 'sec-Wm42-SECRET-APPSECRET-99',
});
export const USER = Object.freeze({
  userId: 'u-20240001',
  name: '张三丰',
  phone: '13800138000',
  certificateNo: '11010519491231002X',
  healthCardNo: 'HC44010000112233',
});
export const SECRET_STRINGS = [
  CREDS.appKey, CREDS.appKey.toLowerCase(), CREDS.paasToken, CREDS.appSecret,
  USER.name, USER.phone, USER.certificateNo, USER.healthCardNo,
];

/** A success body the way the gateway sends it: phone / certificateNo SM4 (by OpenSSL). */
export function successBody(overrides = {}) {
  return JSON.stringify({
    errcode: 0,
    errmsg: 'SUCCESS',
    data: {
      userId: USER.userId,
      name: USER.name,
      phone: osslHex(USER.phone),
      certificateNo: osslHex(USER.certificateNo),
      certificateType: '01',
      healthCardNo: USER.healthCardNo,
      gender: 1,
      nation: '01',
      channel: '1',
      ...overrides,
    },
  });
}

/** A minimal valid config for env `test`. */
export function baseConfig(extra = {}) {
  return { env: 'test', ...CREDS, ...extra };
}
