/**
 * Prometheus 指标（文本格式 0.0.4）：按路由与结果的请求数、服务与网关的耗时直方图、进行中的请求数、配置重载次数。
 * The service's Prometheus metrics (text format 0.0.4): requests by route, tenant and outcome,
 * latency histograms of the service and of the gateway, requests in flight, config reloads.
 * Label values come from fixed sets (routes, configured tenant ids, error codes), never from
 * caller input.
 *
 * @module
 */

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

class Histogram {
  readonly counts = new Array<number>(BUCKETS.length).fill(0);
  sum = 0;
  count = 0;
  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) this.counts[i]!++;
  }
}

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (o: Record<string, string>): string => Object.entries(o).map(([k, v]) => `${k}="${esc(v)}"`).join(',');

/** The service's metrics. */
export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #gateway = new Map<string, Histogram>();
  readonly #reloads = new Map<string, number>();
  readonly #store = new Map<string, number>();
  inFlight = 0;

  /** Label strings by their raw key: built once per combination, not per request. */
  readonly #keys = new Map<string, string>();
  #key(raw: string, make: () => Record<string, string>): string {
    let k = this.#keys.get(raw);
    if (k === undefined) this.#keys.set(raw, (k = labels(make())));
    return k;
  }

  /** One finished request. */
  request(route: string, tenant: string, status: number, outcome: string, seconds: number): void {
    const k = this.#key(`r\0${route}\0${tenant}\0${status}\0${outcome}`, () => ({ route, tenant, status: String(status), outcome }));
    this.#requests.set(k, (this.#requests.get(k) ?? 0) + 1);
    const lk = this.#key(`l\0${route}`, () => ({ route }));
    let h = this.#latency.get(lk);
    if (!h) this.#latency.set(lk, (h = new Histogram()));
    h.observe(seconds);
  }

  /** One gateway call (an SDK `end` event). */
  gateway(tenant: string, client: string, outcome: string, seconds: number): void {
    const k = this.#key(`g\0${tenant}\0${client}\0${outcome}`, () => ({ tenant, client, outcome }));
    let h = this.#gateway.get(k);
    if (!h) this.#gateway.set(k, (h = new Histogram()));
    h.observe(seconds);
  }

  /** One shared-store outcome (an SDK `store` event). */
  store(role: string, error: string | null): void {
    const k = labels({ role, error: error ?? 'none' });
    this.#store.set(k, (this.#store.get(k) ?? 0) + 1);
  }

  /** One SIGHUP reload: applied or refused. */
  reload(result: 'applied' | 'refused'): void {
    const k = labels({ result });
    this.#reloads.set(k, (this.#reloads.get(k) ?? 0) + 1);
  }

  /** The text exposition. */
  render(): string {
    const out: string[] = [];
    const counter = (name: string, help: string, m: Map<string, number>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [k, v] of m) out.push(`${name}{${k}} ${v}`);
    };
    const histogram = (name: string, help: string, m: Map<string, Histogram>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      for (const [k, h] of m) {
        BUCKETS.forEach((b, i) => out.push(`${name}_bucket{${k},le="${b}"} ${h.counts[i]}`));
        out.push(`${name}_bucket{${k},le="+Inf"} ${h.count}`, `${name}_sum{${k}} ${h.sum}`, `${name}_count{${k}} ${h.count}`);
      }
    };
    counter('yjt_serve_requests_total', 'Requests by route, tenant, status and outcome (ok or the error code).', this.#requests);
    histogram('yjt_serve_request_duration_seconds', 'Time from the request to the end of the answer, by route.', this.#latency);
    histogram('yjt_serve_gateway_duration_seconds', 'Gateway calls by tenant, client (exchange or call) and outcome.', this.#gateway);
    out.push('# HELP yjt_serve_in_flight Requests being served.', '# TYPE yjt_serve_in_flight gauge', `yjt_serve_in_flight ${this.inFlight}`);
    counter('yjt_serve_store_events_total', 'Shared-store outcomes by role and error.', this.#store);
    counter('yjt_serve_config_reloads_total', 'SIGHUP reloads by result.', this.#reloads);
    return `${out.join('\n')}\n`;
  }
}
