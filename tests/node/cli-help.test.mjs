// 命令行的配置表：`yjt-sso help` 的“配置项”一节与 README 命令行部分逐字一致；每个环境变量与参数都有文档，
// 文档提到的每个 YJT_* 与参数都真实存在；表中的环境变量与参数确实生效；配置错误点明字段来源。
// The CLI's config table: the "config fields" section of `yjt-sso help` equals the README's CLI
// sections verbatim; every env var and flag is documented and every YJT_* / --flag the README's
// CLI sections mention exists; the table's env vars and flags take effect; config errors say
// where their field is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { envCreds, run } from './_cli.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const help = (await run(['help'])).stdout;

const ENV_VAR = /\bYJT_[A-Z][A-Z_]*[A-Z]\b/g;
const FLAG = /(?<![\w-])--[a-z][a-z-]*[a-z]/g;
const all = (text, re) => new Set(text.match(re) ?? []);

/** The help's config section: from its heading to the first blank line. */
function fieldsSection(text) {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('配置项 / config fields'));
  assert.ok(at >= 0, 'the help has a config fields section');
  const end = lines.indexOf('', at);
  return lines.slice(at, end < 0 ? undefined : end).join('\n');
}
const section = fieldsSection(help);
const tableEnv = all(section, ENV_VAR);
const tableFlags = all(section, FLAG);

/** The README's CLI sections (one per language), between the cli-section markers. */
const cliSections = [...readme.matchAll(/<!-- cli-section -->([^]*?)<!-- \/cli-section -->/g)].map((m) => m[1]);

/** The ```text blocks right after `marker` in `text`, de-indented. */
function blocksAfter(text, marker) {
  return [...text.matchAll(new RegExp(`${marker}\\n( *)\`\`\`text\\n([^]*?)\\n\\1\`\`\``, 'g'))].map((m) =>
    m[2].split('\n').map((l) => (l.startsWith(m[1]) ? l.slice(m[1].length) : l)).join('\n'),
  );
}

test('the config table holds every env var and flag the CLI has always read', () => {
  for (const v of ['YJT_ENV', 'YJT_APP_CODE', 'YJT_APP_KEY', 'YJT_PAAS_ID', 'YJT_PAAS_TOKEN', 'YJT_APP_SECRET', 'YJT_SERVICE_ID', 'YJT_BASE_URL']) {
    assert.ok(tableEnv.has(v), v);
  }
  for (const f of ['--env', '--key', '--token', '--base-url', '--path-base-url', '--business-type', '--timeout-ms']) assert.ok(tableFlags.has(f), f);
});

test('README: each language\'s CLI section shows the help\'s config section verbatim', () => {
  assert.equal(cliSections.length, 2, 'a Chinese and an English CLI section');
  for (const s of cliSections) {
    const blocks = blocksAfter(s, '<!-- cli-config-fields -->');
    assert.equal(blocks.length, 1, 'one config fields block per section');
    assert.equal(blocks[0], section, 'README = `yjt-sso help` (regenerate the block from the help)');
  }
});

test('README: every env var and flag of the table is documented, and every one it mentions exists', () => {
  const documented = cliSections.join('\n');
  for (const v of [...tableEnv, ...tableFlags]) assert.ok(documented.includes(v), `README's CLI sections mention ${v}`);
  for (const v of all(documented, ENV_VAR)) assert.ok(tableEnv.has(v), `README mentions ${v}, which is not in the config table`);
  // Flags: the table's, or a subcommand's own (its usage in the help).
  const known = all(help, FLAG);
  for (const f of all(documented, FLAG)) assert.ok(known.has(f), `README mentions ${f}, which the CLI does not have`);
});

