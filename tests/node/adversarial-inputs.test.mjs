// 不会 trap：≥ 100,000 个随机与恶意输入穿过每个导出函数，之后正常调用仍返回正确结果。
// No trap, ever. ≥ 100,000 random and adversarial inputs (wrong types,
// huge strings, lone UTF-16 surrogates, NaN/Infinity, prototype-polluted objects, deeply nested
// JSON, 10 MB bodies) go through every exported function; every failure must be a YjtError
// (never a TypeError from the glue, never a WebAssembly.RuntimeError), and afterwards valid calls
// still return the right answers. (What a trap does is tested in trap.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES, SEED_KEY, osslEncrypt } from './_pkg.mjs';

const KEY = SEED_KEY;
const CONFIG = { env: 'test', appCode: 'HOSP001', appKey: KEY, paasId: 'p', paasToken: 't', appSecret: 's' };

// Deterministic generator, so a failure reproduces.
function rng(seed) {
  let s = BigInt(seed) || 1n;
  return () => {
    s ^= s << 13n; s &= (1n << 64n) - 1n;
    s ^= s >> 7n;
    s ^= s << 17n; s &= (1n << 64n) - 1n;
    return Number(s & 0xffffffffn) / 2 ** 32;
  };
}

const polluted = JSON.parse('{"__proto__": {"appKey": "x", "polluted": true}, "constructor": {"prototype": {"bad": 1}}}');
const deep = '['.repeat(100_000) + ']'.repeat(100_000);
const deepObj = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
const big = 'x'.repeat(10 * 1024 * 1024);
const bigJson = JSON.stringify({ errcode: 0, errmsg: 'ok', data: { userId: 'u', certificateNo: 'ab'.repeat(2_000_000) } });
const FIXED = [
  undefined, null, true, false, 0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 31), 4294967296, 10n,
  '', ' ', '\0', '\uD800', '\uDFFF', 'a\uD800b', '\uDBFF\uDFFF', '😀'.repeat(100), '\r\n', 'x&y#z', '%00',
  '0'.repeat(32), 'f'.repeat(33), 'A7E2D00B4058086CBD3D4B8A5E0B2697', '1234567890abcdef', '密钥密钥密钥密钥密钥密钥密钥密钥',
  '0a504c329ff631c16bd487b2fdc3489f', '0A504C329FF631C16BD487B2FDC3489F', 'ClBMMp/2McFr1Iey/cNInw==', '====', 'zz',
  '{}', '[]', 'null', '{"errcode":0}', '{"errcode":0,"data":{}}', '{"errcode":"0","data":"{}"}', deep, deepObj, big, bigJson,
  {}, [], [[1, 2]], [['a', 'b']], { a: 1 }, polluted, Object.create(null), new Uint8Array(0), new Uint8Array(15),
  new Uint8Array(16), new Uint8Array(17), new Uint8Array(1 << 20), new Uint16Array(8), new ArrayBuffer(16),
  () => 1, Symbol('s'), new Date(0), /re/, new Map(), new Proxy({}, {}),
];

function randomValue(r) {
  const pick = r();
  if (pick < 0.35) return FIXED[Math.floor(r() * FIXED.length)];
  if (pick < 0.6) {
    // Random string over a mixed alphabet, including lone surrogates and control characters.
    const n = Math.floor(r() * 80);
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = r();
      s += c < 0.5 ? '0123456789abcdefABCDEF'[Math.floor(r() * 22)] : c < 0.8 ? String.fromCharCode(32 + Math.floor(r() * 95)) : String.fromCharCode(Math.floor(r() * 0x10000));
    }
    return s;
  }
  if (pick < 0.75) return Math.floor(r() * 2 ** 32) - 2 ** 31;
  if (pick < 0.85) {
    const b = new Uint8Array(Math.floor(r() * 80));
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
    return b;
  }
  // A config-like object with one field replaced.
  const keys = Object.keys(CONFIG).concat(['gateway', 'decryptFields', 'baseUrl', 'businessType', 'timeoutMs']);
  return { ...CONFIG, [keys[Math.floor(r() * keys.length)]]: FIXED[Math.floor(r() * FIXED.length)] };
}

