/**
 * Test build only (build/testing/, never in pkg/ or the tarball): the whole public API plus
 * handles on the very instance its objects live in.
 *
 * @module
 */
import * as core from './core.js';
import { coreExports, track, Sm4 as CoreSm4 } from './core.js';
import { call } from './call.js';

export * from './index.js';

/** 仅供测试 / tests only. */
export const testing = {
  /** The current instance's raw exports. */
  exports: (): WebAssembly.Exports => coreExports(),
  /** The current instance's linear memory. */
  memory: (): Uint8Array => new Uint8Array(coreExports().memory.buffer),
  /**
   * A real trap (`memory access out of bounds`) through the same error path as every call: a
   * wasm-bindgen `free` export handed a pointer past the end of linear memory.
   */
  trap: (): void => {
    call(trapNow);
  },
  /**
   * Makes the next call of a core class's method (`Sm4.decrypt`, `Exchange.parseResponse`,
   * `Api.classify` …) trap for real, inside that method's own call path; later calls run normally.
   */
  trapInside: (cls: 'Sm4' | 'Exchange' | 'Api', method: string): void => {
    const proto = core[cls].prototype as unknown as Record<string, unknown>;
    const original = proto[method];
    if (typeof original !== 'function') throw new Error(`no method ${cls}.${method}`);
    proto[method] = function () {
      proto[method] = original;
      trapNow();
    };
  },
  /** A raw core key object, whose pointer lets a test read its round keys before and after free(). */
  rawSm4: (key: string): { readonly __wbg_ptr: number; free(): void } =>
    track(call(() => new CoreSm4(key))) as unknown as { readonly __wbg_ptr: number; free(): void },
};

/** A real trap: a wasm-bindgen `free` export handed a pointer past the end of linear memory. */
function trapNow(): void {
  const ex = coreExports() as Record<string, unknown>;
  const free = Object.keys(ex).find((n) => n.startsWith('__wbg_') && n.endsWith('_free') && typeof ex[n] === 'function');
  if (free === undefined) throw new Error('no __wbg_*_free export to trap with');
  (ex[free] as (ptr: number, allowDelayed: number) => void)(0xfffffff0, 0);
}
