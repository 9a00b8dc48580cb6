// Uses every public API of yjt-sso with the types a consumer sees (ESM: index.d.mts), plus
// the CJS declarations (index.d.cts), plus misuse that must not compile (@ts-expect-error).
import {
  Sm4,
  encryptEcb,
  decryptEcb,
  verifyEcb,
  gatewaySignature,
  gatewayHeaders,
  verifyGatewayHeaders,
  generateNonce,
  YjtExchange,
  GATEWAY_PRESETS,
  isValidCode,
  buildExchangeRequest,
  parseExchangeResponse,
  YjtClient,
  memoryStore,
  nodeRedisStore,
  type YjtStore,
  type YjtClientConfig,
  YjtError,
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
  type CipherEncoding,
  type YjtErrorCode,
  type YjtErrorOptions,
  type GatewayOptions,
  type GatewayCredentials,
  type SignOptions,
  type VerifyGatewayOptions,
  type VerifiedGatewayHeaders,
  type HeadersLike,
  type YjtConfig,
  type YjtUser,
  type YjtUserLabels,
  type ExchangeRequest,
  type ExchangeRequestOptions,
  type GatewayResponse,
  type FieldPolicy,
  type ExchangeCodeOptions,
  type CertificateTypeCode,
  type GenderCode,
  type ChannelCode,
  type DictionaryName,
  type IdCardCheck,
} from 'yjt-sso';
// The CJS declarations (index.d.cts), as `require('yjt-sso')` sees them.
import type * as Cjs from '../../.tmp/consumer/node_modules/yjt-sso/index.cjs';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_: T): void {}

const key = 'A7E2D00B4058086CBD3D4B8A5E0B2697';

// ---- SM4
const enc: CipherEncoding = 'base64';
const sm4 = new Sm4(key);
const sm4b = new Sm4(new Uint8Array(16));
const hexCt: string = sm4.encrypt('小明');
sm4.encrypt(new Uint8Array([1, 2]), 'HEX');
sm4.encrypt('x', enc);
const pt: string = sm4.decrypt(hexCt);
sm4.decrypt(hexCt, 'base64');
const bytes: Uint8Array = sm4.encryptBytes(new Uint8Array(3));
const back: Uint8Array = sm4.decryptBytes(bytes);
const same: boolean = sm4.verify(hexCt, pt);
sm4.free();
sm4b[Symbol.dispose]();
{
  using scoped = new Sm4(key);
  scoped.encrypt('x');
}
const e1: string = encryptEcb(key, '小明');
const d1: string = decryptEcb(key, e1);
const v1: boolean = verifyEcb(key, e1, d1);
// @ts-expect-error: 'utf8' is not a ciphertext encoding
sm4.encrypt('x', 'utf8');
// @ts-expect-error: a key is a string or bytes
new Sm4(42);
// @ts-expect-error: encryptBytes takes bytes
sm4.encryptBytes('text');

// ---- gateway
const gwOpts: GatewayOptions = {
  prefix: 'x-tif',
  serviceIdHeader: 'serviceId',
  appSecretHeader: 'AppSecret',
  paasIdHeader: 'paasId',
  signatureCase: 'lower',
  timestampUnit: 'milliseconds',
  serviceIdPlacement: 'query',
  sendAppSecret: false,
};
const creds: GatewayCredentials = { paasId: 'p', paasToken: 't', appSecret: 's', serviceId: 'DGSP_1', gateway: gwOpts };
const signOpts: SignOptions = { timestamp: '1700000000', nonce: 'abcdef0123456789', now: () => Date.now() };
const sig: string = gatewaySignature('1700000000', 't', 'n');
gatewaySignature('1', 't', 'n', { lowercase: true });
const headers: Record<string, string> = gatewayHeaders(creds, signOpts);
gatewayHeaders(creds);
const verifyOpts: VerifyGatewayOptions = { paasToken: 't', now: Date.now(), maxSkewSeconds: 180, strict: true, gateway: gwOpts };
const shapes: HeadersLike[] = [new Headers(headers), headers, Object.entries(headers), { 'set-cookie': ['a', 'b'], x: undefined }];
const verified: VerifiedGatewayHeaders = verifyGatewayHeaders(shapes[0]!, verifyOpts);
const vTs: string = verified.timestamp;
const vSid: string | null = verified.serviceId;
const nonce: string = generateNonce();
// @ts-expect-error: signatureCase is 'upper' | 'lower'
const badGw: GatewayOptions = { signatureCase: 'mixed' };
// @ts-expect-error: paasToken is required
verifyGatewayHeaders(headers, { now: 1 });

