// 可观测性示例共用：两个“实例”（两个 YjtClient）共用一个存储；同一 code 连点两下（一次网关调用，一个发起者、一个等待者），
// 再换一个无效 code（GATEWAY_FAILURE）。事件交给 onEvent。
// Shared by the observability examples: two "instances" (two YjtClients) sharing one store; a
// double tap of one code (one gateway call: a claimant and a waiter), then an invalid code
// (GATEWAY_FAILURE). Every event goes to `onEvent`. In production the store is Redis
// (nodeRedisStore / ioredisStore); memoryStore keeps the example self-contained.
import { YjtClient, YjtError, memoryStore } from 'yjt-sso';
import { DEMO_CREDENTIALS, DEMO_USER } from './_shared.mjs';

/**
 * @param {(event: import('yjt-sso').YjtEvent) => void} onEvent
 * @param {{ baseUrl: string, issueCode: () => string } | undefined} gateway  测试传入；缺省时启动本机模拟网关 / a mock when absent
 * @returns {Promise<string[]>} 每次调用的结果（'ok' 或错误码）/ each call's outcome
 */
export async function exchangeTwice(onEvent, gateway) {
  let mock = null;
  if (!gateway) {
    const { startMockGateway } = await import('yjt-sso/mock');
    mock = await startMockGateway({ ...DEMO_CREDENTIALS, users: [DEMO_USER] });
    gateway = { baseUrl: mock.baseUrl, issueCode: () => mock.gateway.issueCode(DEMO_USER) };
  }
  const store = memoryStore();
  const [a, b] = [0, 1].map(() => new YjtClient({ env: 'test', ...DEMO_CREDENTIALS, baseUrl: gateway.baseUrl, store, onEvent }));
  const outcome = (p) => p.then(() => 'ok', (e) => { if (e instanceof YjtError) return e.code; throw e; });
  try {
    const code = gateway.issueCode();
    const tap = await Promise.all([outcome(a.exchangeCode(code)), outcome(b.exchangeCode(code))]);
    const last = await outcome(a.exchangeCode('0'.repeat(32)));
    // The claimant's `store` event follows the write of the outcome, just after the caller has
    // its result: give it a moment before the example ends.
    await new Promise((r) => setTimeout(r, 100));
    return [...tap, last];
  } finally {
    a.free();
    b.free();
    await mock?.close();
  }
}