for (const [name, m] of ENTRIES) {
  test(`${name}: 100,000+ adversarial calls through every export end in a result or a YjtError`, () => {
    const sm4 = new m.Sm4(KEY);
    const ex = new m.YjtExchange(CONFIG);
    const r = rng(name === 'esm' ? 12345 : 67890);
    const calls = [
      (a) => new m.Sm4(a),
      (a, b) => sm4.encrypt(a, b),
      (a, b) => sm4.decrypt(a, b),
      (a) => sm4.encryptBytes(a),
      (a) => sm4.decryptBytes(a),
      (a, b, c) => sm4.verify(a, b, c),
      (a, b) => m.encryptEcb(a, b),
      (a, b) => m.decryptEcb(a, b),
      (a, b, c) => m.verifyEcb(a, b, c),
      (a, b, c) => m.gatewaySignature(a, b, c),
      (a, b) => m.gatewayHeaders(a, b),
      (a, b) => m.verifyGatewayHeaders(a, b),
      (a, b) => m.verifyGatewayHeaders({ 'x-tsp-timestamp': a, 'x-tsp-nonce': b, 'x-tsp-signature': a, 'x-tsp-paasid': b }, { paasToken: 't', now: b }),
      (a) => new m.YjtExchange(a),
      (a, b) => ex.buildRequest(a, b),
      (a, b) => ex.buildRequest('code', { businessType: a, nonce: b }),
      (a, b) => ex.parseResponse({ status: a, body: b }),
      (a) => ex.parseResponse({ status: 200, body: a }),
      (a) => ex.parseResponse(a),
      (a, b) => m.buildExchangeRequest(a, b),
      (a, b) => m.parseExchangeResponse(CONFIG, { status: 200, body: b ?? a }),
      (a) => new m.YjtClient(a),
      (a, b) => m.dictLabel(a, b),
      (a) => m.checkIdCard(a),
      (a) => m.isValidIdCard(a),
      (a) => m.isValidCode(a),
      (a) => m.maskIdCard(a),
      (a) => m.maskPhone(a),
      (a) => m.maskName(a),
    ];
    const N = 100_000;
    let ok = 0;
    let typed = 0;
    for (let i = 0; ok + typed < N; i++) {
      const f = calls[i % calls.length];
      const args = [randomValue(r), randomValue(r), randomValue(r)];
      // The 10 MB inputs are slow to hash through JSON; keep them to a few hundred calls.
      if (args.some((a) => a === big || a === bigJson || a === deep) && r() < 0.99) continue;
      try {
        const out = f(...args);
        if (out && typeof out.free === 'function' && out !== sm4 && out !== ex) out.free();
        ok++;
      } catch (e) {
        if (!(e instanceof m.YjtError)) {
          assert.fail(`call #${i} (${f.toString().slice(0, 60)}) threw ${e?.constructor?.name}: ${String(e?.message).slice(0, 120)}`);
        }
        assert.notEqual(e.code, 'INTERNAL', `call #${i} trapped the instance`);
        typed++;
      }
    }
    assert.equal(ok + typed, N);
    // Afterwards (a trap would have made these old objects throw INTERNAL): the same objects and fresh ones give the right answers.
    assert.equal(sm4.decrypt('0a504c329ff631c16bd487b2fdc3489f'), '小明');
    assert.equal(m.encryptEcb(KEY, '13800138000'), '791410f8740fede1ad58d8ebd8ba1b0d');
    const body = JSON.stringify({ errcode: 0, errmsg: 'ok', data: { userId: 'u', certificateNo: osslEncrypt(Buffer.from(KEY, 'hex'), '440106199001011234').toString('hex') } });
    assert.equal(ex.parseResponse({ status: 200, body }).certificateNo, '440106199001011234');
    console.log(`# ${name}: ${ok} calls returned, ${typed} threw YjtError`);
    sm4.free();
    ex.free();
  });
}
