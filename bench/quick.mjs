// 快速测量（开发用）：SM4 单字段解密与 1 MiB 批量加密，与 node:crypto (OpenSSL) 同进程对比，输出比值。
// Quick side-by-side (for development): one-field decrypt and 1 MiB bulk encrypt against
// node:crypto (OpenSSL) in one process, printed as ratios. The full bench is bench/run.mjs.
//   node bench/quick.mjs [path/to/pkg/index.mjs]
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const entry = process.argv[2] ?? resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../pkg/index.mjs');
const { Sm4 } = await import(pathToFileURL(entry).href);
const KEY = 'A7E2D00B4058086CBD3D4B8A5E0B2697';
const kb = Buffer.from(KEY, 'hex');
const ct = '791410f8740fede1ad58d8ebd8ba1b0d';
const sm4 = new Sm4(KEY);

function time(f, n) {
  for (let i = 0; i < Math.max(1, n / 10); i++) f();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t) / n;
}
const nodeDecrypt = () => {
  const d = createDecipheriv('sm4-ecb', kb, null);
  return Buffer.concat([d.update(Buffer.from(ct, 'hex')), d.final()]).toString('utf8');
};
if (sm4.decrypt(ct) !== nodeDecrypt()) throw new Error('mismatch');
const big = randomBytes(1 << 20);
const nodeEnc = () => {
  const x = createCipheriv('sm4-ecb', kb, null);
  return Buffer.concat([x.update(big), x.final()]);
};
if (!Buffer.from(sm4.encryptBytes(big)).equals(nodeEnc())) throw new Error('bulk mismatch');
// Interleave rounds so machine noise hits both sides alike.
const r = { ours1: [], node1: [], oursB: [], nodeB: [] };
for (let round = 0; round < 5; round++) {
  r.ours1.push(time(() => sm4.decrypt(ct), 50_000));
  r.node1.push(time(nodeDecrypt, 50_000));
  r.oursB.push(time(() => sm4.encryptBytes(big), 5));
  r.nodeB.push(time(nodeEnc, 5));
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
const [o1, n1, oB, nB] = [med(r.ours1), med(r.node1), med(r.oursB), med(r.nodeB)];
console.log(`field decrypt: ours ${o1.toFixed(0)} ns, node:crypto ${n1.toFixed(0)} ns, ratio ${(o1 / n1).toFixed(3)} (target <= 0.15)`);
console.log(`bulk 1 MiB encrypt: ours ${(1e9 / oB).toFixed(1)} MiB/s, node:crypto ${(1e9 / nB).toFixed(1)} MiB/s, ratio ${(nB / oB).toFixed(2)}x (target >= 1.5)`);
