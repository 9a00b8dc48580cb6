/**
 * SM4-ECB-PKCS#7，兼容 Java `Sm4Utils`（密钥 32 位十六进制，明文 UTF-8，密文小写十六进制）。
 * SM4-ECB with PKCS#7, compatible with the Java `Sm4Utils` of the 粤健通 interface document.
 *
 * @module
 */
import * as core from './core.js';
import { FIELD_CHARS } from './core.js';
import { YjtError } from './errors.js';
import { call, needString } from './call.js';
import { Handle } from './handle.js';

import type { CipherEncoding } from './generated.js';
export type { CipherEncoding };

/** The core checks the name; only the type is checked here (the glue would coerce). */
function encodingName(encoding: unknown): string {
  return needString(encoding, 'encoding');
}

function keyArg(key: unknown): string | Uint8Array {
  if (typeof key === 'string' || key instanceof Uint8Array) return key;
  throw new YjtError('INVALID_KEY', 'SM4 密钥须为字符串或 Uint8Array (SM4 key must be a string or a Uint8Array)');
}

/**
 * 可复用的 SM4 密钥对象：密钥扩展只做一次；`free()` 或 `using` 立即清零释放，遗忘时由 FinalizationRegistry 回收。
 * A reusable SM4 key: the key schedule runs once. `free()` (or `using`) zeroizes and releases it
 * at once; a forgotten object is released by the glue's FinalizationRegistry.
 *
 * @example
 * ```ts
 * const sm4 = new Sm4('A7E2D00B4058086CBD3D4B8A5E0B2697');
 * sm4.encrypt('小明');                               // '0a504c329ff631c16bd487b2fdc3489f'
 * sm4.decrypt('0a504c329ff631c16bd487b2fdc3489f');   // '小明'
 * sm4.free();
 * ```
 */
export class Sm4 extends Handle<core.Sm4> {
  /** @param key 32 位十六进制、16 个字符或 16 字节 / 32 hex chars, 16 characters or 16 bytes. */
  constructor(key: string | Uint8Array) {
    const k = keyArg(key);
    super(core.track(call(() => (typeof k === 'string' ? new core.Sm4(k) : core.Sm4.fromBytes(k)))));
  }

  protected view(): { key: '[REDACTED]' } {
    return { key: '[REDACTED]' };
  }

  protected override inspectView(): Record<string, unknown> {
    return { key: '[REDACTED]', freed: this.freed };
  }

  /**
   * 加密 UTF-8 文本或字节，输出 hex（默认）/ HEX / base64。
   * Encrypts text (UTF-8) or bytes; returns hex (default), HEX or base64.
   *
   * @example
   * ```ts
   * sm4.encrypt('13800138000');          // '791410f8740fede1ad58d8ebd8ba1b0d'
   * sm4.encrypt('13800138000', 'base64');
   * ```
   */
  encrypt(plaintext: string | Uint8Array, encoding: CipherEncoding = 'hex'): string {
    const c = this.inner;
    const e = encodingName(encoding);
    if (typeof plaintext === 'string') return call(() => c.encrypt(plaintext, e), plaintext.length <= FIELD_CHARS ? 'field' : 'full', true);
    if (plaintext instanceof Uint8Array) return call(() => c.encryptBytesEncoded(plaintext, e), 'full', true);
    throw new YjtError('INVALID_INPUT', '明文须为字符串或 Uint8Array (plaintext must be a string or a Uint8Array)');
  }

  /**
   * 解密为 UTF-8 文本；hex 大小写均可，首尾空白忽略；填充或 UTF-8 不合法即抛 DECRYPT_FAILED。
   * Decrypts to UTF-8 text. Hex in either case; surrounding whitespace ignored; bad padding or
   * UTF-8 throws `DECRYPT_FAILED`.
   *
   * @example
   * ```ts
   * sm4.decrypt('791410F8740FEDE1AD58D8EBD8BA1B0D'); // '13800138000'
   * ```
   */
  decrypt(ciphertext: string, encoding: CipherEncoding = 'hex'): string {
    const c = this.inner;
    const e = encodingName(encoding);
    const ct = needString(ciphertext, 'ciphertext');
    return call(() => c.decrypt(ct, e), ct.length <= FIELD_CHARS ? 'field' : 'full', true);
  }

