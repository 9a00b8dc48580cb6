/**
 * 其他接口结果中的个人信息脱敏：调用方声明哪些字段是姓名、手机号、证件号，结果在 inspect 中只显示脱敏值。
 * Masking personal data in the results of other gateway APIs: the caller names the fields that
 * hold a name, a phone or an ID number (at any depth of `data`); `util.inspect` / `Deno.inspect`
 * / `Bun.inspect` of the result, its `data` and its `envelope` then show masked values.
 * `JSON.stringify` stays the full data, as for the identity.
 *
 * @module
 */
import { YjtError } from './errors.js';
import { maskIdCard, maskName, maskPhone } from './dict.js';
import { defineInspect } from './redact.js';

/** 字段名 → 脱敏方式 / field name → how to mask it. `hidden` shows `[REDACTED]`. */
export type PersonalFields = Record<string, 'name' | 'phone' | 'idCard' | 'hidden'>;

const MASKS: Record<PersonalFields[string], (v: string) => string> = {
  name: maskName,
  phone: maskPhone,
  idCard: maskIdCard,
  hidden: () => '[REDACTED]',
};

/** INVALID_INPUT unless `p` maps names to known mask kinds. */
export function checkPersonal(p: unknown): PersonalFields | undefined {
  if (p === undefined) return undefined;
  const bad = () => new YjtError('INVALID_INPUT', "personal 须为 { 字段名: 'name' | 'phone' | 'idCard' | 'hidden' } (personal must map field names to 'name', 'phone', 'idCard' or 'hidden')", { field: 'personal' });
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad();
  for (const v of Object.values(p)) if (typeof v !== 'string' || !Object.hasOwn(MASKS, v)) throw bad();
  return p as PersonalFields;
}

/** A copy of `v` with the declared fields masked (a non-string value there is hidden). */
function masked(v: unknown, personal: PersonalFields, depth = 0): unknown {
  if (depth > 64 || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => masked(x, personal, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const kind = Object.hasOwn(personal, k) ? personal[k] : undefined;
    out[k] = kind === undefined ? masked(x, personal, depth + 1) : typeof x === 'string' ? MASKS[kind](x) : '[REDACTED]';
  }
  return out;
}

/** Gives `target` (and every object inside it) an inspect view with `personal` masked. */
export function maskOnInspect(target: unknown, personal: PersonalFields): void {
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 64 || typeof v !== 'object' || v === null || seen.has(v) || Object.isFrozen(v)) return;
    seen.add(v);
    defineInspect(v, function (this: unknown) {
      return masked(this, personal);
    });
    for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(target, 0);
}
