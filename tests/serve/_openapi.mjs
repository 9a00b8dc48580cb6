// The service's OpenAPI document checked by a real OpenAPI 3.1 validator
// (@seriousme/openapi-schema-validator), and answers checked against its schemas (Ajv, JSON
// Schema 2020-12, the dialect of OpenAPI 3.1): each answer's status and content type must be
// documented for its route, and its body must match the documented schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { PKG_DIR } from './_serve.mjs';

/** The document the package ships (yjt-sso/openapi.json). */
export const DOC = JSON.parse(readFileSync(path.join(PKG_DIR, 'openapi.json'), 'utf8'));

/** The validator's verdict on `doc`. */
export async function validateDocument(doc) {
  const v = new Validator();
  const r = await v.validate(doc);
  return { valid: r.valid, errors: r.errors, version: v.version };
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(DOC, 'https://yjt-sso.invalid/openapi.json');
const pointer = (...parts) => parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const compiled = new Map();

/**
 * Checks one answer against the document: throws unless `status` is documented for `method path`
 * with the answer's content type, and the body matches that schema.
 */
export function checkAnswer(method, route, res) {
  const op = DOC.paths[route]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${route} is not in the OpenAPI document`);
  const doc = op.responses[String(res.status)];
  if (!doc) throw new Error(`${method} ${route} answered ${res.status}, which the document does not list`);
  const type = String(res.headers['content-type'] ?? '').split(';')[0].trim();
  const media = doc.content?.[type];
  if (!media) throw new Error(`${method} ${route} ${res.status}: content type ${type} is not documented (${Object.keys(doc.content ?? {}).join(', ')})`);
  for (const h of Object.keys(doc.headers ?? {})) if (res.headers[h.toLowerCase()] === undefined) throw new Error(`${method} ${route} ${res.status}: header ${h} missing`);
  const ref = `https://yjt-sso.invalid/openapi.json#/${pointer('paths', route, method.toLowerCase(), 'responses', res.status, 'content', type, 'schema')}`;
  let validate = compiled.get(ref);
  if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
  const body = type === 'text/plain' ? res.text : res.json;
  if (!validate(body)) throw new Error(`${method} ${route} ${res.status}: body does not match the schema: ${ajv.errorsText(validate.errors)}\n${res.text.slice(0, 500)}`);
  if (type === 'application/problem+json' && body.status !== res.status) throw new Error(`problem status ${body.status} ≠ HTTP ${res.status}`);
  return true;
}

/** Checks a problem answer of a route / method the document has no operation for (404, 405). */
export function checkProblem(res) {
  if (String(res.headers['content-type']).split(';')[0] !== 'application/problem+json') throw new Error(`not a problem: ${res.headers['content-type']}`);
  const ref = 'https://yjt-sso.invalid/openapi.json#/components/schemas/Problem';
  let validate = compiled.get(ref);
  if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
  if (!validate(res.json)) throw new Error(`problem does not match the schema: ${ajv.errorsText(validate.errors)}`);
  if (res.json.status !== res.status) throw new Error(`problem status ${res.json.status} ≠ HTTP ${res.status}`);
  return true;
}