  /**
   * 加密字节（PKCS#7）/ encrypts bytes with PKCS#7 padding.
   *
   * @example
   * ```ts
   * const ct = sm4.encryptBytes(new TextEncoder().encode('hello')); // 16 bytes
   * ```
   */
  encryptBytes(data: Uint8Array): Uint8Array {
    const c = this.inner;
    if (!(data instanceof Uint8Array)) throw new YjtError('INVALID_INPUT', 'data 须为 Uint8Array (data must be a Uint8Array)');
    return call(() => c.encryptBytes(data), 'full', true);
  }

  /**
   * 解密字节并校验填充 / decrypts bytes, checking the padding.
   *
   * @example
   * ```ts
   * sm4.decryptBytes(sm4.encryptBytes(bytes)); // bytes
   * ```
   */
  decryptBytes(data: Uint8Array): Uint8Array {
    const c = this.inner;
    if (!(data instanceof Uint8Array)) throw new YjtError('INVALID_INPUT', 'data 须为 Uint8Array (data must be a Uint8Array)');
    return call(() => c.decryptBytes(data), 'full', true);
  }

  /**
   * 密文是否由该明文加密而来（常量时间比较；密文格式不对返回 false）。
   * Whether `ciphertext` decrypts to `plaintext` (constant-time; malformed ciphertext → false).
   *
   * @example
   * ```ts
   * sm4.verify('0a504c329ff631c16bd487b2fdc3489f', '小明'); // true
   * ```
   */
  verify(ciphertext: string, plaintext: string, encoding: CipherEncoding = 'hex'): boolean {
    const c = this.inner;
    const e = encodingName(encoding);
    const [ct, pt] = [needString(ciphertext, 'ciphertext'), needString(plaintext, 'plaintext')];
    return call(() => c.verify(ct, pt, e), ct.length <= FIELD_CHARS && pt.length <= FIELD_CHARS ? 'field' : 'full', true);
  }

  /**
   * 立即清零并释放 WASM 内存（可重复调用）/ zeroizes and releases the WASM memory now (idempotent).
   *
   * @example
   * ```ts
   * { using sm4 = new Sm4(key); sm4.decrypt(ct); } // 离开作用域自动释放 / freed at scope exit
   * ```
   */
  override free(): void {
    super.free();
  }
}

/**
 * Java `Sm4Utils.encryptEcb(key, plaintext)`：返回小写十六进制。
 * Java-compatible: lowercase-hex ciphertext.
 *
 * @example
 * ```ts
 * encryptEcb('A7E2D00B4058086CBD3D4B8A5E0B2697', '小明'); // '0a504c329ff631c16bd487b2fdc3489f'
 * ```
 */
export function encryptEcb(keyHex: string, plaintext: string): string {
  return call(() => core.encryptEcb(needString(keyHex, 'key'), needString(plaintext, 'plaintext')));
}

/**
 * Java `Sm4Utils.decryptEcb(key, cipherHex)`。
 * Java-compatible decrypt of hex ciphertext (either case).
 *
 * @example
 * ```ts
 * decryptEcb('A7E2D00B4058086CBD3D4B8A5E0B2697', '0a504c329ff631c16bd487b2fdc3489f'); // '小明'
 * ```
 */
export function decryptEcb(keyHex: string, cipherHex: string): string {
  return call(() => core.decryptEcb(needString(keyHex, 'key'), needString(cipherHex, 'ciphertext')));
}

/**
 * Java `Sm4Utils.verifyEcb(key, cipherHex, plaintext)`。
 * Java-compatible verify; a bad key throws, bad ciphertext is `false`.
 *
 * @example
 * ```ts
 * verifyEcb('A7E2D00B4058086CBD3D4B8A5E0B2697', '0a504c329ff631c16bd487b2fdc3489f', '小明'); // true
 * ```
 */
export function verifyEcb(keyHex: string, cipherHex: string, plaintext: string): boolean {
  return call(() =>
    core.verifyEcb(needString(keyHex, 'key'), needString(cipherHex, 'ciphertext'), needString(plaintext, 'plaintext')),
  );
}
