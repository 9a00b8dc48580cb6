/**
 * 网关 nonce 的随机来源：平台 CSPRNG（Web Crypto），每次取 4 KiB 分批使用。
 * Randomness for gateway nonces: the platform CSPRNG (Web Crypto), drawn 4 KiB at a time —
 * one `getRandomValues` call per 512 nonces. The core is sans-I/O: it receives the nonce.
 *
 * @module
 */
import { YjtError } from './errors.js';

const POOL_BYTES = 4096;
const NONCE_BYTES = 8;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let pool: Uint8Array | undefined;
let offset = POOL_BYTES;

/** 16 个小写十六进制字符 / 16 lowercase hex characters from the CSPRNG. */
export function poolNonce(): string {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof c?.getRandomValues !== 'function') {
    throw new YjtError('INTERNAL', '当前运行时没有 Web Crypto (crypto.getRandomValues)，无法生成 nonce (no Web Crypto in this runtime)');
  }
  if (pool === undefined) pool = new Uint8Array(POOL_BYTES);
  if (offset + NONCE_BYTES > POOL_BYTES) {
    c.getRandomValues(pool);
    offset = 0;
  }
  let s = '';
  for (let i = offset; i < offset + NONCE_BYTES; i++) s += HEX[pool[i]!];
  // Each byte is used once; nonces are public (they travel in a header), so no wiping needed.
  offset += NONCE_BYTES;
  return s;
}
