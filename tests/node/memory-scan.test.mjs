// 内存卫生：free() 之后、每次调用返回之后，整个 WASM 线性内存（影子栈与已释放的堆都算）中找不到
// 密钥、轮密钥、令牌、appSecret 或解密出的明文。
// Memory hygiene: after free() and after every call returns, the WHOLE linear memory (shadow
// stack and freed heap included) holds no key, round key, token, secret or decrypted plaintext.
// Live objects may hold what they need (an exchange keeps its round keys, token and secret):
// those are counted and must appear exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as tick } from 'node:timers/promises';
import { CONSUMER, osslEncrypt } from './_pkg.mjs';
import { roundKeys } from './_sm4-schedule.mjs';
import * as m from '../../build/testing/index.mjs';

// Distinctive values no other test or fixture uses, so a hit can only be a leftover of ours.
const KEY_HEX = '5C2E9A17B3D40F68E1A7C93B2D58F046';
const KEY_16 = 'q7#Lm2@vX9!pR4&z';
const TOKEN = 'tok-9fQ2xLr7Wm3Kd8Zp';
const SECRET = 'sec-Hv4Tn6Yb1Rc5Gj0e';
const SECRET2 = 'tok2-Jw8Ex3Ua7Sq1Nb';
const ID = '44030519880214651X';
const PHONE = '13927384615';
const NAME = '欧阳明慧';
const NAME_LATIN = 'Anaïs Okonkwo-Lindqvist';

const mem = () => Buffer.from(m.testing.memory().buffer);

/** Every place a needle's bytes occur in linear memory. */
function find(buf, needle) {
  const at = [];
  for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + 1)) at.push(i);
  return at;
}

/** Byte forms of an SM4 key as they could sit in memory: text (either case), raw bytes, round keys. */
function keyNeedles(label, keyBytes, keyText) {
  const n = [[`${label} raw bytes`, Buffer.from(keyBytes)]];
  if (keyText !== undefined) {
    n.push([`${label} text`, Buffer.from(keyText)]);
    n.push([`${label} text (lower)`, Buffer.from(keyText.toLowerCase())]);
    n.push([`${label} text (upper)`, Buffer.from(keyText.toUpperCase())]);
  }
  // Round keys in any layout: each adjacent pair (encryption and decryption order) and each word
  // repeated (SIMD splat), little- and big-endian. 8 bytes: a chance hit is ~2^-64 per offset.
  const rk = roundKeys(Buffer.from(keyBytes));
  for (let i = 0; i < 32; i++) {
    for (const [a, b, form] of [[rk[i], rk[(i + 1) % 32], 'pair'], [rk[(i + 1) % 32], rk[i], 'reversed pair'], [rk[i], rk[i], 'splat']]) {
      const le = Buffer.alloc(8);
      le.writeUInt32LE(a, 0); le.writeUInt32LE(b, 4);
      const be = Buffer.alloc(8);
      be.writeUInt32BE(a, 0); be.writeUInt32BE(b, 4);
      n.push([`${label} round key ${i} (${form}, LE)`, le], [`${label} round key ${i} (${form}, BE)`, be]);
    }
  }
  return n;
}

const textNeedles = (pairs) => pairs.map(([label, s]) => [label, Buffer.from(s, 'utf8')]);

/** Scans the whole memory; returns { label: count } for every needle found. */
function scan(needles) {
  const buf = mem();
  const hits = {};
  for (const [label, needle] of needles) {
    const at = find(buf, needle);
    if (at.length > 0) hits[label] = at.length;
  }
  return hits;
}

/** Collapses per-round-key labels so a failure message stays readable. */
function summarize(hits) {
  const out = {};
  for (const [k, v] of Object.entries(hits)) {
    const key = k.replace(/round key \d+ \(.*\)/, 'round keys');
    out[key] = (out[key] ?? 0) + v;
  }
  return out;
}

const KEY_HEX_NEEDLES = keyNeedles('appKey (hex)', Buffer.from(KEY_HEX, 'hex'), KEY_HEX);
const KEY_16_NEEDLES = keyNeedles('appKey (16 chars)', Buffer.from(KEY_16, 'utf8'), KEY_16);
const PLAIN_NEEDLES = textNeedles([['ID number', ID], ['phone', PHONE], ['name', NAME], ['Latin name', NAME_LATIN]]);
const CRED_NEEDLES = textNeedles([['paasToken', TOKEN], ['appSecret', SECRET], ['second token', SECRET2]]);
const ALL = [...KEY_HEX_NEEDLES, ...KEY_16_NEEDLES, ...PLAIN_NEEDLES, ...CRED_NEEDLES];

