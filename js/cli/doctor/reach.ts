/**
 * doctor's `reach` check: DNS, TCP and TLS to the base URL's host:port, and the proxy variables
 * in effect (credentials hidden).
 *
 * @module
 */
import { lookup } from 'node:dns/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { hostPort } from './effective.js';
import type { Check } from './run.js';

function proxyNote(u: URL | undefined): string {
  const env = process.env;
  const pick = (...names: string[]) => names.map((n) => [n, env[n]] as const).find(([, v]) => v !== undefined && v !== '');
  const set: string[] = [];
  for (const names of [['HTTPS_PROXY', 'https_proxy'], ['HTTP_PROXY', 'http_proxy'], ['ALL_PROXY', 'all_proxy'], ['NO_PROXY', 'no_proxy']]) {
    const p = pick(...names);
    if (!p) continue;
    let shown = p[1]!;
    try {
      const pu = new URL(shown);
      if (pu.username || pu.password) shown = `${pu.protocol}//****@${pu.host}`; // proxy credentials
    } catch {
      /* NO_PROXY is a list, not a URL */
    }
    set.push(`${p[0]}=${shown}`);
  }
  if (set.length === 0) return '代理：未设置 / proxy: none set';
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  const runtimeNote =
    g.Deno === undefined && g.Bun === undefined
      ? 'Node 的 fetch 忽略这些变量，除非调用方传入走代理的 fetch（配置项 fetch），本检查与探测均为直连 / Node\'s fetch ignores them unless the caller passes a proxying fetch (config.fetch); these checks and the probe connect directly'
      : '本运行时的 fetch 会使用它们，TCP/TLS 检查仍为直连 / this runtime\'s fetch uses them; the TCP/TLS checks still connect directly';
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const excluded = u !== undefined && noProxy.some((n) => n === '*' || u.hostname === n.replace(/^\./, '') || u.hostname.endsWith(n.startsWith('.') ? n : `.${n}`));
  return `代理 / proxy: ${set.join(' ')}${excluded ? `（${u!.hostname} 在 NO_PROXY 中 / ${u!.hostname} is in NO_PROXY）` : ''}；${runtimeNote}`;
}

/** A Node error's errno code (ECONNREFUSED …), else its name. */
function errCode(e: unknown): string {
  const x = e as { code?: unknown; name?: unknown } | null;
  return typeof x?.code === 'string' ? x.code : typeof x?.name === 'string' ? x.name : 'error';
}

function connectOnce(make: () => Socket, event: string, ms: number): Promise<{ ms: number; socket: Socket }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const s = make();
    const timer = setTimeout(() => {
      s.destroy();
      reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    }, ms);
    s.once(event, () => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, socket: s });
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      s.destroy();
      reject(e);
    });
  });
}

export async function checkReach(u: URL | undefined, timeoutMs: number): Promise<Check> {
  if (u === undefined) return { id: 'reach', ok: false, detail: `base URL 无法解析 / the base URL does not parse\n${proxyNote(u)}` };
  const hp = hostPort(u);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const lines: string[] = [];
  let ok = true;
  let address: string | undefined;
  try {
    const addrs = await lookup(host, { all: true });
    address = addrs[0]?.address;
    lines.push(`DNS ${host} → ${addrs.map((a) => a.address).join(', ')}`);
  } catch (e) {
    ok = false;
    lines.push(`DNS ${host} 解析失败 / lookup failed: ${errCode(e)}（政务外网域名需内网 DNS 或前置机 / the gov-network name needs its DNS or a 前置机）`);
  }
  if (address !== undefined) {
    try {
      const { ms, socket } = await connectOnce(() => netConnect({ host: address!, port }), 'connect', timeoutMs);
      socket.destroy();
      lines.push(`TCP ${hp} 已连接 / connected (${ms.toFixed(0)} ms)`);
    } catch (e) {
      ok = false;
      lines.push(`TCP ${hp} 连接失败 / connect failed: ${errCode(e)}`);
    }
    if (ok && u.protocol === 'https:') {
      try {
        const { ms, socket } = await connectOnce(() => tlsConnect({ host: address!, port, servername: host, ALPNProtocols: ['http/1.1'] }), 'secureConnect', timeoutMs);
        const proto = (socket as unknown as { getProtocol(): string | null }).getProtocol() ?? 'TLS';
        socket.destroy();
        lines.push(`TLS ${hp} 握手成功 / handshake ok (${proto}, ${ms.toFixed(0)} ms)`);
      } catch (e) {
        ok = false;
        lines.push(`TLS ${hp} 握手失败 / handshake failed: ${errCode(e)}（证书链不受信任时可用 NODE_EXTRA_CA_CERTS / an untrusted chain: NODE_EXTRA_CA_CERTS）`);
      }
    } else if (ok && u.protocol === 'http:') {
      lines.push('TLS 跳过（http）/ TLS skipped (http)');
    }
  }
  lines.push(proxyNote(u));
  return { id: 'reach', ok, detail: lines.join('\n') };
}
