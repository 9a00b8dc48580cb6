// 同进程并排基准：yjt-sso 与 node:crypto (OpenSSL)、sm-crypto、sm-crypto-v2、gm-crypto 对比，输出比值。
// Side-by-side benchmark, one process, same inputs, results as ratios: yjt-sso against
// node:crypto (OpenSSL 3 `sm4-ecb`), sm-crypto, sm-crypto-v2 and gm-crypto. Every result is
// checked against node:crypto before it is timed. Runs under Node and Deno:
//
//   node bench/run.mjs [--json out.json] [--quick]
//   deno run -A bench/run.mjs
//
// The machine is shared and noisy: each measurement alternates ours/peer in several rounds and
// reports medians; compare ratios, not absolute times.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus, totalmem, platform, arch } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const pkgDir = process.env.PKGDIR ?? join(root, 'pkg');
const { values: args } = parseArgs({ options: { json: { type: 'string' }, quick: { type: 'boolean' } } });
const QUICK = args.quick === true;
const isDeno = typeof globalThis.Deno !== 'undefined';
const runtime = isDeno ? `deno ${Deno.version.deno}` : typeof globalThis.Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.versions.node}`;

const yjt = await import(pathToFileURL(join(pkgDir, 'index.mjs')).href);
const require = createRequire(join(here, 'package.json'));
const smCrypto = require('sm-crypto').sm4;
const smV2 = require('sm-crypto-v2').sm4;
const gm = require('gm-crypto').SM4;

const KEY = 'A7E2D00B4058086CBD3D4B8A5E0B2697';
const keyLower = KEY.toLowerCase();
const keyBuf = Buffer.from(KEY, 'hex');

// ---------------------------------------------------------------- timing
function timeOnce(f, n) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t) / n;
}
// A full collection before every sample where the runtime allows it (Node; not Deno): otherwise
// the garbage one contender leaves (the pure-JS peers make megabytes per 1 MiB call) is collected
// during the next contender's sample and counted as its time.
const gc = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc');
  } catch {
    return undefined;
  }
})();

/** Median ns per call of each function, measured in alternating rounds. */
function compare(fns, n, rounds = QUICK ? 3 : 7) {
  const names = Object.keys(fns);
  for (const k of names) timeOnce(fns[k], Math.max(1, Math.ceil(n / 5))); // warm-up / JIT
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const k of names) {
      gc?.();
      samples[k].push(timeOnce(fns[k], n));
    }
  }
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return Object.fromEntries(names.map((k) => [k, med(samples[k])]));
}

// ---------------------------------------------------------------- reference (node:crypto)
const nodeEncHex = (text) => {
  const c = createCipheriv('sm4-ecb', keyBuf, null);
  return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('hex');
};
const nodeDecHex = (hex) => {
  const d = createDecipheriv('sm4-ecb', keyBuf, null);
  return Buffer.concat([d.update(Buffer.from(hex, 'hex')), d.final()]).toString('utf8');
};
const nodeEncBytes = (buf) => {
  const c = createCipheriv('sm4-ecb', keyBuf, null);
  return Buffer.concat([c.update(buf), c.final()]);
};
const nodeDecBytes = (buf) => {
  const d = createDecipheriv('sm4-ecb', keyBuf, null);
  return Buffer.concat([d.update(buf), d.final()]);
};

function check(name, got, want) {
  const g = got instanceof Uint8Array ? Buffer.from(got).toString('hex') : Array.isArray(got) ? Buffer.from(got).toString('hex') : String(got);
  const w = want instanceof Uint8Array ? Buffer.from(want).toString('hex') : String(want);
  if (g !== w) throw new Error(`correctness check failed for ${name}`);
}

const results = { runtime, machine: {}, fields: [], bulk: [], exchange: null, coldStart: null, hygiene: null, size: null };
results.machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memGiB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${arch()}`,
  openssl: isDeno ? 'n/a (deno node:crypto)' : process.versions.openssl,
  date: new Date().toISOString(),
};

