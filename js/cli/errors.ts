/**
 * How a failure reaches the terminal: the message on stderr and the exit code (1 the operation
 * failed, 2 a usage error). A config error also says where its field is set.
 *
 * @module
 */
import { YjtError } from '../index.js';
import { UsageError } from './args.js';
import { whereToSet } from './fields.js';
import { ProxyUnavailable, proxyHint } from './proxy.js';

/** Prints `e` on stderr; returns the exit code. */
export function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    console.error(`用法错误 / usage error: ${e.message}\n运行 yjt-sso help 查看帮助 / run \`yjt-sso help\``);
    return 2;
  }
  if (e instanceof YjtError) {
    const extra = [e.errcode !== undefined ? `errcode=${e.errcode}` : '', e.status !== undefined ? `status=${e.status}` : ''].filter(Boolean).join(' ');
    console.error(`错误 / error [${e.code}]${extra ? ` (${extra})` : ''}: ${e.message}`);
    if (e.code === 'INVALID_CONFIG' && e.field !== undefined) {
      const where = whereToSet(e.field);
      console.error(`${where.zh} / ${where.en}`);
    }
    const hint = e.code === 'NETWORK' || e.code === 'TIMEOUT' ? proxyHint() : undefined;
    if (hint !== undefined) console.error(hint);
    return 1;
  }
  if (e instanceof ProxyUnavailable) {
    console.error(`错误 / error: ${e.message}`);
    return 1;
  }
  console.error(`错误 / error: ${e instanceof Error ? e.name : 'unknown'}`);
  return 1;
}
