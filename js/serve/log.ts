/**
 * 结构化日志：每行一个 JSON 对象（stdout）。调用方只传入固定集合里的值（路由、租户 id、状态、错误码、耗时），
 * 从不传入登录 code、机密或个人信息。
 * Structured logs: one JSON object a line on stdout. Callers pass only values from fixed sets
 * (route, tenant id, status, error code, duration, a reason written in this code) — never a login
 * code, a secret or personal data, and never a request's text. Lines of one event-loop turn go
 * out in one write (stdout to a pipe or file is a synchronous syscall per write on Linux).
 *
 * @module
 */

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Where log lines go (stdout by default). */
export type LogSink = (text: string) => void;

/** A line writer. */
export class Logger {
  readonly #sink: LogSink;
  #pending = '';
  #scheduled = false;
  constructor(sink: LogSink = (text) => process.stdout.write(text)) {
    this.#sink = sink;
  }
  write(level: 'info' | 'warn' | 'error', msg: string, fields: LogFields = {}): void {
    this.#pending += `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
  }
  /** Writes what is pending now (also before the process exits). */
  flush(): void {
    this.#scheduled = false;
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    this.#sink(text);
  }
}
