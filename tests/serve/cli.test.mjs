// What the README's `yjt-sso serve` section promises about the command itself: its config example
// passes --check (secrets from a file and from variables), the default address, --port over the
// file, SIGINT, the OpenAPI document as a package export, and the metrics it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { A, CONSUMER, mockFor, request, ROOT, runServe, serve, tempDir, tenantFor, writeConfig } from './_serve.mjs';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test("the README's serve.json example passes --check (appKey from a file, paasToken and appSecret from variables)", async () => {
  const json = readme.slice(readme.indexOf('<!-- serve-config-example -->')).match(/```json\n([^]*?)```/)[1];
  const dir = tempDir();
  const keyFile = path.join(dir, 'app-key');
  writeFileSync(keyFile, 'A7E2D00B4058086CBD3D4B8A5E0B2697\n');
  const file = path.join(dir, 'serve.json');
  writeFileSync(file, json.replace('/run/secrets/hospital-a-app-key', keyFile));
  const env = { HOSP_A_PAAS_TOKEN: 'demo-paas-token', HOSP_A_APP_SECRET: 'demo-app-secret', REDIS_URL: 'redis://127.0.0.1:6379' };
  const r = await runServe(['--config', file, '--check'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { level: 'info', msg: 'config ok', tenants: 1 });
  // Each secret source is really read: without the variable, the field is named.
  const missing = await runServe(['--config', file, '--check'], { env: { ...env, HOSP_A_APP_SECRET: '' } });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /\(field tenants\[0\]\.client\.appSecretEnv\)/);
  // The README's token hash is the SHA-256 of its example token.
  assert.match(json, /8370e14780b430aa1507efe30123bdb74c32d1ebceb7f8c0e2c583600dee0cf3/);
});

test('default address 127.0.0.1:8788 (or a clear refusal when the port is taken); --port overrides the file; SIGINT exits 0', async () => {
  const mock = await mockFor(A);
  const t = tenantFor('a', A, mock);
  const noListen = writeConfig({ tenants: [t] });
  const started = await serve(['--config', noListen]).catch((e) => e);
  if (started instanceof Error) {
    assert.match(started.message, /cannot listen on 127\.0\.0\.1:8788 \(EADDRINUSE\)/, started.message);
  } else {
    assert.equal(started.url, 'http://127.0.0.1:8788');
    assert.equal(await started.stop('SIGINT'), 0);
  }
  const fixed = writeConfig({ listen: { port: 1 }, tenants: [t] });
  const s = await serve(['--config', fixed, '--port', '0']);
  assert.notEqual(s.port, 1);
  assert.equal((await request(s.url, { method: 'GET', path: '/healthz' })).status, 200);
  assert.equal(await s.stop('SIGINT'), 0);
  assert.equal(s.lines().at(-1).msg, 'stopped');
  await mock.close();
});

test('the OpenAPI document is the package export yjt-sso/openapi.json; every metric the README names is exposed', async () => {
  const require = createRequire(path.join(CONSUMER, 'package.json'));
  const doc = require('yjt-sso/openapi.json');
  assert.equal(doc.openapi, '3.1.0');
  const mock = await mockFor(A);
  const s = await serve(['--config', writeConfig({ listen: { port: 0 }, tenants: [tenantFor('a', A, mock)] })]);
  const m = await request(s.url, { method: 'GET', path: '/metrics' });
  const named = [...new Set(readme.match(/\byjt_serve_[a-z_]+/g))];
  assert.ok(named.length >= 6, named.join(' '));
  for (const name of named) assert.match(m.text, new RegExp(`^# TYPE ${name} `, 'm'), name);
  await s.stop();
  await mock.close();
});
