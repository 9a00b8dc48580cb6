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
  gatewayVerdict,
  type GatewayCheck,
  type GatewayVerdict,
  type SignOptions,
  type VerifyGatewayOptions,
  type VerifiedGatewayHeaders,
  type HeadersLike,
} from './gateway.js';
export {
  YjtExchange,
  GATEWAY_PRESETS,
  GATEWAY_VARIANTS,
  isValidCode,
  isValidBusinessType,
  buildExchangeRequest,
  parseExchangeResponse,
  type YjtConfig,
  type YjtUser,
  type YjtUserLabels,
  type GatewayPresets,
  type KnownGatewayVariant,
  type VariantPatch,
  type ExchangeRequest,
  type ExchangeRequestOptions,
  type GatewayResponse,
  type FieldPolicy,
} from './exchange.js';
export { YjtClient, type YjtClientConfig, type ExchangeCodeOptions } from './client.js';
export type { YjtEvent, YjtCallEvent, YjtStartEvent, YjtEndEvent, YjtStoreEvent, YjtEventHook } from './transport.js';
export { memoryStore, nodeRedisStore, ioredisStore, type YjtStore, type YjtStoreSetOptions, type NodeRedisLike, type IoRedisLike } from './store.js';
export type { StoreConfig } from './store/options.js';
export {
  GatewayClient,
  type GatewayClientOptions,
  type GatewayClientOptionsCore,
  type GatewayRequestOptions,
  type GatewayResult,
  type GatewayQuery,
} from './gateway-client.js';
export type { PersonalFields } from './personal.js';
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