// ---- exchange
const policy: FieldPolicy = 'auto';
const config: YjtConfig = {
  env: 'test',
  appCode: 'HOSP001',
  appKey: key,
  paasId: 'p',
  paasToken: 't',
  appSecret: 's',
  serviceId: 'DGSP_1911964810465574914',
  baseUrl: 'https://proxy.example/gw',
  businessType: 1,
  gateway: { prefix: 'x-tsp' },
  decryptFields: { name: policy, healthCardNo: 'never' },
  allowInsecureHttp: false,
  timeoutMs: 10_000,
  maxBodyBytes: 1 << 20,
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
};
const reqOpts: ExchangeRequestOptions = { businessType: 2, timestamp: '1700000000', nonce: 'n' };
const req: ExchangeRequest = buildExchangeRequest(config, 'afadsgfaar', reqOpts);
const method: 'GET' = req.method;
const res: GatewayResponse = { status: 200, body: '{}' };
const u1: YjtUser = parseExchangeResponse(config, res);
const ex = new YjtExchange(config);
const env: 'production' | 'test' = ex.env;
const appCode: string = ex.appCode;
ex.buildRequest('code', { businessType: 1 });
const u2: YjtUser = ex.parseResponse(res);
ex.free();
ex[Symbol.dispose]();
const labels: YjtUserLabels = u2.labels;
const nationLabel: string | null = labels.nation;
const gender: number | null = u1.gender;
const ct: string = u1.certificateType;
const ch: string = u1.channel;
const fields: [string, string, string, string, string] = [u1.userId, u1.name, u1.phone, u1.certificateNo, u1.healthCardNo];
// @ts-expect-error: appKey is required
const missing: YjtConfig = { env: 'test', appCode: 'H', paasId: 'p', paasToken: 't' };
// @ts-expect-error: env is 'production' | 'test'
const badEnv: YjtConfig = { env: 'staging', appCode: 'H', appKey: key, paasId: 'p', paasToken: 't' };
// @ts-expect-error: decryptFields policies are 'auto' | 'always' | 'never'
const badPolicy: YjtConfig = { ...config, decryptFields: { name: 'sometimes' } };
// @ts-expect-error: the status is a number
ex.parseResponse({ status: '200', body: '' });

// ---- shared store (several instances)
async function useStore(redis: { get(k: string): Promise<string | null>; set(k: string, v: string, o: { PX: number; NX?: true }): Promise<string | null>; del(k: string): Promise<number> }): Promise<void> {
  const store: YjtStore = nodeRedisStore(redis);
  const cfg: YjtClientConfig = { ...config, store, storeKey: 'x'.repeat(32), storeFailure: 'fail', storeTtlMs: 60_000, storePrefix: 'h1:' };
  const client = new YjtClient(cfg);
  new YjtClient({ ...config, store: memoryStore() });
  // @ts-expect-error: the policy is 'bypass' or 'fail'
  new YjtClient({ ...config, store, storeFailure: 'retry' });
  const hook = (e: YjtEvent) => { if (e.type === 'store') { const r: 'claimant' | 'waiter' | 'bypass' = e.role; const w: number = e.waitedMs; void [r, w]; } };
  void hook;
  // with a nonce store the verification is a promise
  const v: Promise<VerifiedGatewayHeaders> = verifyGatewayHeaders(new Headers(), { paasToken: 't', nonceStore: store });
  const sync: VerifiedGatewayHeaders = verifyGatewayHeaders(new Headers(), { paasToken: 't' });
  void [v, sync, client];
}
void useStore;

