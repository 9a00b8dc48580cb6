// yjt-sso serve with TLS and client certificates (mTLS), certificates made here with the openssl
// CLI in a temp dir: a non-loopback address is refused without mTLS (no tls, or tls without
// clientCaFile) and accepted with it; a listed client certificate selects its tenant; an unlisted
// one (same CA) needs a bearer token; no certificate or one from another CA fails the handshake;
// a certificate and a token of different tenants are 401.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { A, B, issue, leaks, mockFor, request, runServe, serve, tempDir, tenantFor, writeConfig } from './_serve.mjs';

const dir = tempDir();
const f = (name) => path.join(dir, name);
const ssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

/** A CA, or a certificate signed by `ca` with the given extensions. */
function makeCa(name) {
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.crt`), '-days', '2', '-subj', `/CN=${name}`);
}
function makeCert(name, ca, ext) {
  writeFileSync(f(`${name}.ext`), `${ext}\n`);
  ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${name}`);
  ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${ca}.crt`), '-CAkey', f(`${ca}.key`), '-CAcreateserial', '-out', f(`${name}.crt`), '-days', '2', '-extfile', f(`${name}.ext`));
}
const fingerprint = (name) => new X509Certificate(readFileSync(f(`${name}.crt`))).fingerprint256;
const tlsOf = (client) => ({
  ca: readFileSync(f('ca.crt')),
  ...(client ? { cert: readFileSync(f(`${client}.crt`)), key: readFileSync(f(`${client}.key`)) } : {}),
  agent: false,
});

let mockA;
let mockB;
let svc;
let config;
const codes = [];

before(async () => {
  makeCa('ca');
  makeCa('rogue-ca');
  makeCert('server', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  for (const c of ['client-a', 'client-b']) makeCert(c, 'ca', 'extendedKeyUsage=clientAuth');
  makeCert('client-rogue', 'rogue-ca', 'extendedKeyUsage=clientAuth');
  mockA = await mockFor(A);
  mockB = await mockFor(B);
  config = {
    listen: { host: '0.0.0.0', port: 0 },
    tls: { certFile: f('server.crt'), keyFile: f('server.key'), clientCaFile: f('ca.crt') },
    tenants: [
      { ...tenantFor('a', A, mockA), clientCertFingerprint256: [fingerprint('client-a')] },
      tenantFor('b', B, mockB),
    ],
  };
  svc = await serve(['--config', writeConfig(config)]);
});
after(async () => {
  await svc?.stop();
  await mockA?.close();
  await mockB?.close();
});

test('a non-loopback address: refused without tls, and with tls but no clientCaFile; served with mTLS', async () => {
  const { tls, ...plain } = config;
  const noClientCa = { ...config, tls: { certFile: tls.certFile, keyFile: tls.keyFile }, tenants: [tenantFor('b', B, mockB)] };
  for (const c of [{ ...plain, tenants: [tenantFor('b', B, mockB)] }, noClientCa]) {
    const r = await runServe(['--config', writeConfig(c)]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /\(field listen\.host\)/);
    assert.match(r.stderr, /mTLS/);
  }
  // --host overrides the file: a loopback file config made public on the command line is refused too.
  const r = await runServe(['--config', writeConfig({ tenants: [tenantFor('b', B, mockB)] }), '--host', '::']);
  assert.equal(r.code, 2);
  assert.match(svc.url, /^https:\/\/0\.0\.0\.0:\d+$/);
});

const url = () => `https://127.0.0.1:${svc.port}`;

test("a listed client certificate selects its tenant, no token needed", async () => {
  const code = issue(mockA, A);
  codes.push(code);
  const r = await request(url(), { body: { code }, tls: tlsOf('client-a') });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.userId, A.user.userId);
});

test('an unlisted certificate of the same CA needs a token (401 without); a certificate and a token of different tenants: 401', async () => {
  const code = issue(mockB, B);
  codes.push(code);
  const none = await request(url(), { body: { code }, tls: tlsOf('client-b') });
  assert.equal(none.status, 401);
  assert.equal(none.json.code, 'UNAUTHORIZED');
  const withToken = await request(url(), { body: { code }, token: B.token, tls: tlsOf('client-b') });
  assert.equal(withToken.status, 200, withToken.text);
  assert.equal(withToken.json.user.userId, B.user.userId);
  const conflict = await request(url(), { body: { code: issue(mockB, B) }, token: B.token, tls: tlsOf('client-a') });
  assert.equal(conflict.status, 401);
  assert.match(conflict.json.detail, /different tenants/);
});

test('no client certificate, or one from another CA: the TLS handshake fails, nothing is served; the service stays up', async () => {
  for (const client of [undefined, 'client-rogue']) {
    const e = await request(url(), { method: 'GET', path: '/healthz', tls: tlsOf(client) }).then(() => null, (err) => err);
    assert.ok(e, `${client ?? 'no certificate'}: refused`);
    assert.match(String(e.code ?? e.message), /ECONNRESET|EPROTO|ERR_SSL|alert|socket hang up/i);
  }
  const h = await request(url(), { method: 'GET', path: '/healthz', tls: tlsOf('client-b') });
  assert.equal(h.status, 200);
  assert.deepEqual(leaks(svc.out + svc.stderr, codes), []);
});

test('SIGHUP with a new server certificate serves it; an invalid certificate is refused (field tls), the old one kept', async () => {
  const served = () => new Promise((resolve, reject) => {
    import('node:tls').then(({ connect }) => {
      const s = connect({ host: '127.0.0.1', port: svc.port, ...tlsOf('client-a') }, () => {
        resolve(s.getPeerCertificate().fingerprint256);
        s.end();
      });
      s.on('error', reject);
    });
  });
  assert.equal(await served(), fingerprint('server'));
  makeCert('server-2', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  const own = svc.lines().length;
  const ownFile = svc.proc.spawnargs[svc.proc.spawnargs.indexOf('--config') + 1];
  writeFileSync(ownFile, JSON.stringify({ ...config, tls: { ...config.tls, certFile: f('server-2.crt'), keyFile: f('server-2.key') } }));
  svc.proc.kill('SIGHUP');
  await svc.waitFor(() => svc.lines().slice(own).some((l) => l.msg === 'config reloaded'));
  assert.equal(await served(), fingerprint('server-2'));
  writeFileSync(f('garbage.crt'), 'not a certificate\n');
  writeFileSync(ownFile, JSON.stringify({ ...config, tls: { ...config.tls, certFile: f('garbage.crt') } }));
  svc.proc.kill('SIGHUP');
  const line = await svc.waitFor((l) => l.msg === 'config reload refused, keeping the old config');
  assert.equal(line.field, 'tls');
  assert.equal(await served(), fingerprint('server-2'));
});
