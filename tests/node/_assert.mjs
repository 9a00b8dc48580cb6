// Assertion helpers shared by the node suites.
import assert from 'node:assert/strict';
import util from 'node:util';
import { SECRET_STRINGS } from './_pkg.mjs';

/**
 * Asserts `fn()` throws a YjtError (checked with `m.YjtError`) with `code`; returns the error.
 * A TypeError / RangeError / plain Error fails the assertion.
 */
export function throwsYjt(m, fn, code, extra = {}, context = '') {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `expected a YjtError ${code}, nothing was thrown ${context}`);
  checkYjt(m, err, code, extra, context);
  return err;
}

/** Same for a promise; returns the error. */
export async function rejectsYjt(m, promise, code, extra = {}, context = '') {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `expected a YjtError ${code}, the promise resolved ${context}`);
  checkYjt(m, err, code, extra, context);
  return err;
}

function checkYjt(m, err, code, extra, context) {
  assert.ok(err instanceof m.YjtError, `expected a YjtError ${code}, got ${err?.name}: ${err?.message} ${context}`);
  assert.ok(err instanceof Error, 'a YjtError is an Error');
  assert.equal(err.name, 'YjtError');
  assert.equal(err.code, code, `code (message: ${err.message}) ${context}`);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  assert.equal(typeof err.retryable, 'boolean');
  for (const [k, v] of Object.entries(extra)) assert.deepEqual(err[k], v, `err.${k} ${context}`);
}

/** Every textual view of a value, errors including their whole `cause` chain. */
export function renderings(value) {
  const out = [];
  const seen = new Set();
  const add = (v) => {
    if (v === null || v === undefined || seen.has(v)) return;
    if (typeof v === 'object' || typeof v === 'function') seen.add(v);
    out.push(String(v));
    out.push(util.inspect(v, { depth: 10 }));
    out.push(util.inspect(v, { depth: 10, showHidden: true }));
    try {
      out.push(JSON.stringify(v) ?? '');
    } catch {
      /* circular: nothing to print */
    }
    if (v instanceof Error) {
      out.push(v.message, v.stack ?? '');
      add(v.cause);
    }
  };
  add(value);
  return out;
}

/** Asserts no rendering of any of `values` contains a secret or unmasked PII. */
export function assertNoSecrets(values, secrets = SECRET_STRINGS) {
  for (const v of values) {
    for (const text of renderings(v)) {
      for (const s of secrets) {
        assert.ok(!text.includes(s), `leaked ${JSON.stringify(s.slice(0, 3) + '…')} in: ${text.slice(0, 300)}`);
      }
    }
  }
}