// ---- client
async function useClient(): Promise<void> {
  const client = new YjtClient(config);
  const opts: ExchangeCodeOptions = { businessType: 1, signal: AbortSignal.timeout(1000) };
  const user: YjtUser = await client.exchangeCode('code', opts);
  const r: ExchangeRequest = client.buildRequest('code', { businessType: 3 });
  const e: 'production' | 'test' = client.env;
  const a: string = client.appCode;
  void [user, r, e, a];
  // @ts-expect-error: a code is a string
  await client.exchangeCode(123);
  try {
    await client.exchangeCode('code');
  } catch (err) {
    if (err instanceof YjtError) {
      const code: YjtErrorCode = err.code;
      const retry: boolean = err.retryable;
      const errcode: number | undefined = err.errcode;
      const status: number | undefined = err.status;
      const asError: Error = err;
      void [code, retry, errcode, status, asError];
      // @ts-expect-error: not a YjtErrorCode
      const wrong: YjtErrorCode = 'NOT_A_CODE';
      void wrong;
    }
  } finally {
    client.free();
    client[Symbol.dispose]();
  }
}
const errOpts: YjtErrorOptions = { errcode: 1, status: 200, retryable: false, cause: new Error('x') };
const made = new YjtError('NETWORK', 'message', errOpts);
assertType<Equal<typeof made.code, YjtErrorCode>>(true);

// ---- dictionaries, ID cards, masks
const certCode: CertificateTypeCode = '01';
const genderCode: GenderCode = 2;
const channelCode: ChannelCode = '4';
const dictName: DictionaryName = 'nation';
const labelsOut: (string | undefined)[] = [
  CERTIFICATE_TYPES[certCode], GENDERS[genderCode], NATIONS['29'], CHANNELS[channelCode], BUSINESS_TYPES[1],
];
const lbl: string | null = dictLabel(dictName, '1');
dictLabel('gender', 1);
const check: IdCardCheck = checkIdCard('11010519491231002X');
assertType<Equal<IdCardCheck, 'valid' | 'bad_check_digit' | 'legacy_15' | 'malformed'>>(true);
const valid: boolean = isValidIdCard('11010519491231002X');
const masked: string[] = [maskIdCard('11010519491231002X'), maskPhone('13800138000'), maskName('张三丰')];
// @ts-expect-error: dictionaries are read-only
NATIONS['29'] = 'x';
// @ts-expect-error: not a dictionary name
dictLabel('country', '1');
// @ts-expect-error: GenderCode is 1 | 2 | 3 | 4
const badGender: GenderCode = 5;

// ---- the CJS declarations describe the same API
assertType<Equal<ReturnType<typeof Cjs.encryptEcb>, string>>(true);
assertType<Equal<Cjs.YjtUser, YjtUser>>(true);
assertType<Equal<Cjs.YjtConfig, YjtConfig>>(true);
assertType<Equal<Cjs.YjtErrorCode, YjtErrorCode>>(true);
assertType<Equal<InstanceType<typeof Cjs.YjtClient>['exchangeCode'], InstanceType<typeof YjtClient>['exchangeCode']>>(true);

export {
  back, same, v1, sig, vTs, vSid, nonce, badGw, method, env, appCode, nationLabel, gender, ct, ch, fields,
  missing, badEnv, badPolicy, useClient, labelsOut, lbl, check, valid, masked, badGender,
};

// Added later to the public API: the presets and the code check.
const testServiceId: string = GATEWAY_PRESETS.serviceIds.test;
const gatewayUrl: string = GATEWAY_PRESETS.baseUrl;
const codeOk: boolean = isValidCode('afadsgfaar');
// @ts-expect-error the presets are read-only
GATEWAY_PRESETS.baseUrl = 'https://elsewhere.example';
void [testServiceId, gatewayUrl, codeOk];

// GatewayClient: any API behind the gateway.
import {
  GatewayClient,
  type GatewayClientOptions,
  type GatewayClientOptionsCore,
  type GatewayRequestOptions,
  type GatewayResult,
  type GatewayQuery,
} from 'yjt-sso';

