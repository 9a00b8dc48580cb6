// Trap 恢复：一次 trap 后，本次调用抛出可重试的 INTERNAL；新建对象与一次性函数立即可用；trap 之前创建的对象一律抛出 INTERNAL，提示重新创建。
// Trap recovery, with a real `memory access out of bounds` trap: the trapping call fails with a
// retryable INTERNAL; new objects and one-off functions work at once; every object created before
// the trap (Sm4, YjtExchange, YjtClient) throws a non-retryable INTERNAL telling the caller to
// create it again; freeing or forgetting old objects never touches the new instance.
// Uses the test build (build/testing/): the published entries have no test-only exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as tick } from 'node:timers/promises';
import * as t from '../../build/testing/index.mjs';
import { ENTRIES, SEED_KEY } from './_pkg.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const KEY = SEED_KEY;
const CONFIG = { env: 'test', appCode: 'HOSP001', appKey: KEY, paasId: 'p', paasToken: 't', appSecret: 's' };
const CT = '0a504c329ff631c16bd487b2fdc3489f'; // 小明

const trapped = (e) =>
  e instanceof t.YjtError && e.code === 'INTERNAL' && e.retryable === true &&
  e.cause instanceof WebAssembly.RuntimeError && /out of bounds/.test(e.cause.message);
const stale = (e) => e instanceof t.YjtError && e.code === 'INTERNAL' && e.retryable === false && /create this object again/.test(e.message);

function works() {
  assert.equal(t.encryptEcb(KEY, '小明'), CT);
  const sm4 = new t.Sm4(KEY);
  assert.equal(sm4.decrypt(CT), '小明');
  sm4.free();
  const ex = new t.YjtExchange(CONFIG);
  assert.match(ex.buildRequest('abc').url, /code=abc/);
  ex.free();
  assert.equal(t.NATIONS['01'], '汉族');
}

test('after a trap: new objects work, old objects throw INTERNAL, nothing crashes', async () => {
  works();
  const sm4 = new t.Sm4(KEY);
  const ex = new t.YjtExchange(CONFIG);
  const client = new t.YjtClient({ ...CONFIG, baseUrl: 'http://127.0.0.1:9/api' });
  const forgotten = Array.from({ length: 1000 }, () => new t.Sm4(KEY));
  assert.equal(sm4.decrypt(CT), '小明');

  const before = t.testing.memory();
  assert.ok(before.some((b) => b !== 0), 'the instance holds keys before the trap');
  assert.throws(() => t.testing.trap(), trapped);
  assert.ok(before.every((b) => b === 0), 'the trapped instance\'s memory is wiped before it is dropped');
  assert.notEqual(t.testing.memory().buffer, before.buffer, 'a new instance, a new memory');
  works();

  // The same rule for every long-lived object, on every call, not only the first.
  for (let i = 0; i < 2; i++) {
    assert.throws(() => sm4.decrypt(CT), stale);
    assert.throws(() => sm4.encryptBytes(new Uint8Array(3)), stale);
    assert.throws(() => ex.buildRequest('abc'), stale);
    assert.throws(() => ex.parseResponse({ status: 200, body: '{}' }), stale);
    assert.throws(() => client.buildRequest('abc'), stale);
    await assert.rejects(client.exchangeCode('abc'), stale);
  }

  // Old pointers are never freed into the new instance: neither by free() nor by the glue's
  // FinalizationRegistry. Fill the new instance, release the old objects, and check the new ones.
  const fresh = Array.from({ length: 200 }, () => new t.Sm4(KEY));
  sm4.free();
  sm4.free();
  ex.free();
  client.free();
  forgotten.length = 0;
  for (let i = 0; i < 4; i++) {
    gc();
    await tick();
  }
  for (const s of fresh) assert.equal(s.decrypt(CT), '小明');
  for (const s of fresh) s.free();
  works();

  // A second trap recovers the same way.
  const again = new t.Sm4(KEY);
  assert.throws(() => t.testing.trap(), trapped);
  assert.throws(() => again.decrypt(CT), stale);
  works();
});

test('the published entries carry no test-only exports', () => {
  for (const [name, m] of ENTRIES) {
    for (const k of Object.keys(m)) assert.doesNotMatch(k, /^_|testing|trap/i, `${name} exports ${k}`);
  }
});
