/**
 * yjt-sso：粤健通单点登录 SDK。Rust 内核（WebAssembly）+ 轻量 TypeScript 外壳，Node / Deno / Bun 通用，无需初始化。
 * yjt-sso: the 粤健通 single sign-on SDK. A Rust core (WebAssembly, instantiated synchronously
 * at import) with a thin TypeScript shell; one package for Node, Deno and Bun.
 *
 * @example
 * ```ts
 * import { YjtClient } from 'yjt-sso';
 * const client = new YjtClient({ env: 'test', appCode, appKey, paasId, paasToken, appSecret });
 * const user = await client.exchangeCode(code);
 * ```
 *
 * @module
 */
export { YjtError, type YjtErrorCode, type YjtErrorOptions } from './errors.js';
export { Sm4, encryptEcb, decryptEcb, verifyEcb, type CipherEncoding } from './sm4.js';
export {
  gatewaySignature,
  gatewayHeaders,
  verifyGatewayHeaders,
  generateNonce,
  type GatewayOptions,
  type ResolvedGatewayOptions,
  type GatewayCredentials,
  type SignOptions,
  type VerifyGatewayOptions,
  type VerifiedGatewayHeaders,
  type HeadersLike,
} from './gateway.js';
export {
  YjtExchange,
  GATEWAY_PRESETS,
  isValidCode,
  isValidBusinessType,
  buildExchangeRequest,
  parseExchangeResponse,
  type YjtConfig,
  type YjtUser,
  type YjtUserLabels,
  type GatewayPresets,
  type ExchangeRequest,
  type ExchangeRequestOptions,
  type GatewayResponse,
  type FieldPolicy,
} from './exchange.js';
export { YjtClient, type ExchangeCodeOptions } from './client.js';
export {
  CERTIFICATE_TYPES,
  GENDERS,
  NATIONS,
  CHANNELS,
  BUSINESS_TYPES,
  dictLabel,
  checkIdCard,
  isValidIdCard,
  maskIdCard,
  maskPhone,
  maskName,
  type CertificateTypeCode,
  type GenderCode,
  type ChannelCode,
  type NationCode,
  type BusinessTypeCode,
  type DictionaryName,
  type IdCardCheck,
} from './dict.js';

import { coreEpoch, coreMemory, Sm4 as CoreSm4 } from './core.js';
import { call } from './errors.js';
/**
 * @internal 仅供测试 / tests only: a deliberate trap (to prove the loader rebuilds the
 * instance), the instance generation, its linear memory, and a raw core key object whose
 * pointer lets a test read its round keys before and after `free()`.
 */
export const __testing = {
  trap: (): void => {
    // Through the same error path as every call, so the trap is detected and recovered.
    // Freeing an out-of-bounds pointer is a real trap (memory access out of bounds).
    const bogus = Object.create(CoreSm4.prototype) as { __wbg_ptr: number; free(): void };
    bogus.__wbg_ptr = 0xfffffff0;
    call(() => bogus.free());
  },
  epoch: coreEpoch,
  memory: (): Uint8Array => new Uint8Array(coreMemory().buffer),
  rawSm4: (key: string): { readonly __wbg_ptr: number; free(): void } =>
    call(() => new CoreSm4(key)) as unknown as { readonly __wbg_ptr: number; free(): void },
};
