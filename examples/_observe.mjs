// 可观测性示例共用：对模拟网关做两次换取（一次成功、一次重用 code 失败），事件交给 onEvent。
// Shared by the observability examples: two exchanges against a mock gateway (one success, one
// reused code → GATEWAY_FAILURE), every event handed to `onEvent`.
import { YjtClient, YjtError } from 'yjt-sso';
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
  const client = new YjtClient({ env: 'test', ...DEMO_CREDENTIALS, baseUrl: gateway.baseUrl, onEvent });
  const outcomes = [];
  try {
    const code = gateway.issueCode();
    for (const c of [code, code]) {
      try {
        await client.exchangeCode(c);
        outcomes.push('ok');
      } catch (e) {
        if (!(e instanceof YjtError)) throw e;
        outcomes.push(e.code);
      }
    }
  } finally {
    client.free();
    await mock?.close();
  }
  return outcomes;
}
