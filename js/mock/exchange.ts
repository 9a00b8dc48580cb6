/**
 * The 粤健通 code-exchange API: the users the gateway knows, single-use codes that expire, and
 * the interface document's answer with `certificateNo` / `phone` (optionally more) SM4-encrypted.
 */
import { Sm4, YjtError, generateNonce, isValidBusinessType, isValidCode } from '../index.js';
import type { Rejections } from './checks.js';
import { json } from './json.js';
import type { MockGatewayOptions, MockStats, MockUser } from './types.js';

/** A copy of a user whose required fields are strings (callers and the admin route pass anything). */
function checkUser(u: MockUser): MockUser {
  if (typeof u !== 'object' || u === null) throw new YjtError('INVALID_INPUT', 'user 须为对象 (user must be an object)');
  for (const k of ['userId', 'name', 'phone', 'certificateNo'] as const) {
    if (typeof u[k] !== 'string') throw new YjtError('INVALID_INPUT', `user.${k} 须为字符串 (user.${k} must be a string)`);
  }
  return { ...u };
}

export interface Exchange {
  addUser(user: MockUser): void;
  issueCode(user: MockUser | string): string;
  /** Answers an exchange request that passed the gateway's checks; `t` is the request's time. */
  answer(query: URLSearchParams, t: number): Response;
}

/** The user store is full (MockGatewayOptions.maxUsers): the admin route answers 429. */
export class MockStoreFull extends Error {}

export function createExchange(
  options: MockGatewayOptions,
  creds: { appCode: string; appKey: string },
  now: () => number,
  stats: MockStats,
  reject: Rejections,
): Exchange {
  const sm4 = new Sm4(creds.appKey);
  const ttl = options.codeTtlMs ?? 5 * 60_000;
  const users = new Map<string, MockUser>();
  for (const u of options.users ?? []) users.set(u.userId, checkUser(u));
  const codes = new Map<string, { userId: string; expires: number }>();
  // Requests per issued code (the double-tap tests count them); pruned past expiry.
  const asked = new Map<string, { n: number; expires: number }>();

  /** Adds or replaces a user; returns its id. */
  function register(user: MockUser): string {
    const u = checkUser(user);
    const max = options.maxUsers ?? 10_000;
    if (!users.has(u.userId) && users.size >= max) throw new MockStoreFull(`mock user store full (at most ${max} users)`);
    users.set(u.userId, u);
    return u.userId;
  }

  return {
    addUser(user) {
      register(user);
    },
    issueCode(user) {
      if (typeof user === 'string' && !users.has(user)) throw new YjtError('INVALID_INPUT', '未知用户 (unknown mock user)');
      const userId = typeof user === 'string' ? user : register(user);
      const code = generateNonce() + generateNonce();
      const expires = now() + ttl;
      if (codes.size >= 100_000) for (const [c, e] of codes) if (e.expires <= now()) codes.delete(c);
      if (codes.size >= 100_000) throw new MockStoreFull('mock code store full (100000 unexpired codes)');
      codes.set(code, { userId, expires });
      if (asked.size >= 100_000) for (const [c, a] of asked) if (a.expires + ttl <= now()) asked.delete(c);
      asked.set(code, { n: 0, expires });
      return code;
    },
    answer(q, t) {
      if (q.get('appCode') !== creds.appCode) return reject.api(2, '参数不合法：appCode');
      const code = q.get('code') ?? '';
      if (!isValidCode(code)) return reject.api(2, '参数不合法：code');
      const bt = q.get('businessType') ?? '';
      if (!isValidBusinessType(bt)) return reject.api(2, '参数不合法：businessType');

      const a = asked.get(code);
      if (a) {
        a.n++;
        stats.codeRequests++;
        if (a.n > 1) stats.repeatedCodeRequests++;
        stats.maxRequestsPerCode = Math.max(stats.maxRequestsPerCode, a.n);
      }
      const entry = codes.get(code);
      codes.delete(code); // single-use, whatever happens next
      if (!entry || entry.expires <= t) return reject.api(1, 'code 无效、已过期或已使用');
      const user = users.get(entry.userId);
      if (!user) return reject.api(1, '用户不存在');
      stats.exchanges++;
      const ef = options.encryptFields ?? {};
      return json(200, {
        errcode: 0,
        errmsg: 'SUCCESS',
        data: {
          certificateNo: sm4.encrypt(user.certificateNo),
          certificateType: user.certificateType ?? '01',
          healthCardNo: ef.healthCardNo && user.healthCardNo ? sm4.encrypt(user.healthCardNo) : (user.healthCardNo ?? ''),
          phone: sm4.encrypt(user.phone),
          gender: user.gender ?? 4,
          name: ef.name ? sm4.encrypt(user.name) : user.name,
          nation: user.nation ?? '01',
          userId: user.userId,
          channel: user.channel ?? '1',
        },
      });
    },
  };
}
