// yjt-sso serve in operation: SIGHUP reloads the config and its secrets under load without
// dropping a request; a bad new config is refused, the reason logged, the old one kept; SIGTERM
// under load finishes every request in flight and exits 0; --check; start-up refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { A, B, issue, leaks, mockFor, request, runServe, serve, sha, tempDir, tenantFor, writeConfig } from './_serve.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Exchanges fresh codes with `n` workers until `stop()`; every answer is recorded. */
function load(svc, mock, { n = 8, agent } = {}) {
  const results = [];
  const codes = [];
  let running = true;
  const worker = async () => {
    while (running) {
      const code = issue(mock, A);
      codes.push(code);
      try {
        const r = await request(svc.url, { token: A.token, body: { code }, agent });
        results.push(r.status === 200 && r.json.user.userId === A.user.userId ? 'ok' : `${r.status} ${r.text.slice(0, 200)}`);
      } catch (e) {
        results.push(`error ${e.code ?? e.message}`);
        await sleep(10); // a failure is recorded, not spun on
      }
    }
  };
  const done = Promise.all(Array.from({ length: n }, worker));
  return { results, codes, stop: async () => { running = false; await done; return results; } };
}

test('SIGHUP under load: new tenants, tokens and secrets (re-read from their files) apply; not one request fails', async () => {
  const mockA = await mockFor(A);
  const mockB = await mockFor(B);
  const dir = tempDir();
  const tokenFile = path.join(dir, 'b-paas-token');
  writeFileSync(tokenFile, 'tok-B-wrong-at-first\n');
  const base = { listen: { port: 0 }, tenants: [tenantFor('a', A, mockA)] };
  const file = writeConfig(base, dir);
  const svc = await serve(['--config', file]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const l = load(svc, mockA, { agent });
  try {
    await sleep(300);
    // 1. Add tenant B (its paasToken from a file, wrong for now) and a second token for A.
    const A2 = 'bearer-A-second-SECRET-77';
    const { paasToken: _, ...bCreds } = B.creds;
    const tb = tenantFor('b', B, mockB, { client: { ...bCreds, paasToken: undefined, paasTokenFile: tokenFile } });
    delete tb.client.paasToken;
    writeConfig({ ...base, tenants: [{ ...tenantFor('a', A, mockA), tokenSha256: [sha(A.token), sha(A2)] }, tb] }, dir);
    svc.proc.kill('SIGHUP');
    await svc.waitFor((x) => x.msg === 'config reloaded');
    const code = issue(mockA, A);
    l.codes.push(code);
    assert.equal((await request(svc.url, { token: A2, body: { code } })).status, 200, 'the new token of A works');
    const wrong = await request(svc.url, { token: B.token, body: { code: issue(mockB, B) } });
    assert.equal(wrong.status, 502, wrong.text);
    assert.equal(wrong.json.code, 'GATEWAY_SIGNATURE', 'B signs with the token in its file');
    // 2. Rotate B's secret in its file: SIGHUP re-reads it.
    writeFileSync(tokenFile, `${B.creds.paasToken}\n`);
    svc.proc.kill('SIGHUP');
    await svc.waitFor((x) => x.msg === 'config reloaded' && svc.lines().filter((y) => y.msg === 'config reloaded').length >= 2);
    const bCode = issue(mockB, B);
    l.codes.push(bCode);
    const ok = await request(svc.url, { token: B.token, body: { code: bCode } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.user.userId, B.user.userId);
    // 3. A burst of reloads while the load runs.
    for (let i = 0; i < 5; i++) {
      svc.proc.kill('SIGHUP');
      await sleep(100);
    }
    await sleep(300);
  } finally {
    const results = await l.stop();
    agent.destroy();
    const failed = results.filter((r) => r !== 'ok');
    assert.deepEqual(failed.slice(0, 5), [], `${failed.length} of ${results.length} failed`);
    assert.ok(results.length > 50, `${results.length} requests under load`);
    assert.equal(mockA.gateway.stats.repeatedCodeRequests, 0);
    assert.equal(await svc.stop(), 0);
    assert.deepEqual(leaks(svc.out + svc.stderr, l.codes), []);
    await mockA.close();
    await mockB.close();
  }
});

test('a bad new config is refused with its reason logged, the old one kept (under load, nothing fails)', async () => {
  const mockA = await mockFor(A);
  const dir = tempDir();
  const base = { listen: { port: 0 }, tenants: [tenantFor('a', A, mockA)] };
  const file = writeConfig(base, dir);
  const svc = await serve(['--config', file]);
  const l = load(svc, mockA, { n: 4 });
  try {
    const bad = [
      ['{ not json', undefined],
      [JSON.stringify({ ...base, surprise: 1 }), 'surprise'],
      [JSON.stringify({ ...base, tenants: [{ ...base.tenants[0], client: { ...base.tenants[0].client, appKey: undefined, appKeyFile: path.join(dir, 'missing') } }] }), 'tenants[0].client.appKeyFile'],
      [JSON.stringify({ ...base, tenants: [{ ...base.tenants[0], client: { ...base.tenants[0].client, appKey: 'short-SECRET' } }] }), 'tenants[0].client.appKey'],
      [JSON.stringify({ ...base, listen: { port: 1 } }), 'listen'],
    ];
    let refused = 0;
    for (const [text, field] of bad) {
      writeFileSync(file, text);
      svc.proc.kill('SIGHUP');
      refused++;
      const msg = 'config reload refused, keeping the old config';
      await svc.waitFor(() => svc.lines().filter((y) => y.msg === msg).length >= refused);
      const line = svc.lines().filter((y) => y.msg === msg)[refused - 1];
      assert.equal(line.level, 'error');
      assert.equal(line.code, 'INVALID_CONFIG');
      if (field !== undefined) assert.equal(line.field, field);
      assert.equal(typeof line.reason, 'string');
      assert.ok(line.reason.length > 10);
      const code = issue(mockA, A);
      l.codes.push(code);
      assert.equal((await request(svc.url, { token: A.token, body: { code } })).status, 200, 'the old config serves');
    }
    const m = await request(svc.url, { method: 'GET', path: '/metrics' });
    assert.match(m.text, /^yjt_serve_config_reloads_total\{result="refused"\} 5$/m);
    assert.ok(!svc.out.includes('short-SECRET'), 'the refused value is not logged');
  } finally {
    const results = await l.stop();
    assert.deepEqual(results.filter((r) => r !== 'ok'), []);
    assert.equal(await svc.stop(), 0);
    assert.deepEqual(leaks(svc.out + svc.stderr, l.codes), []);
    await mockA.close();
  }
});

test('SIGTERM under load: every request in flight finishes (200), new connections are refused, exit 0', async () => {
  const mockA = await mockFor(A, { faults: { rate: 1, kinds: ['latency'], latencyMs: 400 } });
  const svc = await serve(['--config', writeConfig({ listen: { port: 0 }, tenants: [tenantFor('a', A, mockA)] })]);
  const codes = Array.from({ length: 24 }, () => issue(mockA, A));
  // Twenty-four requests in flight (each ~400 ms at the gateway), half on keep-alive connections.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 12 });
  const flight = codes.map((code, i) => request(svc.url, { token: A.token, body: { code }, agent: i % 2 ? agent : undefined }).catch((e) => ({ status: `error ${e.code}` })));
  await sleep(150);
  svc.proc.kill('SIGTERM');
  await svc.waitFor((x) => x.msg === 'draining');
  await sleep(50);
  const late = await request(svc.url, { method: 'GET', path: '/healthz' }).catch((e) => e.code);
  assert.equal(late, 'ECONNREFUSED', 'no new connections once draining');
  const results = await Promise.all(flight);
  assert.deepEqual(results.map((r) => r.status), codes.map(() => 200));
  for (const r of results) assert.equal(r.json.user.userId, A.user.userId);
  assert.ok(results.filter((r) => r.headers.connection === 'close').length >= 12, 'answers while draining close their connection');
  assert.equal(await svc.exit, 0);
  assert.equal(svc.lines().at(-1).msg, 'stopped');
  agent.destroy();
  await mockA.close();
});

test('SIGTERM with a request stuck past limits.requestTimeoutMs: the drain ends at that limit, exit 0', async () => {
  const mockA = await mockFor(A);
  const svc = await serve(['--config', writeConfig({ listen: { port: 0 }, limits: { headersTimeoutMs: 500, requestTimeoutMs: 1000 }, tenants: [tenantFor('a', A, mockA, { client: { timeoutMs: 20_000 } })] })]);
  mockA.gateway.injectFault('latency', { times: 1, latencyMs: 10_000 });
  const stuck = request(svc.url, { token: A.token, body: { code: issue(mockA, A) } }).then((r) => r.status, (e) => e.code);
  await sleep(200);
  const t0 = Date.now();
  svc.proc.kill('SIGTERM');
  assert.equal(await svc.exit, 0);
  const ms = Date.now() - t0;
  assert.ok(ms >= 900 && ms < 4000, `drained in ${ms} ms`);
  assert.ok(svc.lines().some((l) => l.msg === 'drain timeout: closing the remaining connections'));
  assert.equal(await stuck, 'ECONNRESET');
  await mockA.close();
});

test('--check, a missing config, a bad one, a non-loopback host without mTLS: refused with exit 2, naming the field, never the value', async () => {
  const mockA = await mockFor(A);
  const good = writeConfig({ tenants: [tenantFor('a', A, mockA)] });
  const ok = await runServe(['--config', good, '--check']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { level: 'info', msg: 'config ok', tenants: 1 });
  const byEnv = await runServe(['--check'], { env: { YJT_SERVE_CONFIG: good } });
  assert.equal(byEnv.code, 0, byEnv.stderr);
  const none = await runServe([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /YJT_SERVE_CONFIG/);
  const exposed = await runServe(['--config', good, '--host', '0.0.0.0']);
  assert.equal(exposed.code, 2);
  assert.match(exposed.stderr, /\[INVALID_CONFIG\] \(field listen\.host\).*mTLS/);
  const t = tenantFor('a', A, mockA);
  for (const [config, field] of [
    [{ tenants: [{ ...t, client: { ...t.client, appKey: 'short-SECRET' } }] }, 'tenants[0].client.appKey'],
    [{ tenants: [{ ...t, client: { ...t.client, paasToken: undefined, paasTokenEnv: 'NOT_SET_ANYWHERE' } }] }, 'tenants[0].client.paasTokenEnv'],
    [{ tenants: [{ ...t, client: { ...t.client, appKeyFile: '/x' } }] }, 'tenants[0].client.appKey'],
    [{ tenants: [{ ...t, tokenSha256: ['abc'] }] }, 'tenants[0].tokenSha256[0]'],
    [{ tenants: [t, { ...t }] }, 'tenants[1].id'],
    [{ tenants: [t, { ...t, id: 'b' }] }, 'tenants[1].tokenSha256'],
    [{ tenants: [{ ...t, exchange: { mask: ['password'] } }] }, 'tenants[0].exchange.mask[0]'],
    [{ tenants: [{ ...t, call: { allow: [{ path: '/a/../b' }] } }] }, 'tenants[0].call.allow[0].path'],
    [{ tenants: [t], limits: { bodyBytes: 1 } }, 'limits.bodyBytes'],
    [{ tenants: [t], store: { redisUrl: 'http://x' } }, 'store.redisUrl'],
    [{ tenants: [{ ...t, clientCertFingerprint256: ['AB'.repeat(31)] }] }, 'tenants[0].clientCertFingerprint256[0]'],
    [{ tenants: [{ ...t, clientCertFingerprint256: ['AB:'.repeat(31) + 'AB'] }] }, 'tenants[0].clientCertFingerprint256'],
    [{ tenants: [] }, 'tenants'],
  ]) {
    const r = await runServe(['--config', writeConfig(config), '--check']);
    assert.equal(r.code, 2, `${field}: ${r.stdout}${r.stderr}`);
    assert.ok(r.stderr.includes(`(field ${field})`), `${field}: ${r.stderr}`);
    assert.deepEqual(leaks(r.stderr), []);
    assert.ok(!r.stderr.includes('short-SECRET'));
  }
  await mockA.close();
});
