/**
 * The nonce window shared across instances: a verified nonce is claimed in the store
 * (only-if-absent) for as long as its timestamp could still pass the skew check, so a replay
 * sent to another instance is caught. Keys are keyed hashes (derived from the paasToken the
 * verifier already holds); the value is a fixed marker. A failing store fails the verification
 * (STORE_UNAVAILABLE): a replay must not slip through an outage.
 */
import { YjtError } from '../errors.js';
import type { YjtStore } from '../store.js';
import { storeUnavailable } from './once.js';
import { sealer, type Sealer } from './seal.js';
import { PRESETS } from '../generated.js';

// One sealer per token: HKDF + key import cost more than the check itself.
const sealers = new Map<string, Promise<Sealer>>();

function sealerFor(paasToken: string): Promise<Sealer> {
  let s = sealers.get(paasToken);
  if (!s) {
    if (sealers.size >= 16) sealers.clear();
    s = sealer(new TextEncoder().encode(`nonce\n${paasToken}`), 'yjt-sso:n:');
    sealers.set(paasToken, s);
  }
  return s;
}

/** Claims `nonce` for `windowMs`; NONCE_REPLAY when it was already claimed within the window. */
export async function claimNonce(store: YjtStore, paasToken: string, paasId: string, nonce: string, windowMs: number): Promise<void> {
  const s = await sealerFor(paasToken);
  const key = await s.keyFor(`${paasId}\n${nonce}`);
  let won: boolean;
  try {
    won = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('store timeout')), 1000);
      Promise.resolve()
        .then(() => store.set(key, '1', { ttlMs: windowMs, onlyIfAbsent: true }))
        .then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
    });
  } catch (e) {
    throw storeUnavailable(e);
  }
  if (!won) throw new YjtError('NONCE_REPLAY', 'nonce 在时间窗内已被使用（重放）(the nonce was already used within the window: a replay)', { field: 'x-tsp-nonce' });
}

/** How long a nonce stays claimed: as long as its timestamp could pass the skew check, plus 1 s. */
export function nonceWindowMs(o: { maxSkewSeconds?: number | undefined; maxPastSeconds?: number | undefined; maxFutureSeconds?: number | undefined }): number {
  const skew = o.maxSkewSeconds ?? PRESETS.maxSkewSeconds;
  return ((o.maxPastSeconds ?? skew) + (o.maxFutureSeconds ?? skew)) * 1000 + 1000;
}