const gwClientOpts: GatewayClientOptions = {
  paasId: 'p',
  paasToken: 't',
  appSecret: process_env_or_undefined(),
  serviceId: 'DGSP_1',
  baseUrl: 'https://gw.example/api',
  gateway: { prefix: 'x-tif', signatureCase: 'lower' },
  allowInsecureHttp: undefined,
  timeoutMs: 5_000,
  maxBodyBytes: undefined,
  fetch: (input, init) => fetch(input, init),
  now: undefined,
};
function process_env_or_undefined(): string | undefined {
  return undefined;
}
const coreOnly: GatewayClientOptionsCore = gwClientOpts;
async function useGatewayClient(): Promise<void> {
  const gw = new GatewayClient(gwClientOpts);
  const q1: GatewayQuery = { command: '02', page: 1 };
  const q2: GatewayQuery = [['command', '02']];
  const get: GatewayResult = await gw.request({ query: q1 });
  const status: number = get.status;
  const data: unknown = get.data;
  const envelope: unknown = get.envelope;
  const reqOpts: GatewayRequestOptions = { method: 'POST', query: q2, body: { a: 1 }, headers: { 'x-tsp-target': 't' }, signal: undefined };
  const typed: GatewayResult<{ list: number[] }> = await gw.request<{ list: number[] }>(reqOpts);
  const first: number | undefined = typed.data.list[0];
  await gw.request();
  void [status, data, envelope, first];
  // @ts-expect-error: only GET and POST
  await gw.request({ method: 'PUT' });
  // @ts-expect-error: query values are strings or numbers
  await gw.request({ query: { a: true } });
  gw.free();
  gw[Symbol.dispose]();
}
// @ts-expect-error: serviceId is required
const noService: GatewayClientOptions = { paasId: 'p', paasToken: 't', baseUrl: 'https://gw.example/api' };
assertType<Equal<InstanceType<typeof Cjs.GatewayClient>['request'], InstanceType<typeof GatewayClient>['request']>>(true);
void [coreOnly, useGatewayClient, noService];

// README proxy snippet, against a stand-in with undici's shape (no undici install): its own
// Response and RequestInit types, not the DOM ones; the wrapper must type-check under strict.
{
  class UndiciResponse { readonly status = 200; body: unknown = null; }
  interface UndiciRequestInit { method?: string; headers?: Record<string, string> | [string, string][]; body?: string | null; redirect?: 'manual' | 'follow' | 'error'; signal?: unknown; dispatcher?: unknown }
  const undiciFetch = (_url: string | URL, _init?: UndiciRequestInit): Promise<UndiciResponse> => Promise.resolve(new UndiciResponse());
  class ProxyAgent { constructor(readonly uri: string) {} }
  const config = { env: 'test' as const, appCode: 'H1', appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697', paasId: 'p', paasToken: 't' };

  const dispatcher = new ProxyAgent('http://proxy.hospital.internal:3128');
  const proxyFetch = ((url: string, init?: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;
  const proxied = new YjtClient({ ...config, fetch: proxyFetch });
  proxied.free();
  // @ts-expect-error the unwrapped undici fetch is not the DOM fetch (Response is not assignable)
  new YjtClient({ ...config, fetch: (url: string, init?: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher }) });
}

// onEvent: observability events for both clients.
import type { YjtEvent, YjtStartEvent, YjtEndEvent, YjtEventHook } from 'yjt-sso';

const hook: YjtEventHook = (e: YjtEvent) => {
  if (e.type === 'start') {
    const s: YjtStartEvent = e;
    const host: string = s.host;
    const id: number = s.callId;
    void [host, id];
    // @ts-expect-error: a start event has no duration
    void s.durationMs;
  } else if (e.type === 'store') {
    const role: 'claimant' | 'waiter' | 'bypass' = e.role;
    const err: YjtErrorCode | null = e.error;
    void [role, err];
  } else {
    const end: YjtEndEvent = e;
    const ms: number = end.durationMs;
    const status: number | null = end.status;
    const errcode: number | null = end.errcode;
    const code: YjtErrorCode | null = end.code;
    const retryable: boolean = end.retryable;
    const client: 'YjtClient' | 'GatewayClient' = end.client;
    void [ms, status, errcode, code, retryable, client];
  }
};
const withHook = new YjtClient({ ...config, onEvent: hook });
const gwWithHook = new GatewayClient({ ...gwClientOpts, onEvent: (e) => void e.host });
// @ts-expect-error: onEvent is a function
const badHook: YjtConfig = { ...config, onEvent: 'log' };
// @ts-expect-error: events have no url
const noUrl: YjtEventHook = (e) => void e.url;
assertType<Equal<Parameters<NonNullable<Cjs.YjtConfig['onEvent']>>[0], YjtEvent>>(true);
void [withHook, gwWithHook, badHook, noUrl];