test('call reads exactly the fields the table lists for it: the full example config works, its caps apply', async () => {
  const callLine = section.split('\n').find((l) => /^ {2}call\b/.test(l));
  assert.ok(callLine, section);
  assert.doesNotMatch(callLine, /\b(appCode|appKey|businessType|decryptFields)\b/);
  // GatewayClient refuses unknown options: were a field call does not read passed on, the full
  // README example would be INVALID_CONFIG. The answer (2 KiB) is over the file's maxBodyBytes;
  // a hanging answer meets --timeout-ms.
  const config = JSON.parse(readme.slice(readme.indexOf('<!-- cli-config-example -->')).match(/```json\n([^]*?)```/)[1]);
  const server = createServer((req, res) => {
    if (req.url.includes('hang')) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', data: 'x'.repeat(2048) }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const dir = mkdtempSync(join(tmpdir(), 'yjt-cli-help-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ ...config, maxBodyBytes: 1024 }));
    const capped = await run(['call', '--config', file, '--base-url', `${base}/api`]);
    assert.equal(capped.code, 1);
    assert.match(capped.stderr, /\[BAD_RESPONSE\].*1024/);
    const slow = await run(['call', '--config', file, '--base-url', `${base}/hang`, '--timeout-ms', '300']);
    assert.equal(slow.code, 1);
    assert.match(slow.stderr, /\[TIMEOUT\].*300 ms/);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('every env var of the table is read: headers shows each one\'s effect', async () => {
  const env = {
    ...envCreds,
    YJT_APP_CODE: 'HOSP777777',
    YJT_PAAS_ID: 'paas-777',
    YJT_SERVICE_ID: 'DGSP_777',
    YJT_BASE_URL: 'https://gw.example/data_center/gateway/common/api',
  };
  const r = await run(['headers', '--code', 'abc', '--unmasked'], { env });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.match(out.url, /^https:\/\/gw\.example\/data_center\/gateway\/common\/api\?appCode=HOSP777777&/);
  assert.equal(out.headers['x-tsp-paasid'], 'paas-777');
  assert.equal(out.headers['x-tsp-serviceid'], 'DGSP_777');
  assert.equal(out.headers['x-tsp-appSecret'], envCreds.YJT_APP_SECRET);
  // YJT_ENV picks the preset service ID; a flag overrides the env var.
  const prod = JSON.parse((await run(['headers'], { env: { ...envCreds, YJT_ENV: 'production' } })).stdout);
  assert.equal(prod.headers['x-tsp-serviceid'], 'DGSP_1911981103558230017');
  const flagged = JSON.parse((await run(['headers', '--env', 'test'], { env: { ...envCreds, YJT_ENV: 'production' } })).stdout);
  assert.equal(flagged.headers['x-tsp-serviceid'], 'DGSP_1911964810465574914');
  // headers builds the URL, so it takes --business-type (the fields table: headers reads businessType).
  const bt = JSON.parse((await run(['headers', '--business-type', '2'], { env: envCreds })).stdout);
  assert.match(bt.url, /&businessType=2$/);
  // The token signs (never shown), the key is checked by the core (never shown).
  const a = JSON.parse((await run(['headers', '--timestamp', '1', '--nonce', 'n'], { env: envCreds })).stdout);
  const b = JSON.parse((await run(['headers', '--timestamp', '1', '--nonce', 'n'], { env: { ...envCreds, YJT_PAAS_TOKEN: 'other-token' } })).stdout);
  assert.notEqual(a.headers['x-tsp-signature'], b.headers['x-tsp-signature']);
  const badKey = await run(['headers'], { env: { ...envCreds, YJT_APP_KEY: 'short-SECRET' } });
  assert.equal(badKey.code, 1);
  assert.match(badKey.stderr, /set the YJT_APP_KEY environment variable/);
  assert.ok(!badKey.stderr.includes('short-SECRET'));
});

test('config subcommands take no secret as a flag; the one-value subcommands do', async () => {
  for (const args of [['headers', '--key', 'x'], ['exchange', '--code', 'c', '--token', 'x'], ['doctor', '--key', 'x']]) {
    const r = await run(args, { env: envCreds });
    assert.equal(r.code, 2, args.join(' '));
  }
});

test('config errors: the core\'s message, then where the field is set (README shows the same lines)', async () => {
  const r = await run(['headers']);
  assert.equal(r.code, 1);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0], /^错误 \/ error \[INVALID_CONFIG\]: 配置项 appCode .*\(config field appCode: .*\)$/);
  assert.equal(lines[1], '请设置环境变量 YJT_APP_CODE，或在 --config 文件中写 "appCode" / set the YJT_APP_CODE environment variable, or "appCode" in the --config FILE');
  const shown = cliSections.flatMap((s) => blocksAfter(s, '<!-- cli-config-error -->'));
  assert.equal(shown.length, 2, 'one example per language');
  for (const b of shown) assert.equal(b, lines.join('\n'), 'README shows the real output');

  // A field with a flag names it (a flag-only field too); a field set only in the file says so.
  const env = await run(['headers'], { env: { ...envCreds, YJT_ENV: 'staging' } });
  assert.match(env.stderr, /\n请设置环境变量 YJT_ENV、参数 --env，或在 --config 文件中写 "env" \/ set the YJT_ENV environment variable, or the --env flag, or "env" in the --config FILE\n$/);
  const timeout = await run(['exchange', '--code', 'c', '--timeout-ms', '0'], { env: envCreds });
  assert.equal(timeout.code, 1);
  assert.match(timeout.stderr, /\[INVALID_CONFIG\][^\n]*timeoutMs/);
  assert.match(timeout.stderr, /\n请设置参数 --timeout-ms，或在 --config 文件中写 "timeoutMs" \/ set the --timeout-ms flag, or "timeoutMs" in the --config FILE\n$/);
  const dir = mkdtempSync(join(tmpdir(), 'yjt-cli-help-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ gateway: { signatureCase: 'sideways' } }));
  const fileOnly = await run(['headers', '--config', file], { env: envCreds });
  assert.equal(fileOnly.code, 1);
  assert.match(fileOnly.stderr, /\n请在 --config 文件中写 "gateway" \/ set "gateway" in the --config FILE\n$/);
});
