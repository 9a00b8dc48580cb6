/**
 * 长寿对象的共同行为：释放、`using`、`toJSON`、`toString`、脱敏的 inspect 视图。
 * The one behaviour every long-lived object shares (Sm4, YjtExchange, YjtClient, GatewayClient):
 * `free()` (idempotent), `Symbol.dispose`, a freed object refusing use with INVALID_INPUT, an
 * object from before a WASM trap refusing use with INTERNAL (or, for a client, rebuilding its
 * core object from its sealed config: see `revive`), and `toJSON` / `toString` / inspect showing
 * only a public view.
 *
 * @module
 */
import * as core from './core.js';
import { YjtError } from './errors.js';
import { live } from './call.js';
import { defineInspect } from './redact.js';

/** What a handle owns: a core object, or another handle. */
interface Owned {
  free(): void;
}

/** Makes a fresh owned object after a trap (a client's, from its sealed config: revive.ts). */
export type Rebuild<T> = () => Promise<T>;

/**
 * 长寿对象的基类 / the base class of long-lived objects.
 *
 * The inspect view is built by `view()` on demand from public fields only, so the hook keeps
 * no reference to a config or a secret.
 */
export abstract class Handle<T extends Owned> {
  #inner: T | undefined;
  #rebuild: Rebuild<T> | undefined;
  #rebuilding: Promise<void> | undefined;

  /** `rebuild`: how a client makes its owned object again after a trap (none: create anew). */
  protected constructor(inner: T, rebuild?: Rebuild<T>) {
    this.#inner = inner;
    this.#rebuild = rebuild;
    defineInspect(this, function (this: Handle<T>) {
      return this.inspectView();
    });
  }

  /** The public view: what toJSON and toString show. */
  protected abstract view(): Record<string, unknown>;

  /** What util.inspect / Deno.inspect show: the view, and that secrets are held but hidden. */
  protected inspectView(): Record<string, unknown> {
    return { ...this.view(), secrets: '[REDACTED]' };
  }

  /** Whether free() ran. */
  protected get freed(): boolean {
    return this.#inner === undefined;
  }

  /** Whether the owned object died with a trapped instance (a handle's: with its own). */
  protected get stale(): boolean {
    const c = this.#inner;
    if (c instanceof Handle) return c.stale;
    return c !== undefined && core.isTracked(c) && !core.isLive(c);
  }

  /**
   * After a trap, replaces the owned object with a rebuilt one (once; concurrent callers share
   * it). Nothing to do when it is live, freed, or cannot be rebuilt (`inner` then says why).
   */
  protected revive(): Promise<void> {
    const rebuild = this.#rebuild;
    if (!this.stale || rebuild === undefined) return Promise.resolve();
    this.#rebuilding ??= rebuild()
      .then((fresh) => {
        const old = this.#inner;
        if (old === undefined) fresh.free(); // freed meanwhile
        else {
          this.#inner = fresh;
          if (old instanceof Handle) old.free(); // releases nothing of the new instance
        }
      })
      .finally(() => {
        this.#rebuilding = undefined;
      });
    return this.#rebuilding;
  }

  /** The owned object; INVALID_INPUT once freed, INTERNAL when it died with a trapped instance. */
  protected get inner(): T {
    const c = this.#inner;
    if (c === undefined) {
      throw new YjtError('INVALID_INPUT', `${this.constructor.name} 对象已释放 (this ${this.constructor.name} was freed)`);
    }
    return core.isTracked(c) ? live(c) : c;
  }

  /** 释放 WASM 内存并清零（可重复调用）/ releases and zeroizes the WASM memory (idempotent). */
  free(): void {
    const c = this.#inner;
    this.#inner = undefined;
    this.#rebuild = undefined;
    if (c !== undefined) {
      if (core.isTracked(c)) core.release(c);
      else c.free();
    }
  }

  /** `using` 语句离开作用域时释放 / frees at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.free();
  }

  /** 只含公开信息 / the public view only. */
  toJSON(): Record<string, unknown> {
    return this.view();
  }

  /** 只含公开信息 / the public view only. */
  toString(): string {
    const fields = Object.entries(this.view()).map(([k, v]) => `${k}: ${String(v)}`);
    return `${this.constructor.name} { ${fields.join(', ')} }`;
  }
}