// ---------------------------------------------------------------- per-field
const FIELDS = [
  ['phone (11 digits)', '13800138000'],
  ['ID number (18 chars)', '11010519491231002X'],
  ['Chinese name', '欧阳小明'],
];
const sm4 = new yjt.Sm4(KEY);
for (const [label, plain] of FIELDS) {
  const ct = nodeEncHex(plain);
  // Correctness first, for every contender.
  check('ours decrypt', sm4.decrypt(ct), plain);
  check('ours decryptEcb', yjt.decryptEcb(KEY, ct), plain);
  check('sm-crypto decrypt', smCrypto.decrypt(ct, keyLower), plain);
  check('sm-crypto-v2 decrypt', smV2.decrypt(ct, keyLower), plain);
  check('gm-crypto decrypt', gm.decrypt(ct, keyLower, { inputEncoding: 'hex', outputEncoding: 'utf8' }), plain);
  check('ours encrypt', sm4.encrypt(plain), ct);
  check('sm-crypto encrypt', smCrypto.encrypt(plain, keyLower), ct);
  check('sm-crypto-v2 encrypt', smV2.encrypt(plain, keyLower), ct);
  check('gm-crypto encrypt', gm.encrypt(plain, keyLower, { inputEncoding: 'utf8', outputEncoding: 'hex' }), ct);

  const n = QUICK ? 5_000 : 20_000;
  const dec = compare(
    {
      ours: () => sm4.decrypt(ct),
      oursKeyPerCall: () => yjt.decryptEcb(KEY, ct),
      nodeCrypto: () => nodeDecHex(ct),
      smCrypto: () => smCrypto.decrypt(ct, keyLower),
      smCryptoV2: () => smV2.decrypt(ct, keyLower),
      gmCrypto: () => gm.decrypt(ct, keyLower, { inputEncoding: 'hex', outputEncoding: 'utf8' }),
    },
    n,
  );
  const enc = compare(
    {
      ours: () => sm4.encrypt(plain),
      oursKeyPerCall: () => yjt.encryptEcb(KEY, plain),
      nodeCrypto: () => nodeEncHex(plain),
      smCrypto: () => smCrypto.encrypt(plain, keyLower),
      smCryptoV2: () => smV2.encrypt(plain, keyLower),
      gmCrypto: () => gm.encrypt(plain, keyLower, { inputEncoding: 'utf8', outputEncoding: 'hex' }),
    },
    n,
  );
  results.fields.push({ field: label, decryptNs: dec, encryptNs: enc });
}
sm4.free();

// ---------------------------------------------------------------- bulk
const sm4b = new yjt.Sm4(KEY);
for (const size of [1024, 64 * 1024, 1024 * 1024]) {
  const data = randomBytes(size);
  const want = nodeEncBytes(data);
  check(`ours encryptBytes ${size}`, sm4b.encryptBytes(data), want);
  check(`ours decryptBytes ${size}`, sm4b.decryptBytes(want), data);
  const peers = size <= 64 * 1024 || !QUICK;
  const fnsEnc = { ours: () => sm4b.encryptBytes(data), nodeCrypto: () => nodeEncBytes(data) };
  const fnsDec = { ours: () => sm4b.decryptBytes(want), nodeCrypto: () => nodeDecBytes(want) };
  if (peers) {
    const arr = Array.from(data);
    const hex = data.toString('hex');
    check('sm-crypto bulk', smCrypto.encrypt(arr, keyLower, { output: 'array' }), want);
    check('sm-crypto-v2 bulk', smV2.encrypt(data, keyLower, { output: 'array' }), want);
    check('gm-crypto bulk', gm.encrypt(hex, keyLower, { inputEncoding: 'hex', outputEncoding: 'hex' }), want.toString('hex'));
    fnsEnc.smCrypto = () => smCrypto.encrypt(arr, keyLower, { output: 'array' });
    fnsEnc.smCryptoV2 = () => smV2.encrypt(data, keyLower, { output: 'array' });
    fnsEnc.gmCrypto = () => gm.encrypt(hex, keyLower, { inputEncoding: 'hex', outputEncoding: 'hex' });
  }
  // 16 MiB per sample and 9 rounds: with fewer, one GC pause moved a 1 MiB median by 10–20%.
  const n = Math.max(3, Math.round((QUICK ? 2 : 16) * 1024 * 1024 / size));
  const enc = compare(fnsEnc, n, QUICK ? 3 : 9);
  const dec = compare(fnsDec, n, QUICK ? 3 : 9);
  const mibs = (ns) => size / 2 ** 20 / (ns / 1e9);
  results.bulk.push({
    bytes: size,
    encryptMiBs: Object.fromEntries(Object.entries(enc).map(([k, v]) => [k, mibs(v)])),
    decryptMiBs: Object.fromEntries(Object.entries(dec).map(([k, v]) => [k, mibs(v)])),
  });
}
sm4b.free();

