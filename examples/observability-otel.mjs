// OpenTelemetry 示例：每次网关调用一个 CLIENT span（start 事件开始、end 事件结束），失败时状态为 ERROR。
// OpenTelemetry example: one CLIENT span per gateway call, opened on `start` and ended on `end`,
// with status ERROR and `error.type` on failure. Uses only @opentelemetry/api; the standalone run
// records spans in memory with @opentelemetry/sdk-trace-base (use your exporter in production).
//   node examples/observability-otel.mjs
import { pathToFileURL } from 'node:url';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { exchangeTwice } from './_observe.mjs';

/**
 * onEvent 钩子：按 callId 配对 start / end / an onEvent hook pairing start and end by callId.
 * @param {import('@opentelemetry/api').Tracer} tracer  默认取全局 TracerProvider / the global one by default
 * @returns {(event: import('yjt-sso').YjtEvent) => void}
 */
export function otelOnEvent(tracer = trace.getTracer('yjt-sso')) {
  const open = new Map();
  return (e) => {
    if (e.type === 'store') {
      // With a shared store: one INTERNAL span per exchange covering the wait, with this instance's role.
      const span = tracer.startSpan('yjt-sso store', { kind: SpanKind.INTERNAL, startTime: Date.now() - e.waitedMs, attributes: { 'yjt.store.role': e.role } });
      if (e.error !== null) span.setAttribute('yjt.store.error', e.error);
      span.end();
      return;
    }
    if (e.type === 'start') {
      open.set(e.callId, tracer.startSpan(`yjt-sso ${e.client}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'http.request.method': e.method, 'server.address': e.host, 'yjt.client': e.client },
      }));
      return;
    }
    const span = open.get(e.callId);
    if (!span) return;
    open.delete(e.callId);
    if (e.status !== null) span.setAttribute('http.response.status_code', e.status);
    if (e.errcode !== null) span.setAttribute('yjt.errcode', e.errcode);
    span.setAttribute('yjt.retryable', e.retryable);
    if (e.code !== null) {
      span.setAttribute('error.type', e.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.code });
    }
    span.end();
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const outcomes = await exchangeTwice(otelOnEvent(provider.getTracer('yjt-sso')));
  console.log(`outcomes: ${outcomes.join(', ')}`);
  for (const s of exporter.getFinishedSpans()) {
    console.log(`span ${s.name} status=${s.status.code} ${JSON.stringify(s.attributes)}`);
  }
  await provider.shutdown();
}
