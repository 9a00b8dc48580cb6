// SM4-ECB-PKCS#7: published vectors, a differential test against OpenSSL (node:crypto), key
// forms, every error path, lifecycle and redaction — for the ESM and the CJS entry point.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import crypto from 'node:crypto';
import { ENTRIES, esm, cjs, SEED_KEY, osslEncrypt, osslDecrypt, osslEncryptRaw } from './_pkg.mjs';
import { throwsYjt } from './_assert.mjs';

const GB_KEY = '0123456789abcdeffedcba9876543210';
const SEED_VECTORS = [
  ['小明', '0a504c329ff631c16bd487b2fdc3489f'],
  ['', 'a6e32659fba0e9185851b7411d8e1f16'],
  ['13800138000', '791410f8740fede1ad58d8ebd8ba1b0d'],
];

// Deterministic PRNG (mulberry32) so a failure can be replayed: YJT_SEED=<n>.
const SEED = Number(process.env.YJT_SEED ?? crypto.randomInt(2 ** 31));
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const RANGES = [
  [0x20, 0x7e], // ASCII
  [0xa0, 0x24f], // Latin
  [0x4e00, 0x9fff], // CJK
  [0x3000, 0x30ff], // CJK punctuation, kana
  [0x1f300, 0x1faff], // emoji (astral: surrogate pairs)
  [0x20000, 0x2a6df], // CJK extension B (astral)
];
function randomBytes(rnd, n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}
function randomText(rnd) {
  const n = Math.floor(rnd() * 40);
  let s = '';
  for (let i = 0; i < n; i++) {
    const [lo, hi] = RANGES[Math.floor(rnd() * RANGES.length)];
    s += String.fromCodePoint(lo + Math.floor(rnd() * (hi - lo + 1)));
  }
  return s;
}
const hex = (b) => Buffer.from(b).toString('hex');