// What a live exchange legitimately holds: round keys, the appKey text (to scrub it from gateway
// text), token and secret. Never the raw key bytes, never a plaintext.
const LIVE_EXCHANGE = ['paasToken', 'appSecret', 'appKey (hex) round keys', 'appKey (hex) text', 'appKey (hex) text (lower)', 'appKey (hex) text (upper)'];

const encHex = (key, text) => osslEncrypt(key, text).toString('hex');
const KEY_BYTES = Buffer.from(KEY_HEX, 'hex');

test('the scan finds what is there (round keys of a live key object, a live string)', () => {
  // Guards the scan itself: if the needles were wrong, every "0 hits" below would be meaningless.
  const s = m.testing.rawSm4(KEY_HEX);
  const live = summarize(scan(KEY_HEX_NEEDLES));
  s.free();
  assert.ok(live['appKey (hex) round keys'] >= 31, `round keys of a live object not found: ${JSON.stringify(live)}`);
  assert.deepEqual(summarize(scan(KEY_HEX_NEEDLES)), {}, 'after free()');
});

test('Sm4: after every call and after free(), no key, round key or plaintext anywhere in memory', () => {
  for (const [key, needles] of [[KEY_HEX, KEY_HEX_NEEDLES], [KEY_16, KEY_16_NEEDLES]]) {
    const s = new m.Sm4(key);
    const keyBytes = key.length === 32 ? Buffer.from(key, 'hex') : Buffer.from(key, 'utf8');
    const ct = s.encrypt(ID);
    assert.equal(ct, encHex(keyBytes, ID), 'differs from OpenSSL');
    assert.equal(s.decrypt(ct), ID);
    assert.equal(s.decrypt(Buffer.from(ct, 'hex').toString('base64'), 'base64'), ID);
    assert.ok(s.verify(ct, ID));
    const bytes = s.encryptBytes(Buffer.from(PHONE));
    assert.equal(Buffer.from(s.decryptBytes(bytes)).toString(), PHONE);
    s.encrypt(NAME_LATIN);
    // Only the live round keys may be found while the object lives.
    const live = summarize(scan([...needles, ...PLAIN_NEEDLES]));
    assert.deepEqual(Object.keys(live).filter((k) => !k.endsWith('round keys')), [], `while live: ${JSON.stringify(live)}`);
    s.free();
    assert.deepEqual(summarize(scan(ALL)), {}, `after free() (${key.length}-character key)`);
  }
});

/**
 * Runs of 32 aligned 32-bit words, each 0 or 0xFFFFFFFF, mixed (4–28 of them all-ones): the form
 * a round key takes as bit masks (one word per key bit). Returns how many such runs start in buf.
 */
function maskRuns(buf) {
  const w = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
  const maskLike = (v) => v === 0 || v === 0xffffffff;
  let runs = 0;
  for (let i = 0; i < w.length; ) {
    if (!maskLike(w[i])) {
      i++;
      continue;
    }
    // A maximal stretch of mask-like words: one run if any 32 words of it are mixed.
    let end = i;
    while (end < w.length && maskLike(w[end])) end++;
    let ones = 0;
    let found = false;
    for (let j = i; j < end && !found; j++) {
      if (w[j] === 0xffffffff) ones++;
      if (j - i >= 32 && w[j - 32] === 0xffffffff) ones--;
      found = j - i >= 31 && ones >= 4 && ones <= 28;
    }
    if (found) runs++;
    i = end;
  }
  return runs;
}

