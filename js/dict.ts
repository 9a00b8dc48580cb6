/**
 * 数据字典（证件类型、性别、民族、渠道、业务类型）与身份证号校验、日志脱敏。
 * The data dictionaries, GB 11643 ID-number checks and log masks — all from the Rust core.
 *
 * @module
 */
import * as core from './core.js';
import { YjtError } from './errors.js';
import { call, needString } from './call.js';

import { DICTIONARIES, type CertificateTypeCode, type ChannelCode } from './generated.js';
export type { CertificateTypeCode, GenderCode, ChannelCode, NationCode, BusinessTypeCode } from './generated.js';

// Generated from the Rust tables at build time: no call into the core at import.
const all = DICTIONARIES;
const frozen = (o: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> => Object.freeze({ ...o });

/**
 * 证件类型：01 居民身份证 … 99 其他法定有效证件。
 * @example
 * ```ts
 * CERTIFICATE_TYPES['01']; // '居民身份证'
 * ```
 */
export const CERTIFICATE_TYPES: Readonly<Record<CertificateTypeCode | string, string>> = frozen(all.certificateTypes);
/**
 * 性别：1 男，2 女，3 保密，4 未知。
 * @example
 * ```ts
 * GENDERS[1]; // '男'
 * ```
 */
export const GENDERS: Readonly<Record<string, string>> = frozen(all.genders);
/**
 * 民族（GB/T 3304）：01 汉族 … 56 基诺族，97 其他，98 外国血统中国籍人士，99 其它民族或外国人。
 * @example
 * ```ts
 * NATIONS['29']; // '柯尔克孜族'
 * ```
 */
export const NATIONS: Readonly<Record<string, string>> = frozen(all.nations);
/**
 * 渠道：1 内地，2 港澳，3 台湾，4 外籍。
 * @example
 * ```ts
 * CHANNELS['2']; // '港澳'
 * ```
 */
export const CHANNELS: Readonly<Record<ChannelCode | string, string>> = frozen(all.channels);
/**
 * 业务类型：1 预约挂号（互联网医院使用）… 12 健康深圳《新冠预约》；其他正整数也可使用。
 * @example
 * ```ts
 * BUSINESS_TYPES[1]; // '预约挂号'
 * ```
 */
export const BUSINESS_TYPES: Readonly<Record<string, string>> = frozen(all.businessTypes);

/** 字典名 / dictionary names for {@link dictLabel}. */
export type DictionaryName = 'certificateType' | 'gender' | 'nation' | 'channel' | 'businessType';

/**
 * 查字典标签；未知代码返回 null（单个数字的民族/证件代码按补零处理）。
 * Looks a code up; `null` when unknown. Single-digit nation / certificate codes are zero-padded.
 *
 * @example
 * ```ts
 * dictLabel('nation', '1'); // '汉族'
 * ```
 */
export function dictLabel(dictionary: DictionaryName, code: string | number): string | null {
  const d = needString(dictionary, 'dictionary');
  if (typeof code !== 'string' && typeof code !== 'number') {
    throw new YjtError('INVALID_INPUT', 'code 须为字符串或数字 (code must be a string or a number)');
  }
  const c = String(code);
  return call(() => core.dictLabel(d, c)) ?? null;
}

/** 身份证号检查结果 / result of an ID-number check. */
export type IdCardCheck = 'valid' | 'bad_check_digit' | 'legacy_15' | 'malformed';

/**
 * 按 GB 11643 检查身份证号：校验码（x/X 均可）与出生日期；15 位旧号返回 legacy_15（无校验码）。
 * Checks a 居民身份证 number per GB 11643.
 *
 * @example
 * ```ts
 * checkIdCard('11010519491231002X'); // 'valid'
 * ```
 */
export function checkIdCard(id: string): IdCardCheck {
  const s = needString(id, 'id');
  return call(() => core.checkIdCard(s)) as IdCardCheck;
}

/**
 * 是否为校验通过的 18 位身份证号 / whether `id` is a valid 18-character number.
 *
 * @example
 * ```ts
 * isValidIdCard('11010519491231002X'); // true
 * ```
 */
export function isValidIdCard(id: string): boolean {
  return typeof id === 'string' && call(() => core.isValidIdCard(id));
}

/**
 * 证件号脱敏（18 位保留前 4 后 4）/ masks an ID number for logs.
 *
 * @example
 * ```ts
 * maskIdCard('11010519491231002X'); // '1101**********002X'
 * ```
 */
export function maskIdCard(id: string): string {
  const s = needString(id, 'id');
  return call(() => core.maskIdCard(s));
}

/**
 * 手机号脱敏 / masks a phone number for logs.
 *
 * @example
 * ```ts
 * maskPhone('13800138000'); // '138****8000'
 * ```
 */
export function maskPhone(phone: string): string {
  const s = needString(phone, 'phone');
  return call(() => core.maskPhone(s));
}

/**
 * 姓名脱敏 / masks a name for logs.
 *
 * @example
 * ```ts
 * maskName('张三丰'); // '张*丰'
 * ```
 */
export function maskName(name: string): string {
  const s = needString(name, 'name');
  return call(() => core.maskName(s));
}