for (const [entry, m] of ENTRIES) {
  describe(`SM4 (${entry})`, () => {
    test('GB/T 32907 single-block vector', () => {
      const sm4 = new m.Sm4(GB_KEY);
      const ct = sm4.encryptBytes(Buffer.from(GB_KEY, 'hex'));
      assert.ok(ct instanceof Uint8Array);
      assert.equal(ct.length, 32, 'one block of data + one block of PKCS#7 padding');
      assert.equal(hex(ct.subarray(0, 16)), '681edf34d206965e86b3e94f536e4246');
      assert.equal(hex(sm4.decryptBytes(ct)), GB_KEY);
      sm4.free();
    });

    test('seed vectors (Java Sm4Utils): Sm4 and encryptEcb / decryptEcb / verifyEcb', () => {
      const sm4 = new m.Sm4(SEED_KEY);
      for (const [plain, ct] of SEED_VECTORS) {
        assert.equal(sm4.encrypt(plain), ct, plain);
        assert.equal(sm4.encrypt(plain, 'hex'), ct);
        assert.equal(sm4.encrypt(plain, 'HEX'), ct.toUpperCase());
        assert.equal(sm4.encrypt(plain, 'base64'), Buffer.from(ct, 'hex').toString('base64'));
        assert.equal(sm4.decrypt(ct), plain);
        assert.equal(sm4.decrypt(ct.toUpperCase()), plain, 'hex decrypt accepts either case');
        assert.equal(sm4.decrypt(Buffer.from(ct, 'hex').toString('base64'), 'base64'), plain);
        assert.equal(sm4.verify(ct, plain), true);
        assert.equal(sm4.verify(ct, plain + 'x'), false);
        assert.equal(m.encryptEcb(SEED_KEY, plain), ct);
        assert.equal(m.encryptEcb(SEED_KEY.toLowerCase(), plain), ct, 'key hex in either case');
        assert.equal(m.decryptEcb(SEED_KEY, ct), plain);
        assert.equal(m.decryptEcb(SEED_KEY, ct.toUpperCase()), plain);
        assert.equal(m.verifyEcb(SEED_KEY, ct, plain), true);
        assert.equal(m.verifyEcb(SEED_KEY, ct, '小红'), false);
      }
      assert.equal(sm4.verify('not hex', '小明'), false, 'malformed ciphertext is false, not a throw');
      assert.equal(m.verifyEcb(SEED_KEY, 'zz', '小明'), false);
      sm4.free();
    });

    test(`1,000 random (key, plaintext) pairs agree with OpenSSL sm4-ecb (YJT_SEED=${SEED})`, () => {
      const rnd = prng(SEED + (entry === 'cjs' ? 1 : 0));
      for (let i = 0; i < 1000; i++) {
        const keyBytes = randomBytes(rnd, 16);
        const keyForm = i % 3 === 0 ? keyBytes : i % 3 === 1 ? hex(keyBytes) : hex(keyBytes).toUpperCase();
        const ctx = `#${i} key=${hex(keyBytes)} seed=${SEED}`;
        const sm4 = new m.Sm4(keyForm);
        try {
          if (i % 2 === 0) {
            // random bytes, 0–100 long
            const data = randomBytes(rnd, Math.floor(rnd() * 101));
            const oracle = osslEncrypt(keyBytes, data);
            const ours = sm4.encryptBytes(data);
            assert.equal(hex(ours), hex(oracle), `encryptBytes ${ctx}`);
            assert.equal(hex(sm4.decryptBytes(oracle)), hex(data), `decryptBytes(OpenSSL ct) ${ctx}`);
            assert.equal(hex(osslDecrypt(keyBytes, ours)), hex(data), `OpenSSL decrypt(our ct) ${ctx}`);
            assert.equal(sm4.encrypt(data), hex(oracle), `encrypt(Uint8Array) ${ctx}`);
          } else {
            // random unicode text, incl. CJK and emoji
            const text = randomText(rnd);
            const oracle = osslEncrypt(keyBytes, Buffer.from(text, 'utf8'));
            assert.equal(sm4.encrypt(text), oracle.toString('hex'), `encrypt hex ${ctx}`);
            assert.equal(sm4.encrypt(text, 'HEX'), oracle.toString('hex').toUpperCase(), `encrypt HEX ${ctx}`);
            assert.equal(sm4.encrypt(text, 'base64'), oracle.toString('base64'), `encrypt base64 ${ctx}`);
            assert.equal(sm4.decrypt(oracle.toString('hex')), text, `decrypt hex ${ctx}`);
            assert.equal(sm4.decrypt(oracle.toString('hex').toUpperCase()), text, `decrypt HEX ${ctx}`);
            assert.equal(sm4.decrypt(oracle.toString('base64'), 'base64'), text, `decrypt base64 ${ctx}`);
            const ours = Buffer.from(sm4.encrypt(text), 'hex');
            assert.equal(osslDecrypt(keyBytes, ours).toString('utf8'), text, `OpenSSL decrypt(our ct) ${ctx}`);
            assert.equal(sm4.verify(oracle.toString('hex'), text), true, `verify ${ctx}`);
            if (i % 10 === 1) {
              const k = hex(keyBytes);
              assert.equal(m.encryptEcb(k, text), oracle.toString('hex'), `encryptEcb ${ctx}`);
              assert.equal(m.decryptEcb(k, oracle.toString('hex')), text, `decryptEcb ${ctx}`);
              assert.equal(m.verifyEcb(k, oracle.toString('hex'), text), true, `verifyEcb ${ctx}`);
            }
          }
        } finally {
          sm4.free();
        }
      }
    });

    test('key forms: 32 hex (either case), 16 raw characters, Uint8Array / Buffer of 16 bytes', () => {
      const keyBytes = Buffer.from(SEED_KEY, 'hex');
      const expected = osslEncrypt(keyBytes, Buffer.from('小明')).toString('hex');
      for (const k of [SEED_KEY, SEED_KEY.toLowerCase(), new Uint8Array(keyBytes), keyBytes]) {
        const sm4 = new m.Sm4(k);
        assert.equal(sm4.encrypt('小明'), expected);
        sm4.free();
      }
      // A 16-character key is its 16 (ASCII) bytes, like Java's key.getBytes().
      for (const raw of ['0123456789abcdef', 'Hospital-Key#16!', 'ABCDEFGHIJKLMNOP']) {
        const oracle = osslEncrypt(Buffer.from(raw, 'latin1'), Buffer.from('13800138000')).toString('hex');
        const sm4 = new m.Sm4(raw);
        assert.equal(sm4.encrypt('13800138000'), oracle, raw);
        assert.equal(sm4.decrypt(oracle), '13800138000');
        sm4.free();
        assert.equal(m.encryptEcb(raw, '13800138000'), oracle, `encryptEcb with raw key ${raw}`);
        assert.equal(m.decryptEcb(raw, oracle), '13800138000');
      }
      // A Uint8Array view into a larger buffer uses exactly its own 16 bytes.
      const big = new Uint8Array(48);
      big.set(keyBytes, 16);
      const view = new Uint8Array(big.buffer, 16, 16);
      const sm4 = new m.Sm4(view);
      assert.equal(sm4.encrypt('小明'), expected);
      sm4.free();
    });

    test('bad keys → INVALID_KEY (never a silently padded key)', () => {
      const bad = [
        '', 'abc', SEED_KEY.slice(0, 31), SEED_KEY + '0', 'g'.repeat(32), 'A7E2D00B4058086CBD3D4B8A5E0B269 ',
        '0123456789abcde', '0123456789abcdefg', '密钥密钥密钥密钥密钥密钥密钥密钥', '0123456789abcd\u00e9\u00e9',
        new Uint8Array(0), new Uint8Array(15), new Uint8Array(17), new Uint8Array(32),
        123, null, undefined, {}, [1, 2, 3], new ArrayBuffer(16), new Uint16Array(8), Symbol('k'),
      ];
      for (const k of bad) {
        throwsYjt(m, () => new m.Sm4(k), 'INVALID_KEY');
        if (typeof k === 'string') {
          throwsYjt(m, () => m.encryptEcb(k, '小明'), 'INVALID_KEY');
          throwsYjt(m, () => m.decryptEcb(k, '0a504c329ff631c16bd487b2fdc3489f'), 'INVALID_KEY');
          throwsYjt(m, () => m.verifyEcb(k, '0a504c329ff631c16bd487b2fdc3489f', '小明'), 'INVALID_KEY');
        }
      }
      throwsYjt(m, () => new m.Sm4(), 'INVALID_KEY');
    });

    test('bad ciphertext text → INVALID_INPUT; bad length, padding or UTF-8 → DECRYPT_FAILED', () => {
      const keyBytes = Buffer.from(SEED_KEY, 'hex');
      const sm4 = new m.Sm4(SEED_KEY);
      for (const ct of ['zz', 'abc', '0a504c329ff631c16bd487b2fdc3489g', '0a50 4c32']) {
        throwsYjt(m, () => sm4.decrypt(ct), 'INVALID_INPUT');
        throwsYjt(m, () => m.decryptEcb(SEED_KEY, ct), 'INVALID_INPUT');
      }
      for (const ct of ['!!!!', 'ab$d', '====abcd']) throwsYjt(m, () => sm4.decrypt(ct, 'base64'), 'INVALID_INPUT');
      for (const enc of ['utf8', 'Hex', 'base64url', '', 5]) {
        throwsYjt(m, () => sm4.encrypt('x', enc), 'INVALID_INPUT');
        throwsYjt(m, () => sm4.decrypt('0a504c329ff631c16bd487b2fdc3489f', enc), 'INVALID_INPUT');
      }
      // wrong lengths
      for (const ct of ['', '00112233', '0a504c329ff631c16bd487b2fdc3489f00']) {
        throwsYjt(m, () => sm4.decrypt(ct), 'DECRYPT_FAILED');
      }
      throwsYjt(m, () => sm4.decrypt('AAAA', 'base64'), 'DECRYPT_FAILED');
      for (const n of [0, 1, 15, 17, 31]) throwsYjt(m, () => sm4.decryptBytes(new Uint8Array(n)), 'DECRYPT_FAILED');
      // bad padding, built with OpenSSL without padding so the failure is deterministic
      const badPads = [
        [...Buffer.alloc(15, 0x41), 0x00], // pad byte 0
        [...Buffer.alloc(15, 0x41), 0x11], // pad byte 17 > 16
        [...Buffer.alloc(14, 0x41), 0x01, 0x02], // inconsistent pad bytes
        [...Buffer.alloc(13, 0x41), 0x03, 0x04, 0x03], // inconsistent, last = 3
      ];
      for (const block of badPads) {
        const ct = osslEncryptRaw(keyBytes, Buffer.from(block));
        throwsYjt(m, () => sm4.decryptBytes(new Uint8Array(ct)), 'DECRYPT_FAILED');
        throwsYjt(m, () => sm4.decrypt(ct.toString('hex')), 'DECRYPT_FAILED');
        throwsYjt(m, () => m.decryptEcb(SEED_KEY, ct.toString('hex')), 'DECRYPT_FAILED');
        assert.equal(sm4.verify(ct.toString('hex'), 'AAAA'), false);
      }
      // wrong key (almost surely a padding failure; deterministic ciphertext)
      const other = osslEncrypt(Buffer.alloc(16, 7), Buffer.from('13800138000'));
      assert.throws(() => sm4.decrypt(other.toString('hex')), (e) => e instanceof m.YjtError && e.code === 'DECRYPT_FAILED');
      // valid padding, invalid UTF-8: bytes fine, text refused
      for (const bytes of [[0xff, 0xfe], [0xe5, 0xbc], [0xc0, 0x80], [0xed, 0xa0, 0x80]]) {
        const ct = osslEncrypt(keyBytes, Buffer.from(bytes));
        assert.deepEqual([...sm4.decryptBytes(new Uint8Array(ct))], bytes);
        throwsYjt(m, () => sm4.decrypt(ct.toString('hex')), 'DECRYPT_FAILED');
        throwsYjt(m, () => m.decryptEcb(SEED_KEY, ct.toString('hex')), 'DECRYPT_FAILED');
      }
      sm4.free();
    });

    test('wrong argument types → YjtError, never a TypeError from the glue', () => {
      const sm4 = new m.Sm4(SEED_KEY);
      const junk = [5, null, undefined, {}, [1], true, Symbol('s'), 10n];
      for (const v of junk) {
        throwsYjt(m, () => sm4.encrypt(v), 'INVALID_INPUT');
        throwsYjt(m, () => sm4.decrypt(v), 'INVALID_INPUT');
        throwsYjt(m, () => sm4.encryptBytes(v), 'INVALID_INPUT');
        throwsYjt(m, () => sm4.decryptBytes(v), 'INVALID_INPUT');
        throwsYjt(m, () => sm4.verify(v, 'x'), 'INVALID_INPUT');
        throwsYjt(m, () => sm4.verify('0a504c329ff631c16bd487b2fdc3489f', v), 'INVALID_INPUT');
        throwsYjt(m, () => m.encryptEcb(SEED_KEY, v), 'INVALID_INPUT');
        throwsYjt(m, () => m.decryptEcb(SEED_KEY, v), 'INVALID_INPUT');
        throwsYjt(m, () => m.verifyEcb(SEED_KEY, '0a504c329ff631c16bd487b2fdc3489f', v), 'INVALID_INPUT');
        // a non-string key to the Java-style helpers is an argument-type error
        throwsYjt(m, () => m.encryptEcb(v, 'x'), 'INVALID_INPUT');
        throwsYjt(m, () => m.decryptEcb(v, '0a504c329ff631c16bd487b2fdc3489f'), 'INVALID_INPUT');
      }
      for (const v of ['text', [1, 2, 3], new ArrayBuffer(16), new DataView(new ArrayBuffer(16))]) {
        throwsYjt(m, () => sm4.encryptBytes(v), 'INVALID_INPUT');
        throwsYjt(m, () => sm4.decryptBytes(v), 'INVALID_INPUT');
      }
      // the instance is still healthy after all of that (no trapped WASM instance)
      assert.equal(sm4.encrypt('小明'), '0a504c329ff631c16bd487b2fdc3489f');
      sm4.free();
    });

    test('free() then use → YjtError; free() is idempotent; Symbol.dispose frees', () => {
      const sm4 = new m.Sm4(SEED_KEY);
      sm4.free();
      sm4.free();
      for (const f of [
        () => sm4.encrypt('x'),
        () => sm4.decrypt('0a504c329ff631c16bd487b2fdc3489f'),
        () => sm4.encryptBytes(new Uint8Array(1)),
        () => sm4.decryptBytes(new Uint8Array(16)),
        () => sm4.verify('0a504c329ff631c16bd487b2fdc3489f', '小明'),
      ]) {
        const e = throwsYjt(m, f, 'INVALID_INPUT');
        assert.match(e.message, /freed|释放/);
      }
      assert.equal(typeof Symbol.dispose, 'symbol', 'this Node has Symbol.dispose');
      const d = new m.Sm4(SEED_KEY);
      assert.equal(typeof d[Symbol.dispose], 'function');
      assert.equal(d.encrypt('小明'), '0a504c329ff631c16bd487b2fdc3489f');
      d[Symbol.dispose]();
      throwsYjt(m, () => d.encrypt('小明'), 'INVALID_INPUT');
      d[Symbol.dispose](); // idempotent too
      // other instances are unaffected
      const e2 = new m.Sm4(SEED_KEY);
      assert.equal(e2.decrypt('0a504c329ff631c16bd487b2fdc3489f'), '小明');
      e2.free();
    });

    test('util.inspect / JSON.stringify / String / console views of Sm4 never show the key', () => {
      const keys = [SEED_KEY, 'Hospital-Key#16!', new Uint8Array(Buffer.from(SEED_KEY, 'hex'))];
      for (const k of keys) {
        const sm4 = new m.Sm4(k);
        const views = [
          util.inspect(sm4),
          util.inspect(sm4, { showHidden: true, depth: 10 }),
          util.inspect(sm4, { customInspect: false, showHidden: true, depth: 10 }),
          util.inspect({ nested: { sm4 } }, { depth: 10 }),
          util.format('%o %O %s %j', sm4, sm4, sm4, sm4),
          JSON.stringify(sm4),
          JSON.stringify({ sm4 }),
          String(sm4),
          `${sm4}`,
          Object.keys(sm4).join(','),
        ];
        const needles = typeof k === 'string' ? [k, k.toLowerCase(), k.toUpperCase()] : [SEED_KEY, SEED_KEY.toLowerCase()];
        // the key bytes as they would print from a Uint8Array / Buffer
        const kb = Buffer.from(SEED_KEY, 'hex');
        needles.push(util.inspect(new Uint8Array(kb)).slice(0, 40), [...kb].slice(0, 6).join(', '), kb.toString('base64'));
        for (const v of views) for (const n of needles) assert.ok(!v.includes(n), `key visible in ${v}`);
        assert.match(util.inspect(sm4), /REDACTED/);
        assert.deepEqual(JSON.parse(JSON.stringify(sm4)), { key: '[REDACTED]' });
        sm4.free();
      }
    });
  });
}

describe('ESM and CJS entry points', () => {
  test('are distinct module instances with the same API', () => {
    assert.notEqual(esm.Sm4, cjs.Sm4, 'CJS and ESM are separate copies (a real dual-package consumer)');
    assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).filter((k) => k !== 'default' && k !== '__esModule').sort());
  });

  test('instanceof YjtError holds across entry points', () => {
    for (const [from, to] of [[cjs, esm], [esm, cjs]]) {
      let err;
      try {
        new from.Sm4('bad');
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof from.YjtError);
      assert.ok(err instanceof to.YjtError, 'an error thrown by one entry point is a YjtError of the other');
      assert.equal(err.code, 'INVALID_KEY');
      const made = new from.YjtError('NETWORK', 'x', { retryable: true, status: 502 });
      assert.ok(made instanceof to.YjtError);
      assert.equal(made.retryable, true);
      assert.equal(made.status, 502);
    }
    // and nothing else is
    for (const v of [new Error('x'), Object.assign(new Error('x'), { code: 'INVALID_KEY' }), { code: 'INVALID_KEY' }, null, 'YjtError']) {
      assert.equal(v instanceof esm.YjtError, false);
      assert.equal(v instanceof cjs.YjtError, false);
    }
  });
});
