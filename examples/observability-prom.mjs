// prom-client 示例：网关调用耗时直方图，按结果（ok 或错误码）打标签。
// prom-client example: a latency histogram of gateway calls labelled by outcome ('ok' or the
// YjtError code) and client; serve `registry.metrics()` on /metrics in your app.
//   node examples/observability-prom.mjs
import { pathToFileURL } from 'node:url';
import { Counter, Histogram, Registry } from 'prom-client';
import { exchangeTwice } from './_observe.mjs';

export const METRIC = 'yjt_gateway_request_duration_seconds';
export const STORE_METRIC = 'yjt_store_exchanges_total';

/**
 * 注册直方图并返回 onEvent 钩子 / registers the histogram and returns the onEvent hook.
 * @param {import('prom-client').Registry} registry
 * @returns {(event: import('yjt-sso').YjtEvent) => void}
 */
export function promOnEvent(registry) {
  const histogram = new Histogram({
    name: METRIC,
    help: '粤健通网关调用耗时 / duration of 粤健通 gateway calls',
    labelNames: ['client', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // With a shared store: exchanges by role (claimant, waiter, bypass) and store error ('none' when it worked).
  const store = new Counter({
    name: STORE_METRIC,
    help: '经共享存储的换取次数 / exchanges through the shared store',
    labelNames: ['role', 'error'],
    registers: [registry],
  });
  return (e) => {
    if (e.type === 'end') histogram.observe({ client: e.client, outcome: e.code ?? 'ok' }, e.durationMs / 1000);
    if (e.type === 'store') store.inc({ role: e.role, error: e.error ?? 'none' });
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const registry = new Registry();
  const outcomes = await exchangeTwice(promOnEvent(registry));
  console.log(`outcomes: ${outcomes.join(', ')}`);
  console.log(await registry.metrics());
}