// ---------------------------------------------------------------- the whole exchange (CPU only)
{
  const config = {
    env: 'test', appCode: 'HOSP000001', appKey: KEY, paasId: 'paas-001', paasToken: 'tok-123', appSecret: 'sec-456',
  };
  const body = JSON.stringify({
    errcode: 0,
    errmsg: 'SUCCESS',
    data: {
      certificateNo: nodeEncHex('11010519491231002X'), certificateType: '01', healthCardNo: 'E0000000000000000000000000000001',
      phone: nodeEncHex('13800138000'), gender: 1, name: '陈小明', nation: '01', userId: '2025000000000001', channel: '1',
    },
  });
  // Both start from the answer's bytes, as they come off the wire: ours hands them to the core
  // (as YjtClient does), the hand-written version decodes them (as res.text() does).
  const wire = new TextEncoder().encode(body);
  const utf8 = new TextDecoder();
  const ex = new yjt.YjtExchange(config);
  const ours = () => {
    const req = ex.buildRequest('afadsgfaar0123456789abcdef012345');
    return [req, ex.parseResponse({ status: 200, body: wire })];
  };

  // What a hospital team writes by hand today: URLSearchParams + node:crypto + JSON.parse.
  const CERT = { '01': '居民身份证' };
  const GENDER = { 1: '男', 2: '女', 3: '保密', 4: '未知' };
  const NATION = { '01': '汉族' };
  const CHANNEL = { 1: '内地', 2: '港澳', 3: '台湾', 4: '外籍' };
  const handWritten = () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    const signature = createHash('sha256').update(ts + config.paasToken + nonce + ts).digest('hex').toUpperCase();
    const q = new URLSearchParams({ appCode: config.appCode, command: '01', code: 'afadsgfaar0123456789abcdef012345', businessType: '1' });
    const req = {
      url: `https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api?${q}`,
      headers: { 'x-tsp-timestamp': ts, 'x-tsp-nonce': nonce, 'x-tsp-signature': signature, 'x-tsp-paasid': config.paasId, 'x-tsp-appSecret': config.appSecret, 'x-tsp-serviceid': 'DGSP_1911964810465574914' },
    };
    const j = JSON.parse(utf8.decode(wire));
    if (j.errcode !== 0) throw new Error('errcode');
    const d = j.data;
    const user = {
      ...d,
      certificateNo: nodeDecHex(d.certificateNo),
      phone: nodeDecHex(d.phone),
      labels: { certificateType: CERT[d.certificateType] ?? null, gender: GENDER[d.gender] ?? null, nation: NATION[d.nation] ?? null, channel: CHANNEL[d.channel] ?? null },
    };
    return [req, user];
  };
  const [, u1] = ours();
  const [, u2] = handWritten();
  for (const k of ['certificateNo', 'phone', 'name', 'userId']) check(`exchange ${k}`, u1[k], u2[k]);
  check('exchange labels', JSON.stringify(u1.labels), JSON.stringify(u2.labels));
  results.exchange = compare({ ours, handWrittenNodeCrypto: handWritten }, QUICK ? 2_000 : 10_000);
  ex.free();
}

