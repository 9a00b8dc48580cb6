// A real Redis for the multi-instance tests and the store bench: Debian's redis-server as a child
// process on a free loopback port, its data in a fresh temp dir (no RDB, no AOF). Never a stand-in.
//   const r = await startRedis();   // r.port, r.url
//   await r.kill('SIGKILL'); await r.restart();   // same port, empty data
//   await r.stop();                  // also removes the dir; idempotent
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const live = new Set();
// Last resort: a test that throws past its hooks must not leave a redis-server behind.
process.once('exit', () => {
  for (const r of live) {
    try { r.child?.kill('SIGKILL'); } catch {}
    try { r.child?.kill('SIGCONT'); } catch {}
    try { rmSync(r.dir, { recursive: true, force: true }); } catch {}
  }
});

/** A port the kernel says is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** One RESP command over a fresh connection (PING, DBSIZE, …): the raw reply. */
export function rawCommand(port, ...args) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error('redis: no reply')); }, 1000);
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.on('data', (d) => {
      buf += d;
      if (buf.endsWith('\r\n')) { clearTimeout(timer); sock.end(); resolve(buf); }
    });
    sock.write(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join(''));
  });
}

export function redisServerPath() {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const p = r.stdout.trim();
  if (!p) throw new Error('redis-server not found: run `bash scripts/redis.sh` (apt-get install -y redis-server)');
  return p;
}

/** Starts redis-server; resolves once it answers PING. */
export async function startRedis(options = {}) {
  const bin = redisServerPath();
  const port = options.port ?? (await freePort());
  const r = { port, url: `redis://127.0.0.1:${port}`, dir: '', child: null, exited: null, log: '' };
  live.add(r);

  async function launch() {
    r.dir = mkdtempSync(path.join(os.tmpdir(), 'yjt-redis-'));
    const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', r.dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    r.child = child;
    r.log = '';
    child.stdout.on('data', (d) => { r.log = (r.log + d).slice(-4000); });
    child.stderr.on('data', (d) => { r.log = (r.log + d).slice(-4000); });
    r.exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })));
    let gone = false;
    r.exited.then(() => { gone = true; });
    const until = Date.now() + 10_000;
    for (;;) {
      if (gone) throw new Error(`redis-server exited at start (port ${port}):\n${r.log}`);
      try {
        if ((await rawCommand(port, 'PING')).startsWith('+PONG')) return;
      } catch {}
      if (Date.now() > until) throw new Error(`redis-server did not answer PING within 10 s (port ${port}):\n${r.log}`);
      await new Promise((res) => setTimeout(res, 25));
    }
  }

  /** Signals the server and waits for it to exit; removes its dir. */
  r.kill = async (signal = 'SIGTERM') => {
    const child = r.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT'); // a paused server cannot act on SIGTERM
      child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await r.exited;
      clearTimeout(t);
    }
    r.child = null;
    if (r.dir) rmSync(r.dir, { recursive: true, force: true });
  };
  /** SIGSTOP / SIGCONT: a stalled server (connections stay open, nothing is answered). */
  r.pause = () => r.child?.kill('SIGSTOP');
  r.resume = () => r.child?.kill('SIGCONT');
  /** Starts it again on the same port (empty: no persistence). */
  r.restart = async () => {
    await r.kill('SIGKILL');
    await launch();
  };
  r.stop = async () => {
    await r.kill('SIGTERM');
    live.delete(r);
  };
  try {
    await launch();
  } catch (e) {
    await r.stop();
    throw e;
  }
  return r;
}
