/**
 * What makes the shared store unreadable: keys are HMAC-SHA-256 of their parts (never a code or a
 * nonce), values are AES-256-GCM sealed with the key as additional data, so a value altered or
 * moved to another key fails to open (STORE_TAMPERED). Both keys come from one secret through
 * HKDF-SHA-256 in Web Crypto (Node, Deno and Bun have it), which also seals; the key names are
 * computed in the core (synchronous, under the derived naming key).
 */
import { YjtError } from '../errors.js';
import * as core from '../core.js';
import { call, live } from '../call.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });
const SALT = utf8.encode('yjt-sso/store/v1');
const FORMAT = 'v1';
const PENDING = 'v1p';
const PENDING_AAD = utf8.encode('yjt-sso pending claim');

export interface Sealer {
  /**
   * The store key for `parts` (already prefixed); synchronous, in the core — after a WASM trap,
   * once the naming key is derived again.
   */
  keyFor(parts: string): string | Promise<string>;
  /** Frees (and zeroizes) the naming key in the core. */
  close(): void;
  /** `value` as JSON, sealed to `key`. */
  seal(key: string, value: unknown): Promise<string>;
  /**
   * The claim marker `{ s: 'pending' }`, sealed once per sealer and bound to no key: it holds
   * nothing, and moving it only makes waiters wait, so the claimant's path saves a cipher call.
   */
  pending(): Promise<string>;
  /** The value sealed to `key`; STORE_TAMPERED when it was altered or sealed to another key. */
  open(key: string, text: string): Promise<unknown>;
}

function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!s) throw new YjtError('INTERNAL', '当前运行时没有 Web Crypto (crypto.subtle)，无法使用共享存储 (no Web Crypto in this runtime)');
  return s;
}

function b64(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}
function unb64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function tampered(): YjtError {
  return new YjtError('STORE_TAMPERED', '共享存储中的值被篡改或不属于该键，已拒绝 (a value in the shared store was altered or belongs to another key; refused)');
}

/**
 * A sealer whose keys derive from `secret` (the configured storeKey, or the app's own secrets,
 * as bytes: zeroed here once imported); `prefix` starts every key. Derived keys are
 * non-extractable.
 */
export async function sealer(secret: Uint8Array<ArrayBuffer>, prefix: string): Promise<Sealer> {
  const s = subtle();
  let base: CryptoKey;
  try {
    base = await s.importKey('raw', secret, 'HKDF', false, ['deriveKey', 'deriveBits']);
  } finally {
    secret.fill(0); // the non-extractable key holds it now
  }
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: SALT, info: utf8.encode(info) });
  // Key names are HMAC-SHA-256 in the core (one synchronous call before a claim); the naming key
  // lives there (zeroized when the object goes) and its bytes here are zeroed at once. A trap
  // kills it with the instance: it is derived again from `base` (which stays in Web Crypto).
  const makeNamer = async (): Promise<core.StoreNamer> => {
    const bytes = new Uint8Array(await s.deriveBits(hkdf('key names'), base, 256));
    try {
      return core.track(call(() => new core.StoreNamer(bytes)));
    } finally {
      bytes.fill(0);
    }
  };
  const [first, aes] = await Promise.all([
    makeNamer(),
    s.deriveKey(hkdf('values'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
  ]);
  let namer = first;
  let closed = false;
  let renaming: Promise<void> | undefined;
  const keyFor = (parts: string): string | Promise<string> => {
    if (core.isLive(namer) || closed) return prefix + call(() => live(namer).name(parts), 'full', true);
    renaming ??= makeNamer().then(
      (n) => {
        renaming = undefined;
        if (closed) core.release(n);
        else namer = n;
      },
      (e: unknown) => {
        renaming = undefined; // the next call tries again
        throw e;
      },
    );
    return renaming.then(() => keyFor(parts));
  };
  const seal = async (format: string, aad: Uint8Array<ArrayBuffer>, value: unknown): Promise<string> => {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await s.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, aes, utf8.encode(JSON.stringify(value)));
    return `${format}.${b64(iv)}.${b64(new Uint8Array(ct))}`;
  };
  let pending: Promise<string> | undefined;
  return {
    pending() {
      pending ??= seal(PENDING, PENDING_AAD, { s: 'pending' });
      return pending;
    },
    keyFor,
    close() {
      closed = true;
      core.release(namer);
    },
    seal(key, value) {
      return seal(FORMAT, utf8.encode(key), value);
    },
    async open(key, text) {
      const parts = typeof text === 'string' ? text.split('.') : [];
      if (parts.length !== 3 || (parts[0] !== FORMAT && parts[0] !== PENDING)) throw tampered();
      const aad = parts[0] === PENDING ? PENDING_AAD : utf8.encode(key);
      let plain: ArrayBuffer;
      try {
        const iv = unb64(parts[1]!);
        if (iv.length !== 12) throw tampered();
        plain = await s.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, aes, unb64(parts[2]!));
        const v = JSON.parse(fromUtf8.decode(plain)) as { s?: unknown } | null;
        // A marker opens only as the marker: an outcome is always bound to its key.
        if (parts[0] === PENDING && v?.s !== 'pending') throw tampered();
        return v;
      } catch {
        throw tampered();
      }
    },
  };
}
