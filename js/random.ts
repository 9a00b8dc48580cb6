/**
 * 网关 nonce 的随机来源：平台 CSPRNG（Web Crypto），每次取 4 KiB 分批使用。
 * Randomness for gateway nonces, drawn from the platform CSPRNG (Web Crypto) 4 KiB at a time —
 * one `getRandomValues` call per 512 nonces instead of one per request. The core stays
 * sans-I/O: it receives the nonce; only when this runtime has no global `crypto` (Node 18
 * without flags) does the core draw it itself.
 *
 * @module
 */

const POOL_BYTES = 4096;
const NONCE_BYTES = 8;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let pool: Uint8Array | undefined;
let offset = POOL_BYTES;

/** 16 个小写十六进制字符，或 undefined（无 Web Crypto 时交给内核）/ 16 lowercase hex chars, or undefined. */
export function poolNonce(): string | undefined {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof c?.getRandomValues !== 'function') return undefined;
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
