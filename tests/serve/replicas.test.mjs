// Two yjt-sso serve replicas on one real Redis (Debian's redis-server on a free loopback port,
// tests/multi/_redis.mjs): the same code sent to both, at once or one after the other, reaches
// the gateway once (the mock counts) and both answer the same identity. Readiness follows the
// store; with storeFailure "bypass" a Redis outage does not stop exchanges.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from 'redis';
import { startRedis } from '../multi/_redis.mjs';
import { A, issue, leaks, mockFor, request, serve, tempDir, tenantFor, writeConfig } from './_serve.mjs';

const STORE_KEY = 'serve-replicas-store-key-0123456789abcdef-SECRET';
let redis;
let mock;
const replicas = [];
let failing;
const codes = [];

before(async () => {
  redis = await startRedis();
  mock = await mockFor(A);
  const dir = tempDir();
  writeFileSync(path.join(dir, 'store-key'), `${STORE_KEY}\n`);
  const tenant = tenantFor('a', A, mock);
  tenant.client.storeKeyFile = path.join(dir, 'store-key');
  const file = writeConfig({ listen: { port: 0 }, store: { redisUrlEnv: 'TEST_REDIS_URL', storeFailure: 'bypass' }, tenants: [tenant] }, dir);
  // The service loads the user's `redis` package (here the workspace's, found from .tmp/consumer upwards).
  const env = { TEST_REDIS_URL: redis.url };
  for (let i = 0; i < 2; i++) replicas.push(await serve(['--config', file], { env }));
  // A third service whose store failures fail the exchange (storeFailure "fail").
  const strict = writeConfig({ listen: { port: 0 }, store: { redisUrlEnv: 'TEST_REDIS_URL', storeFailure: 'fail' }, tenants: [tenant] }, tempDir());
  failing = await serve(['--config', strict], { env });
});
after(async () => {
  for (const r of replicas) await r.stop();
  await failing?.stop();
  await mock?.close();
  await redis?.stop();
});

test('both replicas are ready: config loaded, store reachable', async () => {
  for (const r of replicas) {
    const res = await request(r.url, { method: 'GET', path: '/readyz' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { status: 'ready', checks: { config: 'ok', store: 'ok' } });
  }
});

test('the same code to both replicas at once: one gateway request, two identical answers', async () => {
  for (let round = 0; round < 10; round++) {
    mock.gateway.injectFault('latency', { times: 1, latencyMs: 150 });
    const code = issue(mock, A);
    codes.push(code);
    const before = mock.gateway.stats.codeRequests;
    const [a, b] = await Promise.all(replicas.map((r) => request(r.url, { token: A.token, body: { code } })));
    assert.equal(a.status, 200, a.text);
    assert.equal(b.status, 200, b.text);
    assert.equal(a.text, b.text, 'byte-identical answers');
    assert.equal(a.json.user.userId, A.user.userId);
    assert.equal(mock.gateway.stats.codeRequests - before, 1, 'one gateway request for the code');
  }
  assert.equal(mock.gateway.stats.repeatedCodeRequests, 0);
});

test('the same code to the second replica afterwards: the stored outcome, no second gateway request', async () => {
  const code = issue(mock, A);
  codes.push(code);
  const first = await request(replicas[0].url, { token: A.token, body: { code } });
  assert.equal(first.status, 200);
  const before = mock.gateway.stats.requests;
  const second = await request(replicas[1].url, { token: A.token, body: { code } });
  assert.equal(second.status, 200, second.text);
  assert.equal(second.text, first.text);
  assert.equal(mock.gateway.stats.requests, before);
  // Redis holds neither the code nor the identity in clear.
  const rc = createClient({ url: redis.url });
  await rc.connect();
  try {
    const keys = await rc.keys('*');
    assert.ok(keys.length > 0);
    const dump = [...keys, ...(await Promise.all(keys.map((k) => rc.get(k))))].join('\n');
    assert.deepEqual(leaks(dump, codes), []);
  } finally {
    await rc.quit();
  }
});

test('Redis down: /readyz 503 (store unreachable), exchanges go on (storeFailure bypass); back up: ready again', async () => {
  await redis.kill('SIGKILL');
  for (const r of replicas) {
    const res = await request(r.url, { method: 'GET', path: '/readyz' });
    assert.equal(res.status, 503, res.text);
    assert.deepEqual(res.json, { status: 'not ready', checks: { config: 'ok', store: 'unreachable' } });
  }
  const code = issue(mock, A);
  codes.push(code);
  const r = await request(replicas[0].url, { token: A.token, body: { code } });
  assert.equal(r.status, 200, r.text);
  const strict = await request(failing.url, { token: A.token, body: { code: issue(mock, A) } });
  assert.equal(strict.status, 503, strict.text);
  assert.equal(strict.json.code, 'STORE_UNAVAILABLE');
  assert.equal(strict.json.retryable, true);
  await redis.restart();
  for (const rep of replicas) {
    let status;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await request(rep.url, { method: 'GET', path: '/readyz' })).status;
      if (status !== 200) await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(status, 200, 'ready again once Redis is back');
  }
  const after = issue(mock, A);
  codes.push(after);
  const [a, b] = await Promise.all(replicas.map((rep) => request(rep.url, { token: A.token, body: { code: after } })));
  assert.equal(a.text, b.text);
  for (const rep of replicas) {
    assert.deepEqual(leaks(rep.out + rep.stderr, [...codes, redis.url]), []);
    assert.ok(!rep.out.includes(STORE_KEY));
  }
});