test('the bitsliced path builds round-key bit masks per call and wipes them: none left in memory after the call', () => {
  // The detector itself: a planted mask run is found, zeros and all-ones are not.
  const rk = roundKeys(KEY_BYTES);
  const planted = Buffer.alloc(4096);
  for (let j = 0; j < 32; j++) planted.writeUInt32LE((rk[5] >>> j) & 1 ? 0xffffffff : 0, 1024 + 4 * j);
  assert.equal(maskRuns(planted), 1);
  assert.equal(maskRuns(Buffer.alloc(4096)), 0);
  assert.equal(maskRuns(Buffer.alloc(4096, 0xff)), 0);
  // Whole 128-block batches, then a bitsliced tail (40 blocks), in both directions.
  const before = maskRuns(mem());
  const s = new m.Sm4(KEY_HEX);
  const data = Buffer.alloc(16 * (128 * 3 + 40), 7);
  const ct = s.encryptBytes(data);
  assert.deepEqual(Buffer.from(ct), osslEncrypt(KEY_BYTES, data), 'differs from OpenSSL');
  assert.deepEqual(Buffer.from(s.decryptBytes(ct)), data);
  assert.equal(maskRuns(mem()), before, 'round-key masks left in memory after the call');
  s.free();
  assert.equal(maskRuns(mem()), before);
});

test('a key object never freed by hand leaves nothing once the FinalizationRegistry reclaims it', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  (() => {
    const s = new m.Sm4(KEY_HEX);
    s.encrypt(PHONE);
  })();
  for (let i = 0; i < 6 && Object.keys(scan(KEY_HEX_NEEDLES)).length > 0; i++) {
    gc();
    await tick();
  }
  assert.deepEqual(summarize(scan(ALL)), {}, 'after finalization');
});

test('one-shot encryptEcb / decryptEcb / verifyEcb leave nothing behind', () => {
  const ct = m.encryptEcb(KEY_HEX, PHONE);
  assert.equal(m.decryptEcb(KEY_HEX, ct), PHONE);
  assert.ok(m.verifyEcb(KEY_HEX, ct, PHONE));
  // A failed decryption (wrong key → bad padding) must not leave its garbage plaintext either.
  assert.throws(() => m.decryptEcb('00112233445566778899AABBCCDDEEFF', ct), { code: 'DECRYPT_FAILED' });
  assert.deepEqual(summarize(scan(ALL)), {});
});

test('gateway signing and verification leave no token or secret behind', () => {
  const creds = { paasId: 'paas-scan', paasToken: TOKEN, appSecret: SECRET, gateway: { alsoSign: { prefix: 'x-rio', paasId: 'rio', paasToken: SECRET2 } } };
  const h = m.gatewayHeaders(creds);
  m.gatewaySignature('1700000000', TOKEN, 'n1');
  const v = m.verifyGatewayHeaders(h, { paasToken: TOKEN });
  assert.equal(v.paasId, 'paas-scan');
  assert.deepEqual(summarize(scan(ALL)), {});
});

test('YjtExchange: live it holds one copy of token and secret and no raw key; after calls no plaintext; after free() nothing', () => {
  const config = { env: 'test', appCode: 'HOSP-SCAN', appKey: KEY_HEX, paasId: 'paas-scan', paasToken: TOKEN, appSecret: SECRET };
  const ex = new m.YjtExchange(config);
  const req = ex.buildRequest('code-for-scan');
  assert.equal(Object.values(req.headers).includes(SECRET), true);
  const body = JSON.stringify({
    errcode: 0, errmsg: 'ok',
    data: { userId: 'u-scan', certificateNo: encHex(KEY_BYTES, ID), phone: encHex(KEY_BYTES, PHONE), name: encHex(KEY_BYTES, NAME), gender: 2, nation: '01', channel: '1', certificateType: '01' },
  });
  const user = ex.parseResponse({ status: 200, body });
  assert.equal(user.certificateNo, ID);
  assert.equal(user.name, NAME);
  // An error whose errmsg echoes our token: scrubbed, and no extra copy stays in memory.
  assert.throws(() => ex.parseResponse({ status: 200, body: JSON.stringify({ errcode: 3, errmsg: `验签失败 ${TOKEN}` }) }), { code: 'GATEWAY_SIGNATURE' });
  const live = summarize(scan(ALL));
  // One copy of each: token, secret, and each distinct form of the appKey text (here the
  // configured upper-case text and its lower-case form).
  for (const k of ['paasToken', 'appSecret', 'appKey (hex) text', 'appKey (hex) text (lower)']) {
    assert.equal(live[k], 1, `${k} copies while live: ${JSON.stringify(live)}`);
  }
  const others = Object.keys(live).filter((k) => !LIVE_EXCHANGE.includes(k));
  assert.deepEqual(others, [], `while live: ${JSON.stringify(live)}`);
  ex.free();
  assert.deepEqual(summarize(scan(ALL)), {}, 'after free()');
});

