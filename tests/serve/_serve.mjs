// What the serve suites share: the installed CLI (`yjt-sso serve` from the tarball in the consumer
// project), the installed mock gateway (in this process; it counts gateway requests), two tenants'
// credentials and users, temp config files, a raw HTTP client, and the scan for leaked codes,
// secrets and personal data.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CONSUMER = process.env.YJT_CONSUMER ?? path.join(ROOT, '.tmp/consumer');
export const PKG_DIR = path.join(CONSUMER, 'node_modules/yjt-sso');
export const BIN = path.join(CONSUMER, 'node_modules/.bin/yjt-sso');
export const { startMockGateway } = await import(pathToFileURL(path.join(PKG_DIR, 'mock.mjs')).href);
export const yjt = await import(pathToFileURL(path.join(PKG_DIR, 'index.mjs')).href);

/** Two hospitals: their own app codes, keys, tokens and users. */
export const A = {
  creds: { appCode: 'HOSPA00001', appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697', paasId: 'paas-a', paasToken: 'tok-A-SECRET-7q2', appSecret: 'sec-A-SECRET-9w1' },
  token: 'bearer-A-SECRET-0f9e8d7c6b5a4',
  user: { userId: 'u-a-20250001', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X', healthCardNo: 'HC44010000112233', gender: 2, nation: '01', channel: '1' },
};
export const B = {
  creds: { appCode: 'HOSPB00002', appKey: '0123456789ABCDEF0123456789ABCDEF', paasId: 'paas-b', paasToken: 'tok-B-SECRET-4k8', appSecret: 'sec-B-SECRET-3m5' },
  token: 'bearer-B-SECRET-1a2b3c4d5e6f7',
  user: { userId: 'u-b-20250002', name: '李春花', phone: '13912345678', certificateNo: '440106199001011237', healthCardNo: 'HC44010000998877', gender: 1, nation: '01', channel: '1' },
};
export const sha = (t) => createHash('sha256').update(t).digest('hex');

/** Every string that must never appear in a response or a log line (codes are added as issued). */
export const SECRETS = [
  ...[A, B].flatMap((h) => [h.creds.appKey, h.creds.appKey.toLowerCase(), h.creds.paasToken, h.creds.appSecret, h.token]),
  ...[A, B].flatMap((h) => [h.user.name, h.user.phone, h.user.certificateNo, h.user.healthCardNo]),
];
/** The secrets and personal data of `text` (empty when clean), and each login code in `codes`. */
export function leaks(text, codes = []) {
  return [...SECRETS, ...codes].filter((s) => text.includes(s));
}

/** A mock gateway for a hospital; `services` keyed by command. */
export function mockFor(h, extra = {}) {
  return startMockGateway({ ...h.creds, users: [h.user], ...extra });
}

/** A tenant's config entry against `mock`. */
export function tenantFor(id, h, mock, extra = {}) {
  const { client, ...rest } = extra;
  return {
    id,
    tokenSha256: [sha(h.token)],
    client: { env: 'test', ...h.creds, baseUrl: mock.baseUrl, allowInsecureHttp: true, timeoutMs: 5000, ...client },
    ...rest,
  };
}

const dirs = [];
process.once('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
/** A fresh temp dir, removed at exit. */
export function tempDir() {
  const d = mkdtempSync(path.join(tmpdir(), 'yjt-serve-'));
  dirs.push(d);
  return d;
}
/** Writes `config` as serve.json in `dir` (a new temp dir by default); returns its path. */
export function writeConfig(config, dir = tempDir()) {
  const file = path.join(dir, 'serve.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const procs = new Set();
process.once('exit', () => {
  for (const p of procs) try { p.kill('SIGKILL'); } catch {}
});

/**
 * Runs `yjt-sso serve` (the installed CLI) with only PATH and `env`; resolves once it prints its
 * listening line. `lines` collects stdout, `stderr` stderr; `exit` resolves to the exit code.
 */
export async function serve(args, { env = {} } = {}) {
  const proc = spawn(BIN, ['serve', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.add(proc);
  const s = { proc, out: '', stderr: '', url: '', exit: null };
  s.exit = new Promise((resolve) => proc.once('exit', (code, signal) => { procs.delete(proc); resolve(code ?? signal); }));
  proc.stderr.on('data', (d) => (s.stderr += d));
  s.url = await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      s.out += d;
      const m = s.out.match(/"msg":"listening","url":"([^"]+)"/);
      if (m && !s.url) resolve(m[1]);
    });
    s.exit.then((code) => reject(new Error(`serve exited (${code}) before listening:\n${s.out}\n${s.stderr}`)));
  });
  s.port = Number(new URL(s.url).port);
  /** The JSON lines printed so far. */
  s.lines = () => s.out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  /** Resolves once a line matches `pred` (within `ms`). */
  s.waitFor = async (pred, ms = 10_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const hit = s.lines().find(pred);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no matching log line within ${ms} ms:\n${s.out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  s.stop = async (signal = 'SIGTERM') => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return s.exit;
  };
  return s;
}

/** Runs `yjt-sso serve …` to completion (start failures, --check). */
export function runServe(args, { env = {}, ms = 10_000 } = {}) {
  return new Promise((resolve) => {
    const p = spawn(BIN, ['serve', ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    const t = setTimeout(() => p.kill('SIGKILL'), ms);
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => { clearTimeout(t); resolve({ code, stdout, stderr }); });
  });
}

/**
 * One raw HTTP(S) request: `body` a string / Buffer sent as is (an object is JSON-encoded with
 * content-type application/json unless `headers` sets one). Resolves to status, headers, text
 * and the parsed JSON (undefined when the answer is not JSON).
 */
export function request(url, { method = 'POST', path: p = '/v1/exchange', headers = {}, body, token, agent, tls } = {}) {
  const u = new URL(p, url);
  const h = { ...headers };
  let data = body;
  if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) {
    data = JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  }
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  if (data !== undefined) h['content-length'] = Buffer.byteLength(data);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method, headers: h, agent, ...tls }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch {}
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** A fresh code for `h`'s user from its mock. */
export const issue = (mock, h) => mock.gateway.issueCode(h.user.userId);
