/**
 * doctor's `reach` check, along the route the probe and the commands take (proxy.ts decides it):
 * direct, DNS, TCP and TLS to the base URL's host:port; through a proxy, hop by hop: TCP to the
 * proxy (TLS too for an https:// proxy), its answer to CONNECT host:port (as undici tunnels, for
 * http:// gateways too), TLS to the gateway inside the tunnel. Then the proxy variables in effect
 * (credentials hidden).
 *
 * @module
 */
import { lookup } from 'node:dns/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type Route, describeRoute, maskProxy, maskProxyText } from '../proxy.js';
import { hostPort } from './effective.js';
import type { Check } from './run.js';

function proxyNote(u: URL | undefined, route: Route): string {
  const env = process.env;
  const pick = (...names: string[]) => names.map((n) => [n, env[n]] as const).find(([, v]) => v !== undefined && v !== '');
  const set: string[] = [];
  for (const names of [['HTTPS_PROXY', 'https_proxy'], ['HTTP_PROXY', 'http_proxy'], ['ALL_PROXY', 'all_proxy'], ['NO_PROXY', 'no_proxy']]) {
    const p = pick(...names);
    if (!p) continue;
    // Proxy values may carry credentials (in the userinfo or a query), written any way: mask them as text.
    const shown = names[0] === 'NO_PROXY' ? p[1]!.replace(/[\u0000-\u001f\u007f]/g, ' ') : maskProxyText(p[1]!);
    set.push(`${p[0]}=${shown}`);
  }
  const routeLine = `路由 / route: ${describeRoute(route, u)}`;
  if (set.length === 0) return `代理：未设置 / proxy: none set\n${routeLine}`;
  const unused = set.some((x) => /^ALL_PROXY|^all_proxy/.test(x)) ? '；ALL_PROXY 不被使用 / ALL_PROXY is not used' : '';
  const libNote =
    '命令行按上面的路由发送；本库在 Node 中不读取这些变量（Node 的 fetch 忽略它们），须传入走代理的 fetch（配置项 fetch）；Deno 与 Bun 的 fetch 会读取 / ' +
    "the CLI sends along the route above; Node's fetch ignores them, so the library in Node needs a proxying fetch (config.fetch); Deno's and Bun's fetch read them";
  return `代理变量 / proxy variables: ${set.join(' ')}${unused}\n${routeLine}\n${libNote}`;
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

export async function checkReach(u: URL | undefined, timeoutMs: number, route: Route = {}, problem?: string): Promise<Check> {
  if (u === undefined) return { id: 'reach', ok: false, detail: `base URL 无法解析 / the base URL does not parse\n${proxyNote(u, route)}` };
  if (route.proxy) {
    const { ok, lines } = await viaProxy(u, route.proxy, timeoutMs);
    if (problem !== undefined) lines.push(problem);
    lines.push(proxyNote(u, route));
    return { id: 'reach', ok: ok && problem === undefined, detail: lines.join('\n') };
  }
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
  lines.push(proxyNote(u, route));
  return { id: 'reach', ok, detail: lines.join('\n') };
}

/** The proxy's answer to CONNECT: its status line (printable ASCII, at most 100 characters). */
function readConnectReply(socket: Socket, ms: number): Promise<{ status: number; line: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const done = (f: () => void) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      f();
    };
    const timer = setTimeout(() => done(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))), ms);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0 && buf.length < 16384) return;
      const line = buf.subarray(0, Math.max(0, buf.indexOf('\r\n'))).toString('latin1').replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
      const m = line.match(/^HTTP\/\d(?:\.\d)? (\d{3})/);
      done(() => (m ? resolve({ status: Number(m[1]), line, ms: performance.now() - t0 }) : reject(Object.assign(new Error('bad reply'), { code: 'EPROTO' }))));
    };
    const onError = (e: Error) => done(() => reject(e));
    const onClose = () => done(() => reject(Object.assign(new Error('closed'), { code: 'ECONNRESET' })));
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}

/** What a refused CONNECT means, by status. */
function connectRefusal(status: number, target: string, withCredentials: boolean): string {
  if (status === 407) {
    return withCredentials
      ? '代理拒绝了代理 URL 中的账号密码（407）/ the proxy rejected the credentials in the proxy URL (407)'
      : '代理要求账号密码（407）：写入代理 URL，如 http://用户:密码@主机:端口（不会被打印）/ the proxy demands credentials (407): put them in the proxy URL, http://USER:PASSWORD@host:port (never printed)';
  }
  if (status === 403) return `代理不允许 CONNECT 到 ${target}（403：主机或端口不在代理的允许列表中）/ the proxy does not allow CONNECT to ${target} (403: host or port not in its allow list, e.g. squid's SSL_ports, tinyproxy's ConnectPort)`;
  if (status >= 500) return `代理无法连到 ${target}（${status}：代理不认识该主机名或连不上它）/ the proxy could not open ${target} (${status}: the host is unknown to the proxy, or unreachable from it)`;
  return `代理拒绝了 CONNECT ${target}（${status}）/ the proxy refused CONNECT ${target} (${status})`;
}

