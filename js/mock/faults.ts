/**
 * Fault injection: queued faults (injectFault) first, then random ones at the configured rate.
 * Each kind imitates what a client meets in the field: latency, 429/5xx, a malformed, truncated
 * or endless body, a reset connection.
 */
import type { FaultKind, MockGatewayOptions, MockStats } from './types.js';

/**
 * 处理函数抛出它，请求 HTTP 适配器重置连接。
 * Thrown by the handler to ask the server adapter to reset the connection.
 *
 * @example
 * ```ts
 * try { await gw.fetch(request); } catch (e) { if (e instanceof MockConnectionReset) socket.destroy(); }
 * ```
 */
export class MockConnectionReset extends Error {
  constructor() {
    super('mock: connection reset');
    this.name = 'MockConnectionReset';
  }
}

interface Fault {
  kind: FaultKind;
  latencyMs?: number;
}

export interface Faults {
  inject(kind: FaultKind, options?: { times?: number; latencyMs?: number }): void;
  /** Runs `run` (the real answer) through the next fault, if any. */
  around(run: () => Response | Promise<Response>): Promise<Response>;
}

const enc = new TextEncoder();
const JSON_TYPE = { 'content-type': 'application/json;charset=utf-8' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createFaults(random: MockGatewayOptions['faults'], stats: MockStats): Faults {
  const queued: Fault[] = [];

  function pick(): Fault | undefined {
    const q = queued.shift();
    if (q) return q;
    const f = random;
    if (f && f.kinds.length > 0 && (f.random ?? Math.random)() < f.rate) {
      const r = (f.random ?? Math.random)();
      return { kind: f.kinds[Math.floor(r * f.kinds.length) % f.kinds.length]!, latencyMs: f.latencyMs };
    }
    return undefined;
  }

  async function apply(f: Fault, run: () => Response | Promise<Response>): Promise<Response> {
    stats.faults++;
    stats.faultsByKind[f.kind] = (stats.faultsByKind[f.kind] ?? 0) + 1;
    switch (f.kind) {
      case 'latency':
        await sleep(f.latencyMs ?? 200);
        return run();
      case 'http429':
        return new Response('Too Many Requests', { status: 429 });
      case 'http500':
        return new Response('Internal Server Error', { status: 500 });
      case 'http502':
        return new Response('Bad Gateway', { status: 502 });
      case 'http503':
        return new Response('Service Unavailable', { status: 503 });
      case 'http504':
        return new Response('Gateway Timeout', { status: 504 });
      case 'reset':
        throw new MockConnectionReset();
      case 'malformedJson': {
        const real = await (await run()).text();
        return new Response(real.slice(0, Math.max(1, real.length >> 1)) + '<html>', { status: 200, headers: JSON_TYPE });
      }
      case 'truncatedBody': {
        const real = enc.encode(await (await run()).text());
        // Half the body, then the stream errors: the adapter aborts the connection.
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(real.subarray(0, real.length >> 1));
            c.error(new MockConnectionReset());
          },
        });
        return new Response(body, { status: 200, headers: JSON_TYPE });
      }
      case 'hangingBody': {
        void Promise.resolve(run()).catch(() => {}); // the code is consumed, as when a real response stalls mid-body
        let timer: ReturnType<typeof setInterval> | undefined;
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(enc.encode('{"errcode":0,'));
            // A heartbeat keeps the body open forever; cancel() (client gone) stops it.
            timer = setInterval(() => c.enqueue(enc.encode(' ')), 1000);
          },
          cancel() {
            clearInterval(timer);
          },
        });
        return new Response(body, { status: 200, headers: JSON_TYPE });
      }
    }
  }

  return {
    inject(kind, opts = {}) {
      for (let i = 0; i < (opts.times ?? 1); i++) queued.push({ kind, latencyMs: opts.latencyMs });
    },
    around(run) {
      const fault = pick();
      return fault ? apply(fault, run) : Promise.resolve(run());
    },
  };
}
