/**
 * 请求限制：内容类型、请求体大小（边读边计）、每租户并发（超出即 429）。
 * Request limits: the content type, the body size (Content-Length, then counted while reading)
 * and each tenant's concurrency (429 beyond it). Slow clients are bounded by the server's
 * header and request timeouts (server.ts).
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { type Problem, fixedProblem } from './problem.js';

/** application/json, optionally with a UTF-8 charset. */
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** 415 unless the request says it is JSON. */
export function checkContentType(req: IncomingMessage): Problem | undefined {
  const t = req.headers['content-type'];
  if (t !== undefined && JSON_TYPE.test(t)) return undefined;
  return fixedProblem('UNSUPPORTED_MEDIA_TYPE', '请求体须为 application/json (the request body must be application/json)');
}

export const tooLarge = (limit: number): Problem => fixedProblem('PAYLOAD_TOO_LARGE', `请求体不得超过 ${limit} 字节 (the request body is limited to ${limit} bytes)`);

/** The body, or the problem (413) once it passes `limit` bytes; an aborted request rejects. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | Problem> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        cleanup();
        resolve(tooLarge(limit));
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onAbort = () => {
      cleanup();
      reject(new Error('aborted'));
    };
    // A connection closed under a request (a slow client cut by the request timeout) emits
    // neither 'end' nor always 'aborted': 'close' with the message incomplete.
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAbort);
      req.off('error', onAbort);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAbort);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

/** 429 with Retry-After: the tenant has `limit` requests in flight. */
export const tooMany = (): Problem => fixedProblem('TOO_MANY_REQUESTS', '该租户进行中的请求过多 (too many requests of this tenant are in flight)', { 'retry-after': '1' });

/** The body as JSON, or the problem (400; never echoing the body). */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return MALFORMED;
  }
}
export const MALFORMED: unique symbol = Symbol('malformed');