/** Hop by hop through an HTTP(S) CONNECT proxy, as undici's ProxyAgent goes. */
async function viaProxy(u: URL, proxy: URL, timeoutMs: number): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  const shown = maskProxy(proxy);
  const pHost = proxy.hostname.replace(/^\[|\]$/g, '');
  const pPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const target = hostPort(u);
  let socket: Socket;
  // Hop 1: this machine → the proxy.
  try {
    const c = await connectOnce(() => netConnect({ host: pHost, port: pPort }), 'connect', timeoutMs);
    socket = c.socket;
    lines.push(`代理 TCP ${shown} 已连接 / proxy TCP connected (${c.ms.toFixed(0)} ms)`);
  } catch (e) {
    const code = errCode(e);
    const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? '代理主机名无法解析 / the proxy host name does not resolve' : '代理未运行、地址或端口错误、或被防火墙拦截 / the proxy is not running, a wrong host or port, or a firewall';
    lines.push(`✘ 代理 TCP ${shown} 连接失败 / proxy TCP connect failed: ${code}（${why}）`);
    lines.push(`未测 CONNECT ${target} 与 TLS / CONNECT ${target} and TLS not tested`);
    return { ok: false, lines };
  }
  try {
    if (proxy.protocol === 'https:') {
      try {
        const c = await connectOnce(() => tlsConnect({ socket, servername: pHost, ALPNProtocols: ['http/1.1'] }), 'secureConnect', timeoutMs);
        socket = c.socket;
        lines.push(`代理 TLS ${shown} 握手成功 / proxy TLS handshake ok (${c.ms.toFixed(0)} ms)`);
      } catch (e) {
        lines.push(`✘ 代理 TLS ${shown} 握手失败 / proxy TLS handshake failed: ${errCode(e)}`);
        return { ok: false, lines };
      }
    }
    // Hop 2: the proxy → the gateway (CONNECT; the gateway's name is resolved by the proxy).
    const creds = proxy.username !== '' || proxy.password !== '';
    const auth = creds ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n` : '';
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
    let reply: { status: number; line: string; ms: number };
    try {
      reply = await readConnectReply(socket, timeoutMs);
    } catch (e) {
      const code = errCode(e);
      lines.push(`✘ CONNECT ${target} 无有效应答 / no valid answer to CONNECT ${target}: ${code}${code === 'ETIMEDOUT' ? `（${timeoutMs} ms）` : ''}`);
      return { ok: false, lines };
    }
    if (reply.status !== 200) {
      lines.push(`✘ CONNECT ${target} 被拒绝 / refused: ${reply.line}`, connectRefusal(reply.status, target, creds));
      return { ok: false, lines };
    }
    lines.push(`CONNECT ${target} 已接受 / accepted: ${reply.line} (${reply.ms.toFixed(0)} ms；主机名由代理解析 / the name is resolved by the proxy)`);
    // Hop 3: TLS with the gateway inside the tunnel.
    if (u.protocol === 'https:') {
      const host = u.hostname.replace(/^\[|\]$/g, '');
      try {
        const c = await connectOnce(() => tlsConnect({ socket, servername: host, ALPNProtocols: ['http/1.1'] }), 'secureConnect', timeoutMs);
        const proto = (c.socket as unknown as { getProtocol(): string | null }).getProtocol() ?? 'TLS';
        socket = c.socket;
        lines.push(`隧道内 TLS ${target} 握手成功 / TLS inside the tunnel ok (${proto}, ${c.ms.toFixed(0)} ms)`);
      } catch (e) {
        lines.push(`✘ 隧道内 TLS ${target} 握手失败 / TLS inside the tunnel failed: ${errCode(e)}（证书链不受信任时可用 NODE_EXTRA_CA_CERTS；代理是否在做 TLS 拦截？/ an untrusted chain: NODE_EXTRA_CA_CERTS; is the proxy intercepting TLS?）`);
        return { ok: false, lines };
      }
    } else {
      lines.push('TLS 跳过（http，经隧道明文）/ TLS skipped (http, plain inside the tunnel)');
    }
    return { ok: true, lines };
  } finally {
    socket.destroy();
  }
}
