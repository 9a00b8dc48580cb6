/**
 * Command-line parsing shared by the subcommands: usage errors (exit 2), strict parseArgs, and
 * the warning for a secret given as a flag.
 *
 * @module
 */
import { parseArgs } from 'node:util';

/** A usage error: exit code 2 and a pointer to `yjt-sso help`. */
export class UsageError extends Error {}

export type Flags = Record<string, string | boolean | string[] | undefined>;
export type Options = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** Strict parseArgs; an unknown flag or a missing value is a UsageError. */
export function parse(args: string[], options: Options): { values: Flags; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: r.values as Flags, positionals: r.positionals };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export const str = (v: string | boolean | string[] | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** `v`, or a UsageError naming what is missing. */
export function need(v: string | undefined, zh: string, en: string = zh): string {
  if (v === undefined || v === '') throw new UsageError(`缺少 ${zh} / missing ${en}`);
  return v;
}

/** A secret given as a flag is visible to every local user in `ps` and stays in shell history. */
export function warnSecretFlag(flag: string, envVar: string): void {
  console.error(
    `警告 / warning: ${flag} 的值在命令行上，同机用户可用 ps 看到，也会留在 shell 历史中；请改用环境变量 ${envVar}。/ ` +
      `the ${flag} value is on the command line, visible in ps and kept in shell history; use the ${envVar} environment variable instead.`,
  );
}
