/**
 * What a subcommand is to the dispatcher (main.ts) and the help (help.ts).
 *
 * @module
 */

export interface Subcommand {
  /** The synopsis, starting `yjt-sso <name> ` (wrapped lines indented under the first). */
  usage: string;
  /** One line under the synopsis in `yjt-sso help`. */
  brief?: string;
  /** The rest of `yjt-sso <name> --help` (indented under the synopsis). */
  about: string;
  /** Printed after `about`, unindented (file formats). */
  appendix?: string;
  /** Runs it; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

const WIDTH = 100;

/** `yjt-sso <name> <parts…>`, wrapped at 100 columns under the first part. */
export function synopsis(name: string, parts: string[]): string {
  const head = `yjt-sso ${name} `;
  const pad = ' '.repeat(head.length);
  const lines: string[] = [];
  let line = head;
  for (const p of parts) {
    if (line.length > head.length && line.length + 1 + p.length > WIDTH) {
      lines.push(line.trimEnd());
      line = pad;
    }
    line += (line.endsWith(' ') ? '' : ' ') + p;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}
