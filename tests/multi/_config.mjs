// What the multi-instance processes share: credentials, the mock's users, the store settings, and
// where the installed package (the tarball in the consumer project) lives. Imported by the test,
// the worker and the mock process (not by the Deno app, which gets the same values by env).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONSUMER = process.env.YJT_CONSUMER || path.join(ROOT, '.tmp/consumer');
const consumerRequire = createRequire(path.join(CONSUMER, 'package.json'));
/** The installed package (never pkg/ or js/ of this repository). */
export const PKG_DIR = path.dirname(consumerRequire.resolve('yjt-sso/package.json'));
export const PKG_INDEX = path.join(PKG_DIR, 'index.mjs');
export const loadPkg = () => import(pathToFileURL(PKG_INDEX).href);
export const loadMock = () => import(pathToFileURL(path.join(PKG_DIR, 'mock.mjs')).href);

export const creds = {
  appCode: 'HOSP000001',
  appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
  paasId: 'paas-multi-001',
  paasToken: 'tok-MULTI-SECRET-123',
  appSecret: 'app-MULTI-SECRET-456',
};
/** Every instance's storeKey (≥ 32 characters). */
export const STORE_KEY = 'multi-instance-store-key-0123456789abcdef';
/** The request budget: lease = 2000 + 2000 = 4000 ms, one store op ≤ 400 ms. */
export const TIMEOUT_MS = 2000;
export const LEASE_MS = TIMEOUT_MS + Math.min(5000, Math.max(1000, TIMEOUT_MS));
export const OP_LIMIT_MS = Math.min(1000, Math.max(50, Math.floor(TIMEOUT_MS / 5)));

/** A mainland ID number with its check digit (GB 11643). */
function idNumber(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body17].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return body17 + '10X98765432'[s % 11];
}
const NAMES = ['陈小明', '李春花', '王建国', '黄丽萍', '张志强', '刘晓燕', '林国栋', '何秀英', '郭宏伟', '梁美玲'];
/** Ten users with distinct plaintexts (the scan of Redis looks for each). */
export const USERS = NAMES.map((name, i) => ({
  userId: `2025${String(880000000000 + i * 7919)}`,
  name,
  phone: `139${String(20250000 + i * 1373).padStart(8, '0')}`,
  certificateNo: idNumber(`4401061990${String(1 + (i % 12)).padStart(2, '0')}${String(10 + i).padStart(2, '0')}${String(100 + i * 37).slice(-3)}`),
  gender: 1 + (i % 2),
}));

/** The identity fields a worker returns (and the test compares). */
export const identity = (u) => ({ userId: u.userId, name: u.name, phone: u.phone, certificateNo: u.certificateNo, gender: u.gender });
