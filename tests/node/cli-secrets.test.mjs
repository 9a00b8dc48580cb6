// 命令行的脱敏承诺：decrypt 默认脱敏（--reveal 显示明文）；以参数传入密钥时警告；
// headers 无论 appSecret 头如何命名都遮盖其值。
// CLI promises: decrypt masks by default (--reveal prints the plaintext); a secret given as a
// flag prints a warning naming the YJT_* variable; `headers` hides the appSecret whatever the
// configured header name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { KEY, creds, envCreds, run as runCli } from './_cli.mjs';


const enc = (text) => {
  const c = createCipheriv('sm4-ecb', Buffer.from(KEY, 'hex'), null);
  return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('hex');
};

const run = (args, env = {}) => runCli(args, { env });

test('decrypt masks the plaintext unless --reveal; the help says so', async () => {
  const env = { YJT_APP_KEY: KEY };
  for (const [plain, masked] of [['13800138000', '138****8000'], ['11010519491231002X', '1101**********002X']]) {
    const r = await run(['decrypt', enc(plain)], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), masked);
    assert.ok(!(r.stdout + r.stderr).includes(plain));
    const shown = await run(['decrypt', '--reveal', enc(plain)], env);
    assert.equal(shown.stdout.trim(), plain);
  }
  const name = await run(['decrypt', enc('张三丰')], env);
  assert.ok(!name.stdout.includes('张三丰') && name.stdout.trim().length > 0);
  const help = await run(['help']);
  assert.match(help.stdout, /decrypt .*--reveal/);
  assert.match(help.stdout, /masked unless .*--reveal/);
});

test('a secret given as a flag (--key, --token) prints a warning recommending the YJT_* variable', async () => {
  const withKey = await run(['encrypt', '--key', KEY, 'x']);
  assert.equal(withKey.code, 0);
  assert.match(withKey.stderr, /warning/);
  assert.match(withKey.stderr, /YJT_APP_KEY/);
  assert.match(withKey.stderr, /\bps\b/);
  assert.ok(!withKey.stderr.includes(KEY), 'the warning does not echo the key');
  const dec = await run(['decrypt', '--key', KEY, enc('x')]);
  assert.match(dec.stderr, /YJT_APP_KEY/);
  const withToken = await run(['sign', '--timestamp', '1', '--nonce', 'n', '--token', creds.paasToken]);
  assert.equal(withToken.code, 0);
  assert.match(withToken.stderr, /YJT_PAAS_TOKEN/);
  assert.ok(!withToken.stderr.includes(creds.paasToken));
  // From the environment: no warning.
  assert.equal((await run(['encrypt', 'x'], { YJT_APP_KEY: KEY })).stderr, '');
  assert.equal((await run(['sign', '--timestamp', '1', '--nonce', 'n'], { YJT_PAAS_TOKEN: creds.paasToken })).stderr, '');
});

test('headers hides the appSecret under a renamed header (gateway.appSecretHeader)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'yjt-cli-hdr-'));
  for (const [appSecretHeader, header] of [['app-secret', 'x-tsp-app-secret'], ['credential', 'x-tsp-credential'], [undefined, 'x-tsp-appSecret']]) {
    const file = join(dir, `config-${appSecretHeader ?? 'default'}.json`);
    writeFileSync(file, JSON.stringify({ gateway: appSecretHeader ? { appSecretHeader } : {} }));
    const r = await run(['headers', '--config', file, '--code', 'abc'], envCreds);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.headers[header], '[REDACTED]', header);
    for (const s of [creds.appSecret, creds.paasToken, KEY]) assert.ok(!(r.stdout + r.stderr).includes(s), `${header}: leaked ${s.slice(0, 4)}…`);
    const u = await run(['headers', '--config', file, '--code', 'abc', '--unmasked'], envCreds);
    assert.equal(JSON.parse(u.stdout).headers[header], creds.appSecret, '--unmasked shows it');
  }
});