test('YjtClient.exchangeCode end to end leaves no plaintext after the call and nothing after free()', async () => {
  // The mock runs in a child process, so this instance holds only the client's data.
  const child = spawn(process.execPath, ['--input-type=module', '-e', `
    import { startMockGateway } from 'yjt-sso/mock';
    const gw = await startMockGateway(${JSON.stringify({ appCode: 'HOSP-SCAN', appKey: KEY_HEX, paasId: 'paas-scan', paasToken: TOKEN, appSecret: SECRET })});
    const code = gw.gateway.issueCode(${JSON.stringify({ userId: 'u-scan', certificateNo: ID, phone: PHONE, name: NAME_LATIN })});
    console.log(JSON.stringify({ baseUrl: gw.baseUrl, code }));
    process.stdin.on('end', () => gw.close().then(() => process.exit(0))).resume();
  `], { stdio: ['pipe', 'pipe', 'inherit'], cwd: CONSUMER });
  try {
    const [line] = await once(child.stdout, 'data');
    const { baseUrl, code } = JSON.parse(String(line));
    const client = new m.YjtClient({ env: 'test', baseUrl, appCode: 'HOSP-SCAN', appKey: KEY_HEX, paasId: 'paas-scan', paasToken: TOKEN, appSecret: SECRET });
    const user = await client.exchangeCode(code);
    assert.equal(user.name, NAME_LATIN);
    assert.equal(user.certificateNo, ID);
    const live = summarize(scan(ALL));
    const others = Object.keys(live).filter((k) => !LIVE_EXCHANGE.includes(k));
    assert.deepEqual(others, [], `after exchangeCode: ${JSON.stringify(live)}`);
    client.free();
    assert.deepEqual(summarize(scan(ALL)), {}, 'after free()');
  } finally {
    child.stdin.end();
    await once(child, 'exit');
  }
});

test('no call reached below the zeroed stack window (so the scrub covered every frame)', async () => {
  // rust-lld puts a 1 MiB shadow stack at the bottom of linear memory, growing down from 1 MiB;
  // each call is followed by zeroing 16 KiB below the top (src/wipe.rs). Anything written deeper
  // would survive the scrub: after the deepest and widest call of every kind, the rest of the
  // stack region must still be untouched.
  const STACK_TOP = 1024 * 1024;
  const WINDOW = 16 * 1024;
  const big = new Uint8Array(1 << 20).fill(7);
  for (const key of [KEY_HEX, KEY_16]) {
    const s = new m.Sm4(key);
    s.decryptBytes(s.encryptBytes(big));
    s.decrypt(s.encrypt('中'.repeat(100_000), 'base64'), 'base64');
    s.decrypt(s.encrypt(ID, 'HEX'), 'hex');
    s.verify(s.encrypt(PHONE), PHONE);
    assert.throws(() => s.decrypt('00'.repeat(4096)), { code: 'DECRYPT_FAILED' });
    s.free();
  }
  m.decryptEcb(KEY_HEX, m.encryptEcb(KEY_HEX, 'x'.repeat(100_000)));
  const ex = new m.YjtExchange({ env: 'test', appCode: 'HOSP-SCAN', appKey: KEY_HEX, paasId: 'p', paasToken: TOKEN, appSecret: SECRET, gateway: { alsoSign: { prefix: 'x-rio', paasId: 'rio', paasToken: SECRET2 } } });
  ex.buildRequest('c'.repeat(64), { businessType: 2147483647 });
  assert.throws(() => ex.parseResponse({ status: 200, body: '{"errcode":0,"data":' + '{"a":'.repeat(100_000) }), { code: 'BAD_RESPONSE' });
  assert.throws(() => ex.parseResponse({ status: 200, body: '['.repeat(100_000) }), { code: 'BAD_RESPONSE' });
  assert.throws(() => ex.parseResponse({ status: 500, body: '1 '.repeat(100_000) }), { code: 'HTTP_STATUS' });
  assert.throws(() => ex.parseResponse({ status: 200, body: JSON.stringify({ errcode: 3, errmsg: `${TOKEN} `.repeat(10_000) }) }), { code: 'GATEWAY_SIGNATURE' });
  const enc = (t) => encHex(KEY_BYTES, t);
  const wrapped = JSON.stringify({ userId: 'u', certificateNo: enc(ID), phone: enc(PHONE), name: enc(NAME), healthCardNo: enc('E123'), gender: '2', nation: '01', channel: '1', certificateType: '01', extra: 'x'.repeat(100_000) });
  ex.parseResponse({ status: 200, body: JSON.stringify({ errcode: 0, data: wrapped }) });
  ex.free();
  const creds = { paasId: 'p', paasToken: TOKEN, appSecret: SECRET, gateway: { extraHeaders: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`x-e${i}`, 'v'.repeat(1024)])) } };
  const forwarded = m.gatewayHeaders(creds, { user: { uid: 'u'.repeat(4096), uinfo: 'i'.repeat(4096), ext: 'e'.repeat(4096) } });
  m.verifyGatewayHeaders(forwarded, { paasToken: TOKEN, gateway: creds.gateway });
  const gw = new m.GatewayClient({ paasId: 'p', paasToken: TOKEN, serviceId: 'S1', baseUrl: 'https://gw.example/api', fetch: async () => Response.json({ errcode: 0, data: { rows: Array.from({ length: 10_000 }, (_, i) => ({ i })) } }) });
  await gw.request({ method: 'POST', query: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, '中'.repeat(1000)])), body: { a: 1 } });
  for (const f of [m.maskIdCard, m.maskPhone, m.maskName, m.checkIdCard, m.isValidIdCard]) f('中'.repeat(100_000));
  m.dictLabel('nation', '01');
  const buf = mem();
  const written = buf.subarray(0, STACK_TOP - WINDOW).findLastIndex((b) => b !== 0);
  assert.equal(written, -1, `stack written ${STACK_TOP - written} bytes below the top, deeper than the ${WINDOW}-byte scrub`);
  // And the window itself is clean after the last call.
  assert.equal(buf.subarray(STACK_TOP - WINDOW, STACK_TOP - 64).findIndex((b) => b !== 0), -1, 'stack window not zeroed');
});

