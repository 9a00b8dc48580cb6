/**
 * The dispatcher: one table from subcommand name to its implementation and help.
 *
 * @module
 */
import { UsageError } from './args.js';
import { call } from './call.js';
import type { Subcommand } from './command.js';
import { doctor } from './doctor.js';
import { exchange } from './exchange.js';
import { headers } from './headers.js';
import { overview } from './help.js';
import { mockGateway } from './mock-gateway.js';
import { serve } from './serve.js';
import { sign } from './sign.js';
import { sm4Command } from './sm4.js';

/** Every subcommand, in the order of `yjt-sso help`. */
export const COMMANDS: Readonly<Record<string, Subcommand>> = {
  encrypt: sm4Command('encrypt'),
  decrypt: sm4Command('decrypt'),
  verify: sm4Command('verify'),
  sign,
  headers,
  exchange,
  call,
  doctor,
  'mock-gateway': mockGateway,
  serve,
};

const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(COMMANDS, name);
const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n');

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(overview(COMMANDS));
    return cmd === undefined ? 2 : 0;
  }
  if (!has(cmd)) throw new UsageError(`未知命令 / unknown command: ${cmd}`);
  const c = COMMANDS[cmd]!;
  // `<subcommand> --help` (before any `--`) wins over every other flag and check.
  const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (flags.includes('--help') || flags.includes('-h')) {
    console.log(`${c.usage}\n${indent(c.about)}${c.appendix ? `\n\n${c.appendix}` : ''}`);
    return 0;
  }
  return c.run(rest);
}
