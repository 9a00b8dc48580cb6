// The installed `yjt-sso` CLI (the consumer project's node_modules/.bin, i.e. the tarball) and
// the credentials the CLI suites share.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const consumer = process.env.YJT_CONSUMER ?? join(root, '.tmp/consumer');
export const bin = join(consumer, 'node_modules/.bin/yjt-sso');

export const KEY = 'A7E2D00B4058086CBD3D4B8A5E0B2697';
export const creds = { appCode: 'HOSP000001', appKey: KEY, paasId: 'paas-001', paasToken: 'tok-SECRET-123', appSecret: 'app-SECRET-456' };
/** The same credentials as the CLI reads them from the environment. */
export const envCreds = {
  YJT_ENV: 'test', YJT_APP_CODE: creds.appCode, YJT_APP_KEY: KEY, YJT_PAAS_ID: creds.paasId,
  YJT_PAAS_TOKEN: creds.paasToken, YJT_APP_SECRET: creds.appSecret,
};

/** Runs the CLI with only PATH and `env` in its environment; `input` goes to stdin. */
export function run(args, { env = {}, input } = {}) {
  return new Promise((resolve) => {
    const p = spawn(bin, args, { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    if (input) p.stdin.end(input);
    p.on('close', (code) => resolve({ code, stdout, stderr, all: stdout + stderr }));
  });
}