// ---------------------------------------------------------------- cold start
// A fresh process whose main module imports yjt-sso and runs the first encryptEcb, against one
// that imports node:crypto and does the same with OpenSSL's sm4-ecb. The probes are files (as an
// application is), so Node's module loader is up before the clock starts. Alternating runs,
// medians, ratio.
{
  const url = JSON.stringify(pathToFileURL(join(pkgDir, 'index.mjs')).href);
  const key = JSON.stringify(KEY);
  const probes = {
    ours: `const t=performance.now();const m=await import(${url});m.encryptEcb(${key},'小明');console.log(performance.now()-t);\n`,
    nodeCrypto: `const t=performance.now();const c=await import('node:crypto');const x=c.createCipheriv('sm4-ecb',Buffer.from(${key},'hex'),null);Buffer.concat([x.update('小明'),x.final()]).toString('hex');console.log(performance.now()-t);\n`,
  };
  const files = Object.fromEntries(Object.entries(probes).map(([k, src]) => {
    const f = join(root, `.tmp-bench-cold-${k}.mjs`);
    writeFileSync(f, src);
    return [k, f];
  }));
  const runs = QUICK ? 7 : 21;
  const nodeBin = isDeno ? 'node' : process.execPath;
  const time = (bin, args) => Number(execFileSync(bin, args, { encoding: 'utf8' }).trim());
  const times = { ours: [], nodeCrypto: [] };
  for (let i = 0; i < runs; i++) for (const k of Object.keys(times)) times[k].push(time(nodeBin, [files[k]]));
  try {
    times.oursDeno = [];
    for (let i = 0; i < runs; i++) times.oursDeno.push(time(join(root, 'node_modules/.bin/deno'), ['run', '-A', '--no-lock', files.ours]));
  } catch {
    delete times.oursDeno;
  }
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  results.coldStart = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, med(v)]));
}

// ---------------------------------------------------------------- memory hygiene
// What the zeroing allocator and the stack scrub cost: the same package built without them
// (NOHYGIENE_PKGDIR, from bench/no-hygiene.sh), in alternating fresh processes, medians.
if (process.env.NOHYGIENE_PKGDIR && !isDeno) {
  const runs = QUICK ? 5 : 11;
  const probe = join(here, 'hygiene-probe.mjs');
  const dirs = { ours: pkgDir, hygieneFree: process.env.NOHYGIENE_PKGDIR };
  const got = { ours: [], hygieneFree: [] };
  for (let i = 0; i < runs; i++) for (const k of Object.keys(dirs)) got[k].push(JSON.parse(execFileSync(process.execPath, [probe, dirs[k]], { encoding: 'utf8' })));
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  results.hygiene = Object.fromEntries(Object.entries(got).map(([k, v]) => [k, { fieldNs: med(v.map((r) => r.fieldNs)), exchangeNs: med(v.map((r) => r.exchangeNs)) }]));
}

// ---------------------------------------------------------------- size
{
  const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  const tgz = readdirSync(join(root, 'build')).find((f) => /^yjt-sso-.*\.tgz$/.test(f));
  const wasm = readFileSync(join(root, 'build/wasm/yjt_sso_bg.wasm'));
  const mjs = readFileSync(join(pkgDir, 'index.mjs'));
  results.size = {
    tarballBytes: tgz ? statSync(join(root, 'build', tgz)).size : null,
    unpackedBytes: walk(pkgDir).reduce((s, f) => s + statSync(f).size, 0),
    wasmBytes: wasm.length,
    wasmGzipBytes: gzipSync(wasm, { level: 9 }).length,
    indexMjsGzipBytes: gzipSync(mjs, { level: 9 }).length,
  };
}

