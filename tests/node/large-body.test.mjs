// 最大响应体之后的 WASM 内存上界：maxBodyBytes 的上限是 64 MiB；WASM 线性内存只增不减，
// 所以一次最大响应体之后内存停在多少，就是进程余下生命周期的占用。
// The WASM memory bound after the largest allowed body. Linear memory never shrinks, so what
// one 64 MiB body (the maxBodyBytes maximum) leaves is what the process keeps. Bound: 72 MiB
// (≈ body + 2 MiB, ASCII or not: the body crosses into the core as bytes, copied once, never
// re-encoded). Runs in its own process (node --test), on a fresh instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as m from '../../build/testing/index.mjs';

const KEY = '5C2E9A17B3D40F68E1A7C93B2D58F046';
const MAX = 64 * 2 ** 20;
const BOUND = 72 * 2 ** 20;
const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;

test('64 MiB bodies of every kind leave WASM memory under 72 MiB, with short typed errors', () => {
  const ex = new m.YjtExchange({ env: 'test', appCode: 'H', appKey: KEY, paasId: 'p', paasToken: 'tok-large-body', maxBodyBytes: MAX });
  const enc = m.encryptEcb(KEY, '44030519880214651X');
  const start = m.testing.memory().byteLength;
  const cases = [
    ['errmsg of one 64 MiB word', 200, () => JSON.stringify({ errcode: 1, errmsg: 'x'.repeat(MAX - 40) }), 'GATEWAY_FAILURE'],
    ['errmsg of spaced digits', 200, () => JSON.stringify({ errcode: 3, errmsg: '1 '.repeat((MAX - 40) / 2) }), 'GATEWAY_SIGNATURE'],
    ['Chinese errmsg', 200, () => JSON.stringify({ errcode: 2, errmsg: '错'.repeat(Math.floor((MAX - 40) / 3)) }), 'GATEWAY_INVALID_PARAMS'],
    ['non-JSON text', 200, () => 'x'.repeat(MAX), 'BAD_RESPONSE'],
    ['non-JSON Chinese text', 200, () => '错'.repeat(Math.floor(MAX / 3)), 'BAD_RESPONSE'],
    ['HTTP 500 page', 500, () => 'x'.repeat(MAX), 'HTTP_STATUS'],
    ['JSON array', 200, () => '[' + '1,'.repeat(MAX / 2 - 2) + '1]', 'BAD_RESPONSE'],
  ];
  for (const [name, status, body, code] of cases) {
    const text = body();
    assert.ok(Buffer.byteLength(text) <= MAX, name);
    assert.throws(() => ex.parseResponse({ status, body: text }), (e) => {
      assert.equal(e.code, code, name);
      assert.ok(e.message.length < 300, `${name}: a ${e.message.length}-character message`);
      return true;
    });
  }
  // And a success whose data carries 64 MiB of unknown fields.
  const ok = JSON.stringify({ errcode: 0, data: { userId: 'u', certificateNo: enc, phone: enc, name: 'n', gender: 1, pad: 'y'.repeat(MAX - 300) } });
  assert.equal(ex.parseResponse({ status: 200, body: ok }).certificateNo, '44030519880214651X');
  ex.free();
  const end = m.testing.memory().byteLength;
  console.log(`# WASM linear memory ${mib(start)} → ${mib(end)} after ${cases.length + 1} bodies of up to 64 MiB`);
  assert.ok(end <= BOUND, `WASM memory ${mib(end)} after 64 MiB bodies (bound ${mib(BOUND)})`);
});