test('field-sized SM4 calls (followed by the 4 KiB scrub; measured depth 2.4 KiB) never write below that window', async () => {
  // The region between the field window and the full window is painted; field-sized calls of
  // every kind run (decrypt, encrypt, verify; hex, HEX, base64; a failing one; up to the
  // 128-character bound); then the paint must be intact: nothing those calls wrote survives
  // their small scrub. A call that goes deeper fails here, not silently in production.
  const STACK_TOP = 1024 * 1024;
  const FULL = 16 * 1024;
  const FIELD = 4 * 1024;
  const s = new m.Sm4(KEY_HEX);
  s.decryptBytes(s.encryptBytes(new Uint8Array(1 << 16))); // a deep call: the full window is zero after it
  const region = () => m.testing.memory().subarray(STACK_TOP - FULL, STACK_TOP - FIELD);
  assert.equal(region().findIndex((b) => b !== 0), -1, 'the full scrub left its window zero');
  region().fill(0x5a);
  const long = '中'.repeat(128); // 384 bytes: 24 blocks, the largest field
  for (const enc of ['hex', 'HEX', 'base64']) {
    for (const text of [PHONE, ID, NAME, long, '']) {
      const ct = s.encrypt(text, enc);
      if (ct.length <= 128) {
        assert.equal(s.decrypt(ct, enc), text);
        assert.equal(s.verify(ct, text, enc), true);
      }
    }
  }
  assert.throws(() => s.decrypt('00'.repeat(16)), { code: 'DECRYPT_FAILED' });
  assert.equal(s.verify('zz', PHONE), false);
  const painted = region();
  // The scrub's own window starts a few bytes below the top (its frame): allow 64 bytes for it.
  const touched = painted.subarray(0, painted.length - 64).findIndex((b) => b !== 0x5a);
  painted.fill(0);
  s.free();
  assert.equal(touched, -1, `a field-sized call wrote ${FULL - touched} bytes below the top, deeper than the ${FIELD}-byte field scrub`);
});

