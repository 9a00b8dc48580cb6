// pino 示例：每次网关调用一行结构化日志（成功 info，失败 warn），只含主机、状态码、errcode、错误码与耗时；
// 配置了共享存储时，每次换取再记一行本实例的角色（发起者、等待者或绕过）。
// pino example: one structured log line per gateway call (info on success, warn on failure) with
// the host, status, errcode, error code and duration — the SDK's events carry no code, secret or PII.
//   node examples/observability-pino.mjs
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { exchangeTwice } from './_observe.mjs';

/**
 * onEvent 钩子：把 end 事件写成一行日志 / an onEvent hook logging each `end` event.
 * @param {import('pino').Logger} logger
 * @returns {(event: import('yjt-sso').YjtEvent) => void}
 */
export function pinoOnEvent(logger) {
  const log = logger.child({ component: 'yjt-sso' });
  return (e) => {
    if (e.type === 'start') return log.debug({ callId: e.callId, host: e.host }, 'gateway call started');
    // With a shared store: whether this instance called the gateway, was served from the store, or bypassed a failing store.
    if (e.type === 'store') return log[e.error === null ? 'info' : 'warn']({ role: e.role, storeError: e.error, waitedMs: Math.round(e.waitedMs) }, 'exchange via store');
    const fields = { callId: e.callId, client: e.client, host: e.host, status: e.status, errcode: e.errcode, code: e.code, retryable: e.retryable, durationMs: Math.round(e.durationMs) };
    if (e.code === null) log.info(fields, 'gateway call ok');
    else log.warn(fields, 'gateway call failed');
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outcomes = await exchangeTwice(pinoOnEvent(pino()));
  console.log(`outcomes: ${outcomes.join(', ')}`);
}
