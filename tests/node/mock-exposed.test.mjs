// `yjt-sso mock-gateway` on a non-loopback address: a loud warning, /__mock/* behind an admin
// token (flag or YJT_MOCK_ADMIN_TOKEN), and a bounded user store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { bin, envCreds } from './_cli.mjs';

async function startCli(args, env = {}) {
  const p = spawn(bin, ['mock-gateway', '--port', '0', ...args], { env: { PATH: process.env.PATH, ...envCreds, ...env } });
  let out = '';
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  const port = await new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening: http:\/\/[^/]*:(\d+)\//);
      if (m && out.includes('demo API:')) resolve(Number(m[1]));
    });
    p.on('exit', () => reject(new Error(`mock-gateway exited: ${out}${err}`)));
  });
  return { port, out: () => out, err: () => err, stop: () => new Promise((r) => { p.on('exit', r); p.kill('SIGTERM'); }) };
}

const issue = (port, body, token) => fetch(`http://127.0.0.1:${port}/__mock/codes`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});
const user = (i) => ({ userId: `planted-${i}`, name: '张三', phone: '13800138000', certificateNo: '11010519491231002X' });

test('mock-gateway --host 0.0.0.0: a warning on stderr; /__mock/* needs the admin token (401 without)', async () => {
  const m = await startCli(['--host', '0.0.0.0', '--admin-token', 'T-admin-1']);
  try {
    assert.match(m.err(), /WARNING: .*0\.0\.0\.0 \(not loopback\)/);
    assert.equal((await issue(m.port, { userId: '2025000000000001' })).status, 401);
    assert.equal((await issue(m.port, { userId: '2025000000000001' }, 'wrong')).status, 401);
    assert.equal((await fetch(`http://127.0.0.1:${m.port}/__mock/health`)).status, 401);
    const ok = await issue(m.port, { userId: '2025000000000001' }, 'T-admin-1');
    assert.equal(ok.status, 200);
    assert.match((await ok.json()).code, /^[0-9a-f]{16,}$/);
  } finally {
    await m.stop();
  }
});

test('mock-gateway --host 0.0.0.0: YJT_MOCK_ADMIN_TOKEN works; without any token one is generated (never open)', async () => {
  const m = await startCli(['--host', '0.0.0.0'], { YJT_MOCK_ADMIN_TOKEN: 'T-env-2' });
  try {
    assert.equal((await issue(m.port, { userId: '2025000000000001' })).status, 401);
    assert.equal((await issue(m.port, { userId: '2025000000000001' }, 'T-env-2')).status, 200);
  } finally {
    await m.stop();
  }
  const g = await startCli(['--host', '0.0.0.0']);
  try {
    const token = g.err().match(/admin token \(generated\): (\S+)/)[1];
    assert.equal((await issue(g.port, { userId: '2025000000000001' })).status, 401);
    assert.equal((await issue(g.port, { userId: '2025000000000001' }, token)).status, 200);
  } finally {
    await g.stop();
  }
});

test('mock-gateway on loopback: no warning, no token needed (unchanged)', async () => {
  const m = await startCli([]);
  try {
    assert.doesNotMatch(m.err(), /WARNING/);
    assert.equal((await issue(m.port, { userId: '2025000000000001' })).status, 200);
  } finally {
    await m.stop();
  }
});

test('mock-gateway: the user store is bounded at 1000 users; planting 3000 gets 429 past the bound', async () => {
  const m = await startCli(['--host', '0.0.0.0', '--admin-token', 'T']);
  try {
    const statuses = [];
    for (let i = 0; i < 3000; i += 100) {
      statuses.push(...(await Promise.all(Array.from({ length: 100 }, (_, j) => issue(m.port, user(i + j), 'T').then((r) => r.status)))));
    }
    // The demo user is the first; 999 planted users fit.
    assert.equal(statuses.filter((s) => s === 200).length, 999);
    assert.equal(statuses.filter((s) => s === 429).length, 2001);
    // A known user still gets codes.
    assert.equal((await issue(m.port, user(5), 'T')).status, 200);
  } finally {
    await m.stop();
  }
});
