/**
 * What a client keeps to rebuild its core object after a WASM trap: its config as JSON, sealed
 * (AES-256-GCM) under a non-extractable Web Crypto key made for that client. The key's bytes live
 * outside the JavaScript heap, so a heap snapshot or dump holds only ciphertext; the plaintext
 * exists only while the config is sealed (at construction) and opened (after a trap).
 *
 * @module
 */
import { YjtError } from './errors.js';

interface Box {
  key: CryptoKey;
  iv: Uint8Array<ArrayBuffer>;
  ct: ArrayBuffer;
}

/** A sealed config: `open()` resolves to the JSON it was made from. */
export interface SealedConfig {
  open(): Promise<string>;
}

/** Seals `json` now (the sealing finishes in the background; `open` waits for it). */
export function sealConfig(json: string): SealedConfig {
  const plain = new TextEncoder().encode(json);
  const subtle = globalThis.crypto.subtle;
  const box: Promise<Box> = (async () => {
    try {
      const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      return { key, iv, ct: await subtle.encrypt({ name: 'AES-GCM', iv }, key, plain) };
    } finally {
      plain.fill(0);
    }
  })();
  box.catch(() => {}); // surfaces on open()
  return {
    async open() {
      let bytes: Uint8Array | undefined;
      try {
        const { key, iv, ct } = await box;
        bytes = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv }, key, ct));
        return new TextDecoder().decode(bytes);
      } catch (e) {
        throw new YjtError('INTERNAL', '故障后无法重建客户端，请重新创建 (the client could not rebuild itself after a fault; create it again)', { cause: e });
      } finally {
        bytes?.fill(0);
      }
    },
  };
}
