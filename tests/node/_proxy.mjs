// A REAL forward proxy for the proxy suites: Squid (Debian's `squid`), run in the foreground with
// a throw-away config on a free loopback port, plus an HTTPS front for the mock gateway.
//
// Why Squid: the suites need a gateway host name that ONLY the proxy resolves (the hospital's
// case: the 前置机 resolves the gov-network name, the hospital's machine does not). Squid reads
// its own `hosts_file`, so `gateway.yjt.test` maps to 127.0.0.1 inside the proxy while this
// machine's resolver answers ENOTFOUND — a direct connection cannot succeed, so a pass proves the
// route went through the proxy (its access log shows the CONNECT too). tinyproxy (the first
// candidate) resolves with the system resolver only; glibc's HOSTALIASES did not help either
// (it applies to DNS lookups of dot-less names only). No system file is touched.
//
// Squid also gives every refusal the suites need: 403 (CONNECT to a port outside the ACL), 407
// (basic_ncsa_auth with an htpasswd file made by `openssl passwd -apr1`) and 500 (CONNECT to a
// name it cannot resolve).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The host name only the proxy resolves. */
export const GATEWAY_HOST = 'gateway.yjt.test';

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;

/** Squid's binary, installed with apt-get once if missing (idempotent); undefined when impossible. */
export function ensureSquid() {
  let bin = which('squid') ?? (existsSync('/usr/sbin/squid') ? '/usr/sbin/squid' : undefined);
  if (bin === undefined && process.getuid?.() === 0 && which('apt-get')) {
    const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'squid'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) spawnSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends squid'], { stdio: 'ignore' });
    bin = which('squid') ?? (existsSync('/usr/sbin/squid') ? '/usr/sbin/squid' : undefined);
  }
  return bin && which('openssl') ? bin : undefined;
}

/** A free loopback port (closed again; the caller binds it at once). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const waitFor = async (what, ok, ms = 15000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const canConnect = (port) =>
  new Promise((resolve) => {
    const s = netConnect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/**
 * Starts Squid: CONNECT only to `connectPorts`; `hosts` (name → address) is its private hosts
 * file; `auth: { user, password }` demands credentials (407 without them).
 */
export async function startSquid({ connectPorts, hosts = { [GATEWAY_HOST]: '127.0.0.1' }, auth } = {}) {
  const bin = ensureSquid();
  if (!bin) throw new Error('squid is not installed and cannot be installed here');
  const dir = mkdtempSync(join(tmpdir(), 'yjt-squid-'));
  chmodSync(dir, 0o777); // Squid started as root runs as the `proxy` user and writes its logs here
  const port = await freePort();
  writeFileSync(join(dir, 'hosts'), Object.entries(hosts).map(([n, a]) => `${a} ${n}\n`).join(''));
  const lines = [
    `http_port 127.0.0.1:${port}`,
    'visible_hostname yjt-test-proxy',
    `pid_filename ${dir}/squid.pid`,
    `access_log stdio:${dir}/access.log`,
    `cache_log ${dir}/cache.log`,
    'cache_store_log none',
    'cache deny all',
    'logfile_rotate 0',
    'pinger_enable off',
    'shutdown_lifetime 0 seconds',
    'dns_timeout 3 seconds',
    `hosts_file ${dir}/hosts`,
    'acl CONNECT method CONNECT',
    `acl allowed_ports port ${connectPorts.join(' ')}`,
    'http_access deny CONNECT !allowed_ports',
  ];
  if (process.getuid?.() === 0) lines.push('cache_effective_user proxy');
  if (auth) {
    const hash = execFileSync('openssl', ['passwd', '-apr1', auth.password], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, 'passwd'), `${auth.user}:${hash}\n`, { mode: 0o644 });
    lines.push(
      `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${dir}/passwd`,
      'auth_param basic realm yjt-test-proxy',
      'acl authed proxy_auth REQUIRED',
      'http_access deny !authed',
    );
  }
  lines.push('http_access allow localhost', 'http_access deny all');
  writeFileSync(join(dir, 'squid.conf'), `${lines.join('\n')}\n`);
  const child = spawn(bin, ['-N', '-f', join(dir, 'squid.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let exited = false;
  const gone = new Promise((r) => child.once('exit', () => ((exited = true), r())));
  try {
    await waitFor('squid to listen', async () => {
      if (exited) throw new Error(`squid exited: ${out}\n${readLog(dir, 'cache.log')}`);
      return canConnect(port);
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    /** Squid's access log: one line per request (`TCP_TUNNEL/200 … CONNECT host:port`). */
    accessLog: () => readLog(dir, 'access.log'),
    /** Stops this Squid (by its own pid) and waits for it to exit. */
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    },
  };
}

function readLog(dir, name) {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch {
    return '';
  }
}

/**
 * A test CA and a certificate for GATEWAY_HOST signed by it (openssl), as PEM; `ca` is the CA's
 * file to trust (NODE_EXTRA_CA_CERTS, DENO_CERT). Not one self-signed certificate: rustls (Deno)
 * refuses a CA certificate used as the server's own (CaUsedAsEndEntity).
 */
export function testCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'yjt-cert-'));
  const f = (n) => join(dir, n);
  const ossl = (...args) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ossl('req', '-x509', ...ec, '-days', '2', '-subj', '/CN=yjt-sso test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', f('ca.key'), '-out', f('ca.pem'));
  ossl('req', ...ec, '-subj', `/CN=${GATEWAY_HOST}`, '-keyout', f('key.pem'), '-out', f('req.csr'));
  writeFileSync(f('ext.cnf'), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${GATEWAY_HOST}\n`);
  ossl('x509', '-req', '-in', f('req.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', f('ext.cnf'), '-out', f('cert.pem'));
  return { key: readFileSync(f('key.pem')), cert: readFileSync(f('cert.pem')), ca: f('ca.pem') };
}

/**
 * TLS in front of the (plain http) mock gateway: https://GATEWAY_HOST:port/… reaches the mock.
 * The TLS the gateway speaks is what is tested; the bytes inside are piped to the mock unchanged.
 */
export async function startTlsFront(mockPort, { key, cert }) {
  const sockets = new Set();
  const server = createTlsServer({ key, cert, ALPNProtocols: ['http/1.1'] }, (tls) => {
    const up = netConnect({ host: '127.0.0.1', port: mockPort });
    for (const s of [tls, up]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    tls.pipe(up).pipe(tls);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
