// 模拟网关的管理接口：拒绝跨源与非 JSON 的 POST，网页无法签发 code 或替换用户。
// The mock's admin routes refuse cross-origin and non-JSON POSTs, so a web page cannot issue
// codes or replace users.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { YjtClient, createMockGateway, MOCK_API_PATH, creds, alice } from './_mock.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 20_000 }, fn);

test('POST /__mock/codes: only application/json, no foreign Origin; a refused request changes nothing', async () => {
  const gw = createMockGateway({ ...creds, users: [alice], now: () => 1_800_000_000_000 });
  const post = (body, headers) => gw.fetch(new Request('http://127.0.0.1:8787/__mock/codes', { method: 'POST', headers, body }));
  const evil = JSON.stringify({ ...alice, name: '攻击者', phone: '13900000000' });
  // Simple (no-preflight) CORS requests a web page can send: text/plain, form encodings, none.
  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await post(evil, { 'content-type': type, origin: 'http://127.0.0.1:8787' });
    assert.equal(res.status, 415, type);
  }
  assert.equal((await post(evil, {})).status, 415, 'no content type');
  // JSON from a foreign origin (a preflighted request, or a DNS-rebinding page) is refused too.
  for (const headers of [
    { origin: 'https://evil.example' },
    { origin: 'http://rebound.example:8787' },
    { origin: 'null' },
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site' },
  ]) {
    const res = await post(evil, { 'content-type': 'application/json', ...headers });
    assert.equal(res.status, 403, JSON.stringify(headers));
  }
  assert.equal((await post('[]', { 'content-type': 'application/json' })).status, 400);
  assert.equal((await post('"u-1"', { 'content-type': 'application/json' })).status, 400);
  // Nothing above replaced alice: an exchange still returns her.
  assert.equal(gw.stats.exchanges, 0);
  const ok = await post(JSON.stringify({ userId: alice.userId }), { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(ok.status, 200);
  const { code } = await ok.json();
  const client = new YjtClient({ env: 'test', ...creds, baseUrl: 'http://127.0.0.1' + MOCK_API_PATH, now: () => 1_800_000_000_000, fetch: (u, i) => gw.fetch(new Request(u, i)) });
  const user = await client.exchangeCode(code);
  assert.equal(user.name, alice.name);
  assert.equal(user.phone, alice.phone);
  // Same-origin browser requests and tools (curl: no Origin) are fine.
  assert.equal((await post(JSON.stringify({ userId: alice.userId }), { 'content-type': 'application/json', origin: 'http://127.0.0.1:8787', 'sec-fetch-site': 'same-origin' })).status, 200);
  client.free();
});
