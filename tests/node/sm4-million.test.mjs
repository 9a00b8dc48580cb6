// 与 OpenSSL 逐块比对：1,000,000 个随机分组（1,000 个随机密钥，多数各 1,120 个分组），加密与解密，ESM 入口。
// The constant-time WASM SM4 against OpenSSL (node:crypto `sm4-ecb`) over 1,000,000 random blocks:
// 1,000 random keys, most with 1,120 random blocks, so the bitsliced 128-block batches, the 8/4-lane
// paths and single blocks all meet OpenSSL's independent implementation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { esm as m } from './_pkg.mjs';

test('1,000,000 random blocks: encrypt and decrypt agree with OpenSSL', () => {
  let blocks = 0;
  for (let k = 0; k < 1000; k++) {
    const key = randomBytes(16);
    // Vary the length around the batch sizes: 1..1000 blocks, averaging ~1000 per key.
    const n = k % 10 === 0 ? 1 + (k % 7) : 1120;
    const data = randomBytes(16 * n);
    const c = createCipheriv('sm4-ecb', key, null);
    c.setAutoPadding(false);
    const want = Buffer.concat([c.update(data), c.final()]);
    const sm4 = new m.Sm4(new Uint8Array(key));
    // Ours pads (PKCS#7): the first n blocks are the raw-block encryption.
    const got = Buffer.from(sm4.encryptBytes(data)).subarray(0, 16 * n);
    if (!got.equals(want)) assert.fail(`key ${key.toString('hex')}: encryption differs from OpenSSL`);
    const padded = Buffer.from(sm4.encryptBytes(data));
    const d = createDecipheriv('sm4-ecb', key, null);
    const back = Buffer.concat([d.update(padded), d.final()]);
    if (!back.equals(data)) assert.fail(`key ${key.toString('hex')}: OpenSSL cannot decrypt ours`);
    if (!Buffer.from(sm4.decryptBytes(padded)).equals(data)) assert.fail('our decryption differs');
    sm4.free();
    blocks += n;
  }
  assert.ok(blocks >= 1_000_000, `${blocks} blocks`);
  console.log(`# ${blocks} blocks checked against OpenSSL`);
});
