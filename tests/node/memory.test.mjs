// 内存：1,000,000 次混合操作后 WASM 线性内存与 JS 堆保持平稳；free() 后轮密钥在 WASM 内存中已清零。
// Memory: 1,000,000 mixed operations (key objects created and dropped with and without free(),
// `using`-style disposal, one-off helpers, exchanges parsed) leave WASM linear memory and the JS
// heap flat; FinalizationRegistry reclaims forgotten objects; round keys are zeroized on free().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as tick } from 'node:timers/promises';
import { SEED_KEY, osslEncrypt } from './_pkg.mjs';
import { roundKeys } from './_sm4-schedule.mjs';
// The test build (build/testing/, never published): the package's API plus the linear memory of
// the very instance these objects live in.
import * as m from '../../build/testing/index.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const settle = async () => {
  // FinalizationRegistry callbacks run from the event loop after a collection.
  for (let i = 0; i < 4; i++) {
    gc();
    await tick();
  }
};

const KEY = SEED_KEY;
const CONFIG = { env: 'test', appCode: 'HOSP001', appKey: KEY, paasId: 'p', paasToken: 't' };
const enc = (t) => osslEncrypt(Buffer.from(KEY, 'hex'), t).toString('hex');
const BODY = JSON.stringify({
  errcode: 0, errmsg: 'ok',
  data: { userId: 'u1', certificateNo: enc('11010519491231002X'), phone: enc('13800138000'), name: '陈小明', gender: 1, nation: '01', channel: '1', certificateType: '01' },
});

test('1,000,000 mixed operations: WASM memory and JS heap stay flat', async () => {
  const ex = new m.YjtExchange(CONFIG);
  const wasmBytes = () => m.testing.memory().byteLength;
  const op = (i) => {
    switch (i % 8) {
      case 0: { const s = new m.Sm4(KEY); s.decrypt('791410f8740fede1ad58d8ebd8ba1b0d'); s.free(); break; }
      case 1: { const s = new m.Sm4(KEY); s.encrypt('13800138000'); break; } // forgotten: FinalizationRegistry
      case 2: { const s = new m.Sm4(KEY); s.encryptBytes(new Uint8Array(100)); s[Symbol.dispose](); break; }
      case 3: m.decryptEcb(KEY, '0a504c329ff631c16bd487b2fdc3489f'); break;
      case 4: case 5: ex.parseResponse({ status: 200, body: BODY }); break;
      case 6: ex.buildRequest('abc123'); break;
      default: try { ex.parseResponse({ status: 200, body: '{"errcode":1,"errmsg":"x"}' }); } catch { /* expected */ }
    }
  };
  for (let i = 0; i < 50_000; i++) op(i);
  await settle();
  const w0 = wasmBytes();
  const h0 = process.memoryUsage().heapUsed;
  let peakWasm = w0;
  const N = 1_000_000;
  for (let i = 0; i < N; i++) {
    op(i);
    if (i % 50_000 === 49_999) {
      await settle();
      peakWasm = Math.max(peakWasm, wasmBytes());
    }
  }
  await settle();
  const w1 = wasmBytes();
  const h1 = process.memoryUsage().heapUsed;
  console.log(`# wasm linear memory ${w0} → ${w1} bytes (peak ${peakWasm}); JS heap ${(h0 / 2 ** 20).toFixed(1)} → ${(h1 / 2 ** 20).toFixed(1)} MiB over ${N} ops`);
  // Linear memory never shrinks, so "flat" means it did not grow at all after warm-up.
  assert.equal(w1, w0, 'WASM linear memory grew');
  assert.ok(h1 - h0 < 8 * 2 ** 20, `JS heap grew by ${((h1 - h0) / 2 ** 20).toFixed(1)} MiB`);
  ex.free();
});

test('forgotten key objects are reclaimed by FinalizationRegistry (memory is reused, not grown)', async () => {
  // A synchronous burst of forgotten objects grows memory until the next collection; after
  // that, each further burst must fit in the memory the first one left behind.
  const burst = async () => {
    for (let i = 0; i < 100_000; i++) new m.Sm4(KEY); // never freed by hand
    await settle();
  };
  await burst();
  const afterFirst = m.testing.memory().byteLength;
  for (let round = 0; round < 4; round++) await burst();
  assert.equal(m.testing.memory().byteLength, afterFirst, 'forgotten Sm4 objects were not reclaimed');
});

test('free() zeroizes the round keys in WASM memory', () => {
  const key = 'F1E2D3C4B5A6978877665544332211FF';
  const rk = roundKeys(key);
  const needle = Buffer.alloc(128);
  rk.forEach((w, i) => needle.writeUInt32LE(w, 4 * i)); // wasm is little-endian
  const raw = m.testing.rawSm4(key);
  const ptr = raw.__wbg_ptr;
  const mem = () => Buffer.from(m.testing.memory().buffer);
  const window = () => mem().subarray(ptr, ptr + 512);
  const at = window().indexOf(needle);
  assert.ok(at >= 0, 'round keys not found next to the object pointer (independent key schedule disagrees?)');
  raw.free();
  const after = mem().subarray(ptr + at, ptr + at + 128);
  // The allocator may reuse the first words of a freed chunk for its own links; everything
  // else must be zero, and no round-key word may survive anywhere in it.
  const survivors = rk.filter((w, i) => after.readUInt32LE(4 * i) === w && w !== 0);
  assert.deepEqual(survivors, [], 'round-key words still in memory after free()');
  const nonZero = [...after].filter((b) => b !== 0).length;
  assert.ok(nonZero <= 16, `${nonZero} non-zero bytes where the round keys were`);
});
