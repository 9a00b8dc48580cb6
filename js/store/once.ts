/**
 * Exactly-once across processes: the first instance to claim a key (set only-if-absent, with a
 * lease longer than the request can take) runs the work and publishes its outcome; every other
 * instance waits for that outcome and returns it. A dead claimant's lease expires and the next
 * waiter claims. A retryable failure is not published (the claim is released instead). Every
 * store operation has its own time limit; a failing store is `STORE_UNAVAILABLE`, handled by the
 * configured policy (bypass: run without the store; fail: reject).
 */
import { YjtError, type YjtErrorCode } from '../errors.js';
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

export function storeUnavailable(cause?: unknown): YjtError {
  return new YjtError('STORE_UNAVAILABLE', '共享存储不可用或超时 (the shared store failed or timed out)', { retryable: true, cause });
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
 * time left of the request's budget; `decode` turns a published value back into the result.
 */
export async function once<T>(s: OnceSettings, parts: string, work: (budgetMs: number) => Promise<T>, decode: (v: unknown) => T): Promise<T> {
  const t0 = s.clock();
  const deadline = t0 + s.timeoutMs;
  const lease = leaseMs(s.timeoutMs);
  const opMs = opLimitMs(s.timeoutMs);
  const left = () => deadline - s.clock();
  const report = (role: StoreRole, error: YjtErrorCode | null) => s.report({ role, error, waitedMs: Math.max(0, s.clock() - t0) });

  const bypass = async (cause: unknown): Promise<T> => {
    report('bypass', 'STORE_UNAVAILABLE');
    if (s.failure === 'fail') throw storeUnavailable(cause);
    return work(Math.max(1, left()));
  };

  let sealer: Sealer;
  let key: string;
  try {
    sealer = await s.sealer;
    key = await sealer.keyFor(parts);
  } catch (e) {
    if (e instanceof YjtError && e.code === 'INTERNAL') throw e;
    return bypass(e);
  }
  // Waiting ends when the lease of the claim seen first has surely expired.
  const waitUntil = t0 + lease + opMs;
  let pause = 5;
  for (;;) {
    let won: boolean;
    try {
      const claim = await sealer.seal(key, { s: 'pending' });
      won = await bounded(() => s.store.set(key, claim, { ttlMs: lease, onlyIfAbsent: true }), Math.min(opMs, Math.max(1, left())));
    } catch (e) {
      if (e instanceof StoreDown) return bypass(e.cause);
      throw e;
    }
    if (won) return claimant(s, sealer, key, work, left, opMs, report);

    // Another instance holds the claim or has published: wait for the outcome.
    for (;;) {
      let text: string | null | undefined;
      try {
        text = await bounded(() => s.store.get(key), opMs);
      } catch (e) {
        if (e instanceof StoreDown) return bypass(e.cause);
        throw e;
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
      if (s.clock() > waitUntil) return bypass(new Error('claim never resolved'));
      await sleep(pause);
      pause = Math.min(100, Math.ceil(pause * 1.5));
    }
  }
}

async function claimant<T>(
  s: OnceSettings,
  sealer: Sealer,
  key: string,
  work: (budgetMs: number) => Promise<T>,
  left: () => number,
  opMs: number,
  report: (role: StoreRole, error: YjtErrorCode | null) => void,
): Promise<T> {
  let value: T;
  try {
    value = await work(Math.max(1, left()));
  } catch (e) {
    const err = e instanceof YjtError ? e : undefined;
    // A retryable failure is not the code's outcome: release the claim so a waiter can try.
    const publish = err && !err.retryable
      ? async () => s.store.set(key, await sealer.seal(key, { s: 'err', e: serialize(err) }), { ttlMs: s.ttlMs })
      : async () => { await s.store.delete(key); return true; };
    report('claimant', (await settle(publish, opMs, left)) ? null : 'STORE_UNAVAILABLE');
    throw e;
  }
  const published = await settle(async () => s.store.set(key, await sealer.seal(key, { s: 'ok', v: value }), { ttlMs: s.ttlMs }), opMs, left);
  report('claimant', published ? null : 'STORE_UNAVAILABLE');
  return value;
}

/**
 * Publishes within the request's remaining time (25 ms at least): the caller's result does not
 * wait on a slow store. false when it failed or is still running; a late write still lands.
 */
async function settle(publish: () => Promise<unknown>, opMs: number, left: () => number): Promise<boolean> {
  try {
    await bounded(publish, Math.min(opMs, Math.max(25, left())));
    return true;
  } catch {
    return false;
  }
}
