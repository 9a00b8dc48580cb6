/**
 * Exactly-once across processes: the first instance to claim a key (set only-if-absent, with a
 * lease longer than the request can take) runs the work and publishes its outcome; every other
 * instance waits for that outcome and returns it. A dead claimant's lease expires and the next
 * waiter claims. A retryable failure is not published (the claim is released instead). Every
 * store operation has its own time limit; a failing store is `STORE_UNAVAILABLE`, handled by the
 * configured policy (bypass: run without the store; fail: reject).
 */
import { YjtError, type YjtErrorCode } from '../errors.js';
import { sanitized } from '../transport.js';
import type { YjtStore } from '../store.js';
import type { Sealer } from './seal.js';

export type StoreRole = 'claimant' | 'waiter' | 'bypass';

/** How one exchange used the store: its role, and the store's error if there was one. */
export interface StoreReport {
  role: StoreRole;
  error: YjtErrorCode | null;
  waitedMs: number;
}

export interface OnceSettings {
  store: YjtStore;
  sealer: Promise<Sealer>;
  /** Lifetime of a published outcome, ms. */
  ttlMs: number;
  /** The request's whole budget, ms (the lease is longer). */
  timeoutMs: number;
  failure: 'bypass' | 'fail';
  report: (r: StoreReport) => void;
  /** Monotonic clock, ms. */
  clock: () => number;
}

/** What the store holds for a key: a claim in progress, or the outcome. */
type Entry = { s: 'pending' } | { s: 'ok'; v: unknown } | { s: 'err'; e: SerializedError };
interface SerializedError {
  code: YjtErrorCode;
  message: string;
  errcode?: number;
  status?: number;
  field?: string;
}

/** A store failure, kept apart from the work's own errors. */
class StoreDown {
  constructor(readonly cause: unknown) {}
}

/** The store's own error stays out (a client's message may quote its URL, with a password): only its name and errno. */
export function storeUnavailable(cause?: unknown): YjtError {
  return new YjtError('STORE_UNAVAILABLE', '共享存储不可用或超时 (the shared store failed or timed out)', { retryable: true, cause: sanitized(cause) });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Lease of a claim: the request's budget plus room for the store round trips. */
export function leaseMs(timeoutMs: number): number {
  return timeoutMs + Math.min(5000, Math.max(1000, timeoutMs));
}

/** The time limit of one store operation. */
export function opLimitMs(timeoutMs: number): number {
  return Math.min(1000, Math.max(50, Math.floor(timeoutMs / 5)));
}

/** `p`, or StoreDown once it fails or `ms` pass. */
function bounded<T>(p: () => Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreDown(new Error('store timeout'))), Math.max(1, ms));
    let run: Promise<T>;
    try {
      run = Promise.resolve(p());
    } catch (e) {
      run = Promise.reject(e);
    }
    run.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e instanceof YjtError && e.code === 'STORE_TAMPERED' ? e : new StoreDown(e)); },
    );
  });
}

function serialize(e: YjtError): SerializedError {
  const out: SerializedError = { code: e.code, message: e.message };
  if (e.errcode !== undefined) out.errcode = e.errcode;
  if (e.status !== undefined) out.status = e.status;
  if (e.field !== undefined) out.field = e.field;
  return out;
}

function revive(e: SerializedError): YjtError {
  return new YjtError(e.code, e.message, { errcode: e.errcode, status: e.status, field: e.field, retryable: false });
}

function entry(v: unknown): Entry {
  const o = v as Entry | null;
  if (o && typeof o === 'object' && (o.s === 'pending' || o.s === 'ok' || (o.s === 'err' && typeof o.e?.code === 'string'))) return o;
  throw new YjtError('STORE_TAMPERED', '共享存储中的值格式不对，已拒绝 (a value in the shared store has the wrong shape; refused)');
}

/**
 * Runs `work` once for `parts` across every instance sharing the store. `work(budgetMs)` gets the
 * time its request may take; `decode` turns a published value back into the result.
 */