// ---------------------------------------------------------------- report
const fmt = (x, d = 2) => (x >= 100 ? x.toFixed(0) : x.toFixed(d));
const lines = [];
lines.push(`yjt-sso bench — ${runtime} — ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.os}${QUICK ? ' (quick)' : ''}`);
lines.push('');
lines.push('| per call (median ns) | ours | ours, key per call | node:crypto | sm-crypto | sm-crypto-v2 | gm-crypto | ours ÷ node:crypto | ours ÷ fastest JS peer |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const f of results.fields) {
  for (const [op, r] of [['decrypt', f.decryptNs], ['encrypt', f.encryptNs]]) {
    const fastestPeer = Math.min(r.smCrypto, r.smCryptoV2, r.gmCrypto);
    lines.push(`| ${op} ${f.field} | ${fmt(r.ours)} | ${fmt(r.oursKeyPerCall)} | ${fmt(r.nodeCrypto)} | ${fmt(r.smCrypto)} | ${fmt(r.smCryptoV2)} | ${fmt(r.gmCrypto)} | **${(r.ours / r.nodeCrypto).toFixed(3)}** | **${(r.ours / fastestPeer).toFixed(3)}** |`);
  }
}
lines.push('');
lines.push('| bulk SM4-ECB (MiB/s) | ours | node:crypto | sm-crypto | sm-crypto-v2 | gm-crypto | ours ÷ node:crypto |');
lines.push('|---|---|---|---|---|---|---|');
for (const b of results.bulk) {
  const label = b.bytes >= 1 << 20 ? `${b.bytes >> 20} MiB` : `${b.bytes >> 10} KiB`;
  const e = b.encryptMiBs;
  const d = b.decryptMiBs;
  lines.push(`| encrypt ${label} | ${fmt(e.ours, 1)} | ${fmt(e.nodeCrypto, 1)} | ${e.smCrypto ? fmt(e.smCrypto, 1) : '–'} | ${e.smCryptoV2 ? fmt(e.smCryptoV2, 1) : '–'} | ${e.gmCrypto ? fmt(e.gmCrypto, 1) : '–'} | **${(e.ours / e.nodeCrypto).toFixed(2)}×** |`);
  lines.push(`| decrypt ${label} | ${fmt(d.ours, 1)} | ${fmt(d.nodeCrypto, 1)} | – | – | – | **${(d.ours / d.nodeCrypto).toFixed(2)}×** |`);
}
lines.push('');
const x = results.exchange;
lines.push(`exchange CPU (build request + parse + decrypt + labels): ours ${fmt(x.ours)} ns, hand-written node:crypto ${fmt(x.handWrittenNodeCrypto)} ns, ratio **${(x.ours / x.handWrittenNodeCrypto).toFixed(3)}**`);
const h = results.hygiene;
if (h) {
  const pct = (a, b) => `${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(0)}%`;
  lines.push(`memory hygiene (zeroing allocator + stack scrub) vs the same build without it, alternating fresh processes, medians: field decrypt (phone) ${fmt(h.ours.fieldNs)} vs ${fmt(h.hygieneFree.fieldNs)} ns (${pct(h.ours.fieldNs, h.hygieneFree.fieldNs)}); exchange ${fmt(h.ours.exchangeNs)} vs ${fmt(h.hygieneFree.exchangeNs)} ns (**${h.ours.exchangeNs >= h.hygieneFree.exchangeNs ? '+' : ''}${fmt(h.ours.exchangeNs - h.hygieneFree.exchangeNs)} ns**)`);
}
const c = results.coldStart;
lines.push(`cold start (fresh Node process, import + first encryptEcb, median): ours ${c.ours.toFixed(1)} ms, node:crypto ${c.nodeCrypto.toFixed(1)} ms, ratio **${(c.ours / c.nodeCrypto).toFixed(2)}**${c.oursDeno ? `; ours in Deno ${c.oursDeno.toFixed(1)} ms` : ''}`);
const s = results.size;
lines.push(`size: tarball ${(s.tarballBytes / 1024).toFixed(1)} KiB (gzip), unpacked ${(s.unpackedBytes / 1024).toFixed(1)} KiB, wasm ${(s.wasmBytes / 1024).toFixed(1)} KiB raw / ${(s.wasmGzipBytes / 1024).toFixed(1)} KiB gzip, index.mjs ${(s.indexMjsGzipBytes / 1024).toFixed(1)} KiB gzip`);
console.log(lines.join('\n'));
if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 2));
