/**
 * The Rust core, compiled to WebAssembly and instantiated synchronously at import.
 *
 * The optimized .wasm ships once per package as base64 in `wasm.json`, shared by the ESM and CJS
 * entries: no fs read, no fetch, no `await init()`, so one build serves Node, Deno, Bun, bundlers
 * and edge runtimes.
 *
 * Trap recovery (one rule for every long-lived object): a trap leaves an instance unusable, so
 * `call()` (errors.ts) answers a `WebAssembly.RuntimeError` with `resetCore()`, which asks the
 * glue to instantiate the module anew (`wasm-bindgen --experimental-reset-state-function`).
 * Objects created before that hold pointers into the dead instance: `live()` refuses them and
 * `release()` never frees them into the new one. Nothing else is kept to rebuild them.
 *
 * Every other module in js/ reaches the wasm exports through this module, so that
 * initialization has run first.
 *
 * @module
 */
import { initSync, __wbg_reset_state, scrubStack, scrubStackField, scrubStackRequest, scrubStackResponse } from '../build/wasm/yjt_sso.js';
import wasmBase64 from '../build/wasm/wasm.json' with { type: 'json' };

/** Node and Bun decode base64 natively via Buffer (~0.1 ms); `atob` is the portable fallback. */
function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const U8 = Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> };
  if (typeof U8.fromBase64 === 'function') return U8.fromBase64(b64);
  const B = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array<ArrayBuffer> } }).Buffer;
  if (typeof B?.from === 'function') return B.from(b64, 'base64');
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

// Bun's `require` of a JSON file that the ESM entry already imported returns the JSON module's
// namespace (`{ default }`), and the CJS interop then hands us that object.
const b64: unknown = wasmBase64;
const wasmModule = new WebAssembly.Module(decodeBase64(typeof b64 === 'string' ? b64 : (b64 as { default: string }).default));
initSync({ module: wasmModule });

// Counts resets; an object is live while the generation it was created in is the current one.
let generation = 0;
const born = new WeakMap<object, number>();

/** Records that `o` belongs to the current instance. */
export function track<T extends object>(o: T): T {
  born.set(o, generation);
  return o;
}

/** Whether `o` is a core object (created with `track`). */
export function isTracked(o: object): boolean {
  return born.has(o);
}

/** Whether `o` (created with `track`) belongs to the current instance. */
export function isLive(o: object): boolean {
  return born.get(o) === generation;
}

/** Frees `o` unless it belongs to a replaced instance (the glue's `free()` does not check that). */
export function release(o: { free(): void } | undefined): void {
  if (o !== undefined && isLive(o)) {
    o.free();
    scrub();
  }
}

/**
 * How deep the stack scrub after a core call goes (src/wipe.rs): 16 KiB (`full`); 4 KiB after a
 * field-sized SM4 call; 2 KiB after building an exchange request; 5 KiB after parsing a response
 * shorter than `BULK_FIELD_BYTES`. The memory-scan tests fail if such a call writes deeper.
 */
export type Scrub = 'full' | 'field' | 'request' | 'response';

/** A response of fewer bytes cannot send a field down SM4's deeper bitsliced path (the core's rule). */
export { BULK_FIELD_BYTES } from './generated.js';

/**
 * Zeroes the shadow stack after a core call. Called from here, the top level, so the zeroed
 * window starts at the top of the stack and covers every frame the call used.
 */
export function scrub(depth: Scrub = 'full'): void {
  if (depth === 'field') scrubStackField();
  else if (depth === 'request') scrubStackRequest();
  else if (depth === 'response') scrubStackResponse();
  else scrubStack();
}

/**
 * The longest text an SM4 call treats as a field (fewer than 32 blocks, so no bitsliced batch)
 * and follows with the field scrub: 128 characters are at most 384 UTF-8 bytes, 24 blocks.
 */
export const FIELD_CHARS = 128;

/** Drops a trapped instance and instantiates the module again. */
export function resetCore(): void {
  // The trapped instance's memory held round keys, tokens, secrets and plaintexts: zero it before
  // it is dropped (a trap does not stop JavaScript from writing to it).
  try {
    new Uint8Array(coreExports().memory.buffer).fill(0);
  } catch {
    // Nothing to wipe if the exports cannot be reached; the reset still happens.
  }
  __wbg_reset_state();
  generation++;
}

/** The current instance's exports (tests only: build/testing). */
export function coreExports(): WebAssembly.Exports & { memory: WebAssembly.Memory } {
  // Once initialized, initSync returns the glue's current instance exports.
  return initSync({ module: wasmModule }) as unknown as WebAssembly.Exports & { memory: WebAssembly.Memory };
}

export * from '../build/wasm/yjt_sso.js';
