/**
 * 日志脱敏的公共小工具：让对象在 util.inspect / Deno.inspect 中只显示脱敏后的形态。
 * Helpers that give objects a redacted form in Node's `util.inspect` and Deno's inspect.
 *
 * @module
 */

const NODE_INSPECT = Symbol.for('nodejs.util.inspect.custom');
const DENO_INSPECT = Symbol.for('Deno.customInspect');

/**
 * Define non-enumerable inspect hooks on `target` that show `view()` instead. `view` is called
 * with `this` = the inspected object, so a hook on a prototype serves every instance.
 */
export function defineInspect(target: object, view: (this: any) => unknown): void {
  const hook = function (this: unknown, _depth?: unknown, options?: unknown, inspect?: (v: unknown, o?: unknown) => string) {
    const v = view.call(this);
    return typeof inspect === 'function' ? inspect(v, options) : v;
  };
  const denoHook = function (this: unknown, inspect: (v: unknown, o?: unknown) => string, options: unknown) {
    return inspect(view.call(this), options);
  };
  Object.defineProperty(target, NODE_INSPECT, { value: hook, enumerable: false, configurable: true });
  Object.defineProperty(target, DENO_INSPECT, { value: denoHook, enumerable: false, configurable: true });
}
