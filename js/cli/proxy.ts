/**
 * The CLI's proxy: which proxy (if any) a request to the gateway goes through, and a fetch that
 * goes through it. The library reads no proxy variable (it takes `config.fetch`); the CLI's
 * sending subcommands (exchange, call, doctor) do, as undici's EnvHttpProxyAgent would:
 * `--proxy URL` first (`--proxy ''` goes direct), then https_proxy / HTTPS_PROXY for https
 * gateways (falling back to the HTTP one), http_proxy / HTTP_PROXY for http ones; no_proxy /
 * NO_PROXY (also for --proxy, as curl does) sends matching hosts direct. The route is decided
 * once, here, so doctor's hop-by-hop checks test the very route the probe and the commands use.
 *
 * undici is an optional dependency of the package, loaded only here and only when a proxy is
 * used: the library keeps zero dependencies.
 *
 * @module
 */
import type { Flags } from './args.js';
import { UsageError } from './args.js';

/** How a request to one gateway URL travels. */
export interface Route {
  /** The proxy, when one is used (credentials included: never print it, see `maskProxy`). */
  proxy?: URL;
  /** Where the proxy (or the decision to go direct) came from: `--proxy`, `HTTPS_PROXY` … */
  source?: string;
  /** The NO_PROXY entry that sent the host direct. */
  bypass?: string;
}

/** A proxy URL without its credentials: `http://****@host:port` when it has any. */
export function maskProxy(u: URL): string {
  return `${u.protocol}//${u.username || u.password ? '****@' : ''}${u.host}`;
}

/**
 * A proxy variable's value as written, for printing: credentials masked however they are
 * written (userinfo with or without a scheme, up to the last `@`; every query or fragment
 * parameter's value), whether or not the value parses as a URL; control characters become spaces.
 */
