// 模拟网关的故障注入：每种故障对应客户端的正确错误类型（真实回环 HTTP）。
// The mock's fault injection over real loopback HTTP: each kind maps to the right client error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YjtClient, YjtError, startMockGateway, creds, alice } from './_mock.mjs';

test('admin route POST /__mock/codes over real HTTP; each fault kind maps to the right client error', async () => {
  const mock = await startMockGateway({ ...creds, users: [alice] });
  try {
    const res = await fetch(`${mock.url}/__mock/codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: alice.userId }) });
    const { code } = await res.json();
    const client = new YjtClient({ env: 'test', ...creds, baseUrl: mock.baseUrl, timeoutMs: 1500 });
    assert.equal((await client.exchangeCode(code)).phone, alice.phone);
    const cases = [
      ['http429', 'HTTP_STATUS', true],
      ['http500', 'HTTP_STATUS', false],
      ['http502', 'HTTP_STATUS', true],
      ['http503', 'HTTP_STATUS', true],
      ['http504', 'HTTP_STATUS', true],
      ['malformedJson', 'BAD_RESPONSE', false],
      ['truncatedBody', 'NETWORK', true],
      ['reset', 'NETWORK', true],
      ['hangingBody', 'TIMEOUT', true],
    ];
    for (const [kind, code, retryable] of cases) {
      mock.gateway.injectFault(kind);
      await assert.rejects(client.exchangeCode(mock.gateway.issueCode(alice)), (e) => {
        assert.ok(e instanceof YjtError, kind);
        assert.equal(e.code, code, kind);
        assert.equal(e.retryable, retryable, kind);
        return true;
      });
    }
    mock.gateway.injectFault('latency', { latencyMs: 50 });
    assert.equal((await client.exchangeCode(mock.gateway.issueCode(alice))).userId, alice.userId);
    assert.equal(mock.gateway.stats.faults, cases.length + 1);
  } finally {
    await mock.close();
  }
});