test('exchange calls (2 KiB scrub after a request, 5 KiB after a short response) never write below their window, at their worst inputs', async () => {
  // As for field calls: the region between a call's window and the full window is painted, the
  // call runs at its deepest (longest code, every variant header; the JSON depth limit hit inside
  // and outside a wrapped data string, an errmsg full of secrets to scrub, the longest field a
  // short response can hold), and then the paint must be intact. A response long enough to hold
  // a 32-block field (the deeper bitsliced SM4 path) gets the full scrub instead.
  const STACK_TOP = 1024 * 1024;
  const FULL = 16 * 1024;
  const region = (depth) => m.testing.memory().subarray(STACK_TOP - FULL, STACK_TOP - depth);
  const untouched = (depth, label, f) => {
    region(depth).fill(0x5a);
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof m.YjtError, String(e));
    }
    const painted = region(depth);
    // The scrub's own window starts a few bytes below the top (its frame): allow 64 bytes for it.
    const touched = painted.subarray(0, painted.length - 64).findIndex((b) => b !== 0x5a);
    painted.fill(0);
    assert.equal(touched, -1, `${label} wrote ${FULL - touched} bytes below the top, deeper than its ${depth}-byte scrub`);
  };
  const gateway = { alsoSign: { prefix: 'x-rio', paasId: 'rio', paasToken: SECRET2 }, extraHeaders: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`x-e${i}`, 'v'.repeat(1024)])), paasIdInQuery: true };
  const ex = new m.YjtExchange({ env: 'test', appCode: 'HOSP-SCAN', appKey: KEY_HEX, paasId: 'p', paasToken: TOKEN, appSecret: SECRET, gateway });
  const plain = new m.YjtExchange({ env: 'test', appCode: 'HOSP-SCAN', appKey: KEY_HEX, paasId: 'p', paasToken: TOKEN, appSecret: SECRET });
  for (const e of [ex, plain]) {
    untouched(2048, 'buildRequest', () => e.buildRequest('c'.repeat(64), { businessType: 2147483647 }));
    untouched(2048, 'a refused buildRequest', () => e.buildRequest('c'.repeat(65)));
  }
  const enc = (t) => encHex(KEY_BYTES, t);
  const identity = { userId: 'u', certificateNo: enc(ID), phone: enc(PHONE), name: enc(NAME), healthCardNo: enc('E123'), gender: '2', nation: '01', channel: '1', certificateType: '01' };
  const deep = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const SHORT = 684; // js/core.ts BULK_FIELD_BYTES
  const bodies = [
    '{"errcode":0,"data":' + '{"a":'.repeat(120),
    '['.repeat(600),
    JSON.stringify({ errcode: 0, data: JSON.parse(deep(100)) }), // about as deep as a short response can nest
    '{"errcode":0,"data":"' + deep(50).replaceAll('"', '\\"') + '"}',
    JSON.stringify({ errcode: 0, data: JSON.stringify(identity) }),
    JSON.stringify({ errcode: 0, data: JSON.stringify({ ...identity, extra: JSON.parse(deep(20)) }) }),
    JSON.stringify({ errcode: 3, errmsg: `${TOKEN} ${SECRET} ${KEY_HEX}`.repeat(4) }),
    JSON.stringify({ code: 500, success: false, message: `${SECRET} ${KEY_HEX} `.repeat(5) }),
    JSON.stringify({ errcode: 0, data: { ...identity, phone: 'zz' } }),
    JSON.stringify({ errcode: 0, data: { userId: 'u', name: enc('中'.repeat(100)) } }), // 19 blocks
    JSON.stringify({ errcode: 0, data: { userId: 'u', name: enc('x'.repeat(300)) } }), // 19 blocks
    JSON.stringify({ errcode: 0, data: { userId: 'u', name: Buffer.from(enc('x'.repeat(400)), 'hex').toString('base64') } }), // 26 blocks
  ];
  for (const body of bodies) {
    assert.ok(Buffer.byteLength(body) < SHORT, `a short response: ${Buffer.byteLength(body)} bytes: ${body.slice(0, 60)}`);
    for (const status of [200, 500]) untouched(5 * 1024, `parseResponse (${body.slice(0, 40)}…)`, () => ex.parseResponse({ status, body }));
  }
  assert.equal(ex.parseResponse({ status: 200, body: JSON.stringify({ errcode: 0, data: identity }) }).userId, 'u');
  // A response that can hold a bitsliced field is scrubbed in full: the whole region is zero.
  region(5 * 1024).fill(0x5a);
  const long = JSON.stringify({ errcode: 0, data: { ...identity, name: enc('中'.repeat(1000)) } });
  assert.equal(ex.parseResponse({ status: 200, body: long }).name, '中'.repeat(1000));
  assert.equal(region(5 * 1024).findIndex((b) => b !== 0), -1, 'a long response gets the full scrub');
  ex.free();
  plain.free();
});
