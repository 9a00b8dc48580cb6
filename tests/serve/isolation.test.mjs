// Tenant isolation: two hospitals in one service, each with its own gateway (mock), credentials,
// users and allow list. A tenant's token reaches only its own credentials and commands; another
// tenant's code, command or path gets nowhere near the other's gateway; one tenant saturating its
// concurrency leaves the other unaffected.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { A, B, issue, leaks, mockFor, request, serve, tenantFor, writeConfig } from './_serve.mjs';

let mockA;
let mockB;
let svc;
const codes = [];

before(async () => {
  mockA = await mockFor(A, { services: { '0A': () => ({ tenant: 'a' }) } });
  mockB = await mockFor(B, { services: { '0B': () => ({ tenant: 'b' }) } });
  svc = await serve(['--config', writeConfig({
    listen: { port: 0 },
    limits: { concurrencyPerTenant: 2 },
    tenants: [
      tenantFor('a', A, mockA, { call: { allow: [{ command: '0A' }] } }),
      tenantFor('b', B, mockB, { call: { allow: [{ command: '0B' }] } }),
    ],
  })]);
});
after(async () => {
  await svc?.stop();
  await mockA?.close();
  await mockB?.close();
});

test("each token reaches its own tenant: A's token exchanges on A's gateway with A's credentials, B's on B's", async () => {
  const ca = issue(mockA, A);
  const cb = issue(mockB, B);
  codes.push(ca, cb);
  const a = await request(svc.url, { token: A.token, body: { code: ca } });
  const b = await request(svc.url, { token: B.token, body: { code: cb } });
  assert.equal(a.json.user.userId, A.user.userId);
  assert.equal(b.json.user.userId, B.user.userId);
  // The mocks verify the signature (paasToken), paasid and appSecret: each got its own.
  assert.equal(mockA.gateway.stats.rejected, 0);
  assert.equal(mockB.gateway.stats.rejected, 0);
});

test("A's token with B's code goes to A's gateway only (422 there) and leaves B's code unused", async () => {
  const cb = issue(mockB, B);
  codes.push(cb);
  const beforeB = mockB.gateway.stats.requests;
  const cross = await request(svc.url, { token: A.token, body: { code: cb } });
  assert.equal(cross.status, 422);
  assert.equal(cross.json.code, 'GATEWAY_FAILURE');
  assert.equal(mockB.gateway.stats.requests, beforeB, "B's gateway never saw A's request");
  const own = await request(svc.url, { token: B.token, body: { code: cb } });
  assert.equal(own.status, 200, 'the code is still good for B');
  assert.equal(own.json.user.userId, B.user.userId);
});

test("A's token cannot call B's commands, and the reverse", async () => {
  const beforeA = mockA.gateway.stats.requests;
  const beforeB = mockB.gateway.stats.requests;
  const ab = await request(svc.url, { path: '/v1/call', token: A.token, body: { command: '0B' } });
  const ba = await request(svc.url, { path: '/v1/call', token: B.token, body: { command: '0A' } });
  assert.deepEqual([ab.status, ab.json.code, ba.status, ba.json.code], [403, 'FORBIDDEN', 403, 'FORBIDDEN']);
  assert.equal(mockA.gateway.stats.requests, beforeA);
  assert.equal(mockB.gateway.stats.requests, beforeB);
  const a = await request(svc.url, { path: '/v1/call', token: A.token, body: { command: '0A' } });
  const b = await request(svc.url, { path: '/v1/call', token: B.token, body: { command: '0B' } });
  assert.deepEqual([a.json, b.json], [{ data: { tenant: 'a' } }, { data: { tenant: 'b' } }]);
});

test("one tenant at its concurrency limit (429) leaves the other's requests unaffected", async () => {
  mockA.gateway.injectFault('latency', { times: 2, latencyMs: 600 });
  const slow = [0, 1].map(() => {
    const c = issue(mockA, A);
    codes.push(c);
    return request(svc.url, { token: A.token, body: { code: c } });
  });
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await request(svc.url, { token: A.token, body: { code: issue(mockA, A) } })).status, 429);
  const cb = issue(mockB, B);
  codes.push(cb);
  const b = await request(svc.url, { token: B.token, body: { code: cb } });
  assert.equal(b.status, 200, 'B is not throttled by A');
  for (const r of await Promise.all(slow)) assert.equal(r.status, 200);
});

test('answers and logs name only the caller\'s tenant; no secret of either tenant anywhere', async () => {
  const m = await request(svc.url, { method: 'GET', path: '/metrics' });
  assert.match(m.text, /tenant="a"/);
  assert.match(m.text, /tenant="b"/);
  const lines = svc.lines().filter((l) => l.msg === 'request' && l.route === '/v1/call' && l.status === 403);
  assert.deepEqual(lines.map((l) => l.tenant).sort(), ['a', 'b']);
  assert.deepEqual(leaks(svc.out + svc.stderr + m.text, codes), []);
});
