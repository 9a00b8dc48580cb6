// 负载与故障：10,000 次换取、200 并发、5% 注入故障；每次调用要么得到正确身份，要么得到类型正确、retryable 正确的错误；
// 无未处理的 rejection；无泄漏的 socket 或定时器（子进程自行退出）。
// Load and faults: 10,000 exchanges at 200 concurrency with 5 % injected faults over loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('10,000 exchanges, 200 concurrent, 5 % faults: right identity or the right typed error; the process exits by itself', async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./_load-child.mjs', import.meta.url))], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  // Generous: the limit only catches a process kept alive by a leaked handle.
  const killer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(sig ?? c)));
  clearTimeout(killer);
  assert.equal(code, 0, `child did not exit on its own (${code}); output: ${out.slice(0, 500)}`);
  const r = JSON.parse(out.trim().split('\n').pop());
  console.log(`# ${r.n} exchanges in ${(r.wallMs / 1000).toFixed(1)} s: ${r.ok} ok, errors ${JSON.stringify(r.errors)}, faults ${JSON.stringify(r.faultsByKind)}`);
  assert.equal(r.wrong, 0, 'a wrong identity or a wrongly typed error');
  assert.equal(r.unhandled, 0, 'unhandled rejections');
  const f = r.faultsByKind;
  const n = (k) => f[k] ?? 0;
  assert.ok(r.faults > 0.03 * r.n && r.faults < 0.07 * r.n, `fault rate ${r.faults}/${r.n}`);
  // Every fault but added latency is exactly one failed call, and the kinds map to codes.
  const failures = Object.values(r.errors).reduce((a, b) => a + b, 0);
  assert.equal(failures, r.faults - n('latency'));
  assert.equal(r.ok, r.n - failures);
  assert.equal(r.errors['HTTP_STATUS:true'] ?? 0, n('http502') + n('http503') + n('http504') + n('http429'));
  assert.equal(r.errors['HTTP_STATUS:false'] ?? 0, n('http500'));
  assert.equal(r.errors['NETWORK:true'] ?? 0, n('reset') + n('truncatedBody'));
  assert.equal(r.errors['TIMEOUT:true'] ?? 0, n('hangingBody'));
  assert.equal(r.errors['BAD_RESPONSE:false'] ?? 0, n('malformedJson'));
});