export function maskProxyText(raw: string): string {
  let s = raw.replace(/[\u0000-\u001f\u007f]/g, ' ');
  s = s.replace(/^([a-z][a-z0-9+.-]*:\/\/)?(.*)@/is, (_m, scheme: string | undefined) => `${scheme ?? ''}****@`);
  s = s.replace(/([?&#;])([^=&#;?]*)=([^&#;]*)/g, (_m, sep: string, k: string) => `${sep}${k}=****`);
  // A bare `?secret` (no `=`) after the host: keep the host, hide the rest.
  return s.replace(/\?[^=]*$/, (m) => (m.length > 1 && !m.includes('****') ? '?****' : m));
}

/** `proxy.example:3128` without a scheme is an http proxy (as curl reads it). */
function parseProxy(raw: string, source: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    // The value may carry credentials: name the source, not the value.
    throw new UsageError(`${source} 不是有效的代理 URL / ${source} is not a valid proxy URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UsageError(`${source}：只支持 http:// 与 https:// 代理 / ${source}: only http:// and https:// proxies are supported (got ${u.protocol})`);
  }
  return u;
}

/** The first set variable of `names` (lowercase first, as undici and curl read them). */
function pick(env: Record<string, string | undefined>, ...names: string[]): [string, string] | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') return [n, v];
  }
  return undefined;
}

/** The NO_PROXY entry matching host:port, as undici's EnvHttpProxyAgent matches (`*`, suffixes, :port). */
export function noProxyMatch(u: URL, env: Record<string, string | undefined>): string | undefined {
  const raw = pick(env, 'no_proxy', 'NO_PROXY')?.[1];
  if (raw === undefined) return undefined;
  if (raw.trim() === '*') return '*';
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  for (const entry of raw.split(/[,\s]/)) {
    if (!entry) continue;
    const m = entry.match(/^(.+):(\d+)$/);
    const name = (m ? m[1]! : entry).replace(/^\*?\./, '').replace(/^\[|\]$/g, '').toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return entry;
  }
  return undefined;
}

/** `--proxy` as given (`''` included: go direct), else undefined. */
export function proxyFlag(flags: Flags): string | undefined {
  return typeof flags.proxy === 'string' ? flags.proxy : undefined;
}

/** The route to `target`: --proxy, else the proxy env vars; NO_PROXY sends a matching host direct. */
export function routeFor(target: URL | undefined, flag: string | undefined, env: Record<string, string | undefined> = process.env): Route {
  let chosen: [string, string] | undefined;
  if (flag !== undefined) {
    if (flag === '') return { source: "--proxy ''" };
    chosen = ['--proxy', flag];
  } else {
    const https = target?.protocol !== 'http:';
    chosen = https ? pick(env, 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY') : pick(env, 'http_proxy', 'HTTP_PROXY');
  }
  if (chosen === undefined) {
    // An http:// gateway uses HTTP_PROXY only (as undici and curl do): say so when HTTPS_PROXY is set.
    return target?.protocol === 'http:' && pick(env, 'https_proxy', 'HTTPS_PROXY') ? { source: 'HTTP_PROXY 未设置 / HTTP_PROXY not set: an http:// gateway uses HTTP_PROXY only' } : {};
  }
  const proxy = parseProxy(chosen[1], chosen[0]);
  const bypass = target === undefined ? undefined : noProxyMatch(target, env);
  if (bypass !== undefined) return { source: chosen[0], bypass };
  return { proxy, source: chosen[0] };
}

/** One line: how requests to `target` travel. */
export function describeRoute(r: Route, target: URL | undefined): string {
  if (r.proxy) return `经代理 / via proxy ${maskProxy(r.proxy)}（来自 / from ${r.source}）`;
  if (r.bypass) return `直连：${target?.hostname} 匹配 NO_PROXY 项 ${r.bypass} / direct: ${target?.hostname} matches the NO_PROXY entry ${r.bypass}`;
  if (r.source) return `直连（${r.source}）/ direct (${r.source})`;
  return '直连（未设置代理）/ direct (no proxy set)';
}

/** What the CLI needs of undici (its types come from the devDependency). */
type Undici = typeof import('undici');

/** undici, or a clear error: a proxy was asked for and the optional dependency is missing. */
export async function loadUndici(): Promise<Undici> {
  try {
    return await import('undici');
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ProxyUnavailable(
        '经代理发送需要 undici（yjt-sso 的可选依赖，当前未安装）：在项目中运行 npm install undici，或用 --proxy \'\' 直连 / ' +
          "sending through a proxy needs undici (an optional dependency of yjt-sso, not installed): run npm install undici, or go direct with --proxy ''",
      );
    }
    throw e;
  }
}

/** A proxy was requested and cannot be used (undici missing). */
export class ProxyUnavailable extends Error {}

/** The route of the last proxied send, for the hint after a NETWORK / TIMEOUT error. */
let lastProxy: URL | undefined;

/** The hint printed after a NETWORK or TIMEOUT error of a proxied send. */
export function proxyHint(): string | undefined {
  if (lastProxy === undefined) return undefined;
  return `（经代理 / via proxy ${maskProxy(lastProxy)}；运行 yjt-sso doctor 查看哪一跳失败 / run yjt-sso doctor to see which hop fails）`;
}

/**
 * Errno-like codes the library keeps (it shows `TypeError (CODE)`, never a message): undici's
 * tunnel errors carry the proxy's status only in their message.
 */
function proxyCode(e: unknown): string | undefined {
  let c: unknown = e;
  for (let i = 0; i < 4 && typeof c === 'object' && c !== null; i++) {
    const { message, code } = c as { message?: unknown; code?: unknown };
    if (typeof message === 'string') {
      const m = message.match(/Proxy Authentication Required \((\d{3})\)|Proxy response \((\d{3})\) !== 200/);
      if (m) return `PROXY_CONNECT_${m[1] ?? m[2]}`;
    }
    // Behind a proxy the only connection this machine opens is to the proxy.
    if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/.test(code)) return `PROXY_${code}`;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A fetch for `route` (undefined: the global fetch, direct) and how to release its connections. */
export async function fetchFor(route: Route): Promise<{ fetch?: typeof fetch; close(): Promise<void> }> {
  if (!route.proxy) return { close: async () => {} };
  const undici = await loadUndici();
  const dispatcher = new undici.ProxyAgent({ uri: route.proxy.href });
  lastProxy = route.proxy;
  const f = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    try {
      return (await undici.fetch(url as string, { ...(init as object), dispatcher })) as unknown as Response;
    } catch (e) {
      const code = proxyCode(e);
      if (code === undefined) throw e;
      throw Object.assign(new TypeError(code), { code });
    }
  };
  return { fetch: f as typeof fetch, close: () => dispatcher.close().catch(() => {}) };
}
