/**
 * 业务路由：POST /v1/exchange（code 换身份，按租户配置脱敏）与 POST /v1/call（租户允许的网关接口）。
 * The two business routes: POST /v1/exchange (a code for the identity, masked as the tenant's
 * config says) and POST /v1/call (a signed call to an API the tenant's config allows). Request
 * bodies are checked strictly: an unknown field or a wrong type is 400, naming the field (an
 * unknown field's name is caller text, so it is not echoed: `field` is `body`).
 *
 * @module
 */
import { type Problem, serveProblem } from './problem.js';
import { findTarget, shownUser, type Tenant } from './tenants.js';

type Obj = Record<string, unknown>;

/** A route's answer: 200 and a JSON text, or a problem. */
export type RouteResult = { status: 200; body: string } | Problem;

const badRequest = (field: string, detail: string): Problem => serveProblem('BAD_REQUEST', detail, { field });

function bodyObject(v: unknown, known: readonly string[]): Obj | Problem {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return badRequest('body', '请求体须为 JSON 对象 (the request body must be a JSON object)');
  for (const k in v) if (!known.includes(k)) return badRequest('body', `请求体含未知字段，允许：${known.join(', ')} (unknown field in the request body; allowed: ${known.join(', ')})`);
  return v as Obj;
}

const isProblem = (v: unknown): v is Problem => typeof v === 'object' && v !== null && 'body' in v && 'status' in v && 'code' in v;

const EXCHANGE_FIELDS = ['code', 'businessType'] as const;

/** POST /v1/exchange. The SDK checks the code's and businessType's formats (INVALID_INPUT). */
export async function exchange(tenant: Tenant, json: unknown): Promise<RouteResult> {
  const o = bodyObject(json, EXCHANGE_FIELDS);
  if (isProblem(o)) return o;
  if (typeof o.code !== 'string') return badRequest('code', 'code 须为字符串 (code must be a string)');
  let businessType: number | undefined;
  if (o.businessType !== undefined) {
    if (typeof o.businessType === 'number') businessType = o.businessType;
    else if (typeof o.businessType === 'string' && /^[0-9]{1,10}$/.test(o.businessType)) businessType = Number(o.businessType);
    else return badRequest('businessType', 'businessType 须为整数或数字串 (businessType must be an integer or a string of digits)');
  }
  const user = await tenant.exchange.exchangeCode(o.code, businessType === undefined ? undefined : { businessType });
  return { status: 200, body: JSON.stringify({ user: shownUser(user, tenant.config.mask) }) };
}

const CALL_FIELDS = ['command', 'path', 'method', 'query', 'body'] as const;

/** POST /v1/call: only a command / path the tenant's allow list has (403 otherwise). */
export async function call(tenant: Tenant, json: unknown): Promise<RouteResult> {
  const o = bodyObject(json, CALL_FIELDS);
  if (isProblem(o)) return o;
  if (o.command !== undefined && typeof o.command !== 'string') return badRequest('command', 'command 须为字符串 (command must be a string)');
  if (o.path !== undefined && typeof o.path !== 'string') return badRequest('path', 'path 须为字符串 (path must be a string)');
  const method = o.method ?? (o.body === undefined ? 'GET' : 'POST');
  if (method !== 'GET' && method !== 'POST') return badRequest('method', 'method 只能是 GET 或 POST (method must be GET or POST)');
  if (method === 'GET' && o.body !== undefined) return badRequest('body', 'GET 调用不能带 body (a GET call has no body)');
  let query: [string, string][] = [];
  if (o.query !== undefined) {
    if (typeof o.query !== 'object' || o.query === null || Array.isArray(o.query)) return badRequest('query', 'query 须为值为字符串或数字的对象 (query must be an object of strings or numbers)');
    for (const [k, v] of Object.entries(o.query as Obj)) {
      // The command is the allow list's business: it comes only from `command`.
      if (k.toLowerCase() === 'command') return badRequest('query', 'query 不能含 command，请用 command 字段 (query must not hold command; use the command field)');
      if (typeof v === 'string') query.push([k, v]);
      else if (typeof v === 'number' && Number.isFinite(v)) query.push([k, String(v)]);
      else return badRequest('query', 'query 的值须为字符串或有限数 (query values must be strings or finite numbers)');
    }
  }
  const command = o.command as string | undefined;
  const target = findTarget(tenant, command, o.path as string | undefined);
  if (!target) return serveProblem('FORBIDDEN', '该 command / path 不在租户的允许列表中 (this command / path is not in the tenant\'s allow list)', { field: command !== undefined ? 'command' : 'path' });
  if (command !== undefined) query = [['command', command], ...query];
  const r = await target.client.request({ method, query, ...(o.body !== undefined ? { body: o.body } : {}) });
  return { status: 200, body: JSON.stringify({ data: r.data === undefined ? null : r.data }) };
}
