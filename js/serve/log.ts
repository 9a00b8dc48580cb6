/**
 * 结构化日志：每行一个 JSON 对象（stdout）。调用方只传入固定集合里的值（路由、租户 id、状态、错误码、耗时），
 * 从不传入登录 code、机密或个人信息。
 * Structured logs: one JSON object a line on stdout. Callers pass only values from fixed sets
 * (route, tenant id, status, error code, duration, a reason written in this code) — never a login
 * code, a secret or personal data, and never a request's text.
 *
 * @module
 */

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Where log lines go (stdout by default; tests capture them). */
export type LogSink = (line: string) => void;

/** A line writer. */
export class Logger {
  readonly #sink: LogSink;
  constructor(sink: LogSink = (line) => process.stdout.write(line)) {
    this.#sink = sink;
  }
  write(level: 'info' | 'warn' | 'error', msg: string, fields: LogFields = {}): void {
    this.#sink(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  }
}
