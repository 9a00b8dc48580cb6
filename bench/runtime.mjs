// Our SM4 and the exchange in Deno / Bun (whose node:crypto has no sm4-ecb to compare with).
import { pathToFileURL } from 'node:url';
const root = new URL('..', import.meta.url);
const y = await import(new URL('pkg/index.mjs', root).href);
const KEY = 'A7E2D00B4058086CBD3D4B8A5E0B2697';
const sm4 = new y.Sm4(KEY);
const big = new Uint8Array(1 << 20).map((_, i) => i * 7);
const time = (f, n) => { for (let i = 0; i < n; i++) f(); const t = performance.now(); for (let i = 0; i < n; i++) f(); return (performance.now() - t) / n; };
const bulkMs = time(() => sm4.encryptBytes(big), 10);
const fieldNs = time(() => sm4.decrypt('791410f8740fede1ad58d8ebd8ba1b0d'), 50_000) * 1e6;
if (sm4.decrypt('791410f8740fede1ad58d8ebd8ba1b0d') !== '13800138000') throw new Error('wrong answer');
console.log(`${process.argv[2] ?? 'runtime'}: bulk encrypt ${(1000 / bulkMs).toFixed(1)} MiB/s, field decrypt ${fieldNs.toFixed(0)} ns`);
void pathToFileURL;
