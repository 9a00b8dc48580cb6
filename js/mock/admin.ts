/**
 * The /__mock/* admin routes: `GET /__mock/health` (counters) and `POST /__mock/codes` (issue a
 * code for a known user or a full new one), guarded so a web page cannot use them.
 */
import { json } from './json.js';
import { MockStoreFull } from './exchange.js';
import type { MockStats, MockUser } from './types.js';

/** `Authorization: Bearer <token>`, compared in constant time. */
export function adminAuthorized(req: Request, token: string): boolean {
  const got = req.headers.get('authorization') ?? '';
  const want = `Bearer ${token}`;
  let diff = got.length ^ want.length;
  for (let i = 0; i < want.length; i++) diff |= (got.charCodeAt(i) || 0) ^ want.charCodeAt(i);
  return diff === 0;
}

export async function admin(req: Request, url: URL, stats: MockStats, issueCode: (user: MockUser | string) => string): Promise<Response> {
  if (url.pathname === '/__mock/health') return json(200, { ok: true, stats });
  if (url.pathname === '/__mock/codes' && req.method === 'POST') {
    // Browsers may send a cross-origin "simple" POST (text/plain, form types) without asking
    // first: only application/json is accepted, which a browser sends cross-origin only after
    // a CORS preflight the mock never grants. A page's Origin (cross-site, or a DNS-rebound
    // host name) is refused outright.
    const origin = req.headers.get('origin');
    const site = req.headers.get('sec-fetch-site');
    if ((origin !== null && origin !== url.origin) || (site !== null && site !== 'same-origin' && site !== 'none')) {
      return json(403, { error: 'cross-origin requests are refused' });
    }
    const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return json(415, { error: 'Content-Type must be application/json' });
    }
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      return json(400, { error: 'body must be JSON: { "userId": "…" } or a full user' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return json(400, { error: 'body must be a JSON object: { "userId": "…" } or a full user' });
    }
    try {
      const b = body as Record<string, unknown>;
      const code = issueCode(typeof b.name === 'string' ? (b as unknown as MockUser) : String(b.userId));
      return json(200, { code });
    } catch (e) {
      if (e instanceof MockStoreFull) return json(429, { error: e.message });
      return json(400, { error: e instanceof Error ? e.message : 'bad request' });
    }
  }
  return json(404, { error: 'unknown mock route' });
}