export async function once<T>(s: OnceSettings, parts: string, work: (budgetMs: number) => Promise<T>, decode: (v: unknown) => T): Promise<T> {
  const t0 = s.clock();
  const lease = leaseMs(s.timeoutMs);
  const opMs = opLimitMs(s.timeoutMs);
  // The first attempt's budget counts from the call (a slow store never stretches the request);
  // an instance that claims after waiting out another's lease starts a request of its own.
  let deadline = t0 + s.timeoutMs;
  const left = () => Math.max(1, deadline - s.clock());
  const report = (role: StoreRole, error: YjtErrorCode | null) => s.report({ role, error, waitedMs: Math.max(0, s.clock() - t0) });

  let sealer: Sealer;
  let key: string;
  try {
    sealer = await s.sealer;
    key = await sealer.keyFor(parts);
  } catch (e) {
    if (e instanceof YjtError && e.code === 'INTERNAL') throw e;
    report('bypass', 'STORE_UNAVAILABLE');
    if (s.failure === 'fail') throw storeUnavailable(e);
    return work(left());
  }
  let pause = 5;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) deadline = s.clock() + s.timeoutMs;
    const claimed = claim(s, sealer, key, lease);
    let won: boolean;
    try {
      won = await bounded(() => claimed, Math.min(opMs, left()));
    } catch (e) {
      if (!(e instanceof StoreDown)) throw e;
      report('bypass', 'STORE_UNAVAILABLE');
      if (s.failure === 'fail') {
        claimed.then(async (w) => { if (w) await s.store.delete(key); }).catch(() => {});
        throw storeUnavailable(e.cause);
      }
      // A claim that lands late is ours: what this bypass finds is published there (or the claim
      // released), so no orphaned claim holds other instances until its lease ends.
      const run = work(left());
      run.then(
        (v) => claimed.then((w) => w && publish(s, sealer, key, { s: 'ok', v })),
        (err: unknown) => claimed.then((w) => w && settleFailure(s, sealer, key, err)),
      ).catch(() => {});
      return run;
    }
    if (won) return claimant(s, sealer, key, work, left, report);

    // Another instance holds the claim or has published: wait for the outcome, at most until the
    // lease of that claim has surely ended.
    const waitUntil = s.clock() + lease + opMs;
    for (;;) {
      let text: string | null | undefined;
      try {
        text = await bounded(() => s.store.get(key), opMs);
      } catch (e) {
        if (!(e instanceof StoreDown)) throw e;
        report('bypass', 'STORE_UNAVAILABLE');
        if (s.failure === 'fail') throw storeUnavailable(e.cause);
        deadline = s.clock() + s.timeoutMs;
        return work(left());
      }
      if (text === null || text === undefined) break; // released or expired: claim again
      const got = entry(await sealer.open(key, text));
      if (got.s === 'ok') {
        report('waiter', null);
        return decode(got.v);
      }
      if (got.s === 'err') {
        report('waiter', null);
        throw revive(got.e);
      }
      if (s.clock() > waitUntil) break; // a store that ignores TTLs: claim (or find) again
      await sleep(pause);
      pause = Math.min(100, Math.ceil(pause * 1.5));
    }
  }
}

/** Writes the claim (only if absent) for `lease` ms; whether this instance won it. */
async function claim(s: OnceSettings, sealer: Sealer, key: string, lease: number): Promise<boolean> {
  return s.store.set(key, await sealer.pending(), { ttlMs: lease, onlyIfAbsent: true });
}

/** Publishes an outcome for the waiters; true when it was written. */
async function publish(s: OnceSettings, sealer: Sealer, key: string, e: Entry): Promise<boolean> {
  return s.store.set(key, await sealer.seal(key, e), { ttlMs: s.ttlMs });
}

/** A non-retryable failure is the code's outcome; a retryable one releases the claim instead. */
async function settleFailure(s: OnceSettings, sealer: Sealer, key: string, err: unknown): Promise<unknown> {
  const y = err instanceof YjtError ? err : undefined;
  if (y && !y.retryable) return publish(s, sealer, key, { s: 'err', e: serialize(y) });
  return s.store.delete(key);
}

/**
 * The claimant calls the gateway and returns at once; the outcome is written for the waiters
 * after (the caller never waits on the store), and the store event follows when it is written.
 */
async function claimant<T>(
  s: OnceSettings,
  sealer: Sealer,
  key: string,
  work: (budgetMs: number) => Promise<T>,
  left: () => number,
  report: (role: StoreRole, error: YjtErrorCode | null) => void,
): Promise<T> {
  const opMs = opLimitMs(s.timeoutMs);
  const written = (p: Promise<unknown>) =>
    bounded(() => p, opMs).then(
      () => report('claimant', null),
      () => report('claimant', 'STORE_UNAVAILABLE'),
    );
  let value: T;
  try {
    value = await work(left());
  } catch (e) {
    void written(settleFailure(s, sealer, key, e));
    throw e;
  }
  void written(publish(s, sealer, key, { s: 'ok', v: value }));
  return value;
}
