// Generated from the Rust core by `YJT_UPDATE_TYPES=1 cargo test typegen`. Do not edit.
// 由 Rust 内核生成，请勿手改。

/** 稳定错误码 / the stable error codes. */
export type YjtErrorCode = 'INVALID_CONFIG' | 'INVALID_INPUT' | 'INVALID_KEY' | 'DECRYPT_FAILED' | 'NETWORK' | 'TIMEOUT' | 'ABORTED' | 'HTTP_STATUS' | 'BAD_RESPONSE' | 'GATEWAY_FAILURE' | 'GATEWAY_INVALID_PARAMS' | 'GATEWAY_SIGNATURE' | 'GATEWAY_REJECTED' | 'MISSING_HEADER' | 'INVALID_HEADER' | 'TIMESTAMP_SKEW' | 'SIGNATURE_MISMATCH' | 'HEADER_MISMATCH' | 'INTERNAL' | 'STORE_UNAVAILABLE' | 'STORE_TAMPERED' | 'NONCE_REPLAY';

/** 密文文本编码 / ciphertext text encodings; `hex` is the Java default. */
export type CipherEncoding = 'hex' | 'HEX' | 'base64';

/** 证件类型代码 / certificate type codes. */
export type CertificateTypeCode = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '99';

/** 性别代码 / gender codes. */
export type GenderCode = 1 | 2 | 3 | 4;

/** 渠道代码 / channel codes. */
export type ChannelCode = '1' | '2' | '3' | '4';

/** 民族代码（GB/T 3304）/ nation codes. */
export type NationCode = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12' | '13' | '14' | '15' | '16' | '17' | '18' | '19' | '20' | '21' | '22' | '23' | '24' | '25' | '26' | '27' | '28' | '29' | '30' | '31' | '32' | '33' | '34' | '35' | '36' | '37' | '38' | '39' | '40' | '41' | '42' | '43' | '44' | '45' | '46' | '47' | '48' | '49' | '50' | '51' | '52' | '53' | '54' | '55' | '56' | '97' | '98' | '99';

/** 已知业务类型 / the known business types (any positive integer is accepted). */
export type BusinessTypeCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

/** 环境 / the environment. */
export type YjtEnv = "production" | "test";

/** 解密策略 / decryption policy. */
export type FieldPolicy = "auto" | "always" | "never";

/** 签名大小写 / signature hex case. */
export type HexCase = "upper" | "lower";

/** 时间戳单位 / timestamp unit. */
export type TimestampUnit = "seconds" | "milliseconds";

/** service ID 位置 / service-id placement. */
export type ServiceIdPlacement = "header" | "query" | "omit";

/** 第二套签名请求头 / a second signed header set. */
export type AlsoSign = { 
/**
 * 请求头前缀（须与主前缀不同）/ header prefix, different from the main one.
 */
prefix: string, 
/**
 * 第二个 paasId / the second paasId.
 */
paasId: string, 
/**
 * 第二个令牌（参与签名，不发送）/ the second token (signed, never sent).
 */
paasToken: string, };

/** 网关变体（含默认值）/ gateway variants, every field resolved. */
export type ResolvedGatewayOptions = { 
/**
 * 请求头前缀 / header prefix: `x-tsp`, `x-tif`, `x-rio`.
 */
prefix: string, 
/**
 * service id 头名后缀 / the service-id header suffix (`serviceid` / `serviceId`).
 */
serviceIdHeader: string, 
/**
 * appSecret 头名后缀 / the app-secret header suffix (`appSecret` / `AppSecret`).
 */
appSecretHeader: string, 
/**
 * paasid 头名后缀 / the paas-id header suffix (`paasid` / `paasId`).
 */
paasIdHeader: string, 
/**
 * 签名大小写 / signature hex case.
 */
signatureCase: HexCase, 
/**
 * 时间戳单位 / timestamp unit.
 */
timestampUnit: TimestampUnit, 
/**
 * service id 位置 / service-id placement.
 */
serviceIdPlacement: ServiceIdPlacement, 
/**
 * 是否发送 appSecret 头 / whether the app-secret header is sent.
 */
sendAppSecret: boolean, 
/**
 * 额外的静态请求头（名称不得与生成的请求头重名）/ static extra headers; a name may not
 * collide with a generated header.
 */
extraHeaders: Record<string, string>, 
/**
 * paasid 同时放进查询参数（参数名同 paasIdHeader）/ also send the paasid as a query
 * parameter named like `paasIdHeader`.
 */
paasIdInQuery: boolean, 
/**
 * 第二套签名请求头（另一前缀、另一 paasId 与令牌）/ a second signed header set, with its own
 * prefix, paasId and token. Never serialized.
 */
alsoSign?: AlsoSign | undefined, };

/** 网关变体，缺省项取默认（x-tsp）/ gateway variants; omitted fields take the x-tsp defaults. */
export type GatewayOptions = { [K in keyof ResolvedGatewayOptions]?: ResolvedGatewayOptions[K] | undefined };

/** name / healthCardNo 的解密策略 / decryption policies. */
export type DecryptFields = { 
/**
 * 姓名 / the name field.
 */
name?: FieldPolicy | undefined, 
/**
 * 电子健康码 / the health card number.
 */
healthCardNo?: FieldPolicy | undefined, };

/** 配置中可序列化的部分 / the JSON part of the config. */
export type YjtConfigCore = { env: YjtEnv, appCode: string, appKey: string, paasId: string, paasToken: string, appSecret?: string | undefined, serviceId?: string | undefined, baseUrl?: string | undefined, businessType?: number | undefined, gateway?: GatewayOptions | undefined, decryptFields?: DecryptFields | undefined, allowInsecureHttp?: boolean | undefined, timeoutMs?: number | undefined, maxBodyBytes?: number | undefined, };

/** 网关凭据 / gateway credentials. */
export type GatewayCredentialsCore = { paasId: string, paasToken: string, appSecret?: string | undefined, serviceId?: string | undefined, gateway?: GatewayOptions | undefined, };

/** 入站校验选项 / inbound verification options. */
export type VerifyGatewayOptionsCore = { paasToken: string, maxSkewSeconds?: number | undefined, maxPastSeconds?: number | undefined, maxFutureSeconds?: number | undefined, strict?: boolean | undefined, gateway?: GatewayOptions | undefined, paasId?: string | undefined, appSecret?: string | undefined, serviceId?: string | undefined, query?: [string, string][] | undefined, };

/** GatewayClient 配置中可序列化的部分 / the JSON part of the GatewayClient options. */
export type GatewayClientOptionsCore = { paasId: string, paasToken: string, appSecret?: string | undefined, serviceId: string, baseUrl: string, gateway?: GatewayOptions | undefined, allowInsecureHttp?: boolean | undefined, timeoutMs?: number | undefined, maxBodyBytes?: number | undefined, };

/** 校验通过的请求要素 / what a verified request carried. */
export type VerifiedGatewayHeaders = { 
/**
 * 时间戳原文 / the timestamp as sent.
 */
timestamp: string, 
/**
 * nonce 原文 / the nonce as sent.
 */
nonce: string, 
/**
 * paasId 原文 / the paasId as sent.
 */
paasId: string, 
/**
 * service id（若在请求头中）/ the service id, when sent as a header.
 */
serviceId: string | null, 
/**
 * 转发的用户 uid（若有）/ the forwarded user's uid, when present.
 */
uid: string | null, 
/**
 * 转发的用户信息 / the forwarded user info, when a uid is present.
 */
uinfo: string | null, 
/**
 * 扩展信息 / the forwarded ext, when a uid is present.
 */
ext: string | null, };

/** 未通过的入站检查项 / which inbound check failed. */
export type GatewayCheck = "header" | "timestamp" | "signature" | "paasId" | "secondPaasId" | "extraHeader" | "queryPaasId" | "appSecret" | "serviceId";

/** 内核抛出的错误 / an error as the core throws it. */
export type CoreError = { 
/**
 * 错误码 / the code.
 */
code: YjtErrorCode, 
/**
 * 说明 / the message.
 */
message: string, 
/**
 * 网关 errcode.
 */
errcode?: number, 
/**
 * HTTP 状态码 / the HTTP status.
 */
status?: number, 
/**
 * 可否重试 / retryable.
 */
retryable: boolean, 
/**
 * 出错的输入 / the input at fault.
 */
field?: string, };

/** 入站校验结论 / the verdict of an inbound verification. */
export type GatewayVerdict = { "verified": VerifiedGatewayHeaders } | { "rejected": { 
/**
 * 检查项 / the check.
 */
check: GatewayCheck, 
/**
 * 错误 / the error.
 */
error: CoreError, } };

/** 签名请求的要素 / the parts of a signed request. */
export type RequestPartsCore = { 
/**
 * `GET` 或 `POST` / `GET` or `POST`.
 */
method: 'GET' | 'POST', 
/**
 * 完整 URL / the full URL with query.
 */
url: string, 
/**
 * 请求头（有序；JSON 中为对象，名称两两不同）/ the headers, in order; a JSON object (names
 * are distinct), so JavaScript receives them ready to send.
 */
headers: Record<string, string>, };

/** 变体改动的选项 / the options a variant changes. */
export type VariantPatch = { 
/**
 * 前缀 / header prefix.
 */
prefix?: string, 
/**
 * service id 头名后缀 / service-id header suffix.
 */
serviceIdHeader?: string, 
/**
 * 签名大小写 / signature case.
 */
signatureCase?: HexCase, 
/**
 * 时间戳单位 / timestamp unit.
 */
timestampUnit?: TimestampUnit, };

/** 实际部署中见过的变体 / a variant seen in deployments. */
export type KnownGatewayVariant = { 
/**
 * 说明 / what it is.
 */
name: string, 
/**
 * 需要改动的选项 / the options it changes.
 */
gateway: VariantPatch, };

/** gatewayHeaders 交给内核的输入 / what gatewayHeaders hands the core. */
export type GatewayHeadersCall = { 
/**
 * 网关凭据（JSON）/ the credentials, as JSON.
 */
creds: GatewayCredentialsCore, now: number, timestamp?: string, nonce: string, user?: { uid: string; uinfo?: string; ext?: string }, };

/** GatewayClient.request 交给内核的输入 / what GatewayClient.request hands the core. */
export type ApiCallCore = { 
/**
 * `GET` 或 `POST`。
 */
method: 'GET' | 'POST', 
/**
 * 查询参数 / query pairs.
 */
query: Array<[string, string]>, 
/**
 * 额外请求头 / extra headers.
 */
headers: Array<[string, string]>, now: number, timestamp?: string, nonce: string, };

/** 换取请求交给内核的输入 / what an exchange request hands the core. */
export type ExchangeCallCore = { businessType?: number, now: number, timestamp?: string, nonce: string, };

/** 入站校验交给内核的输入 / what an inbound verification hands the core. */
export type VerifyCallCore = { 
/**
 * 入站请求头 / the inbound headers.
 */
headers: Array<[string, string]>, now: number, options: VerifyGatewayOptionsCore, };

/** 字典标签 / dictionary labels. */
export type YjtUserLabels = { 
/**
 * 证件类型 / certificate type.
 */
certificateType: string | null, 
/**
 * 性别 / gender.
 */
gender: string | null, 
/**
 * 民族 / nation.
 */
nation: string | null, 
/**
 * 渠道 / channel.
 */
channel: string | null, };

/** 解密后的用户身份 / the decrypted identity. */
export type YjtUser = { 
/**
 * 粤健通用户 ID / the 粤健通 user id.
 */
userId: string, 
/**
 * 姓名 / name.
 */
name: string, 
/**
 * 手机号（已解密）/ phone, decrypted.
 */
phone: string, 
/**
 * 证件号码（已解密）/ certificate number, decrypted.
 */
certificateNo: string, 
/**
 * 证件类型代码 / certificate type code.
 */
certificateType: CertificateTypeCode | (string & {}), 
/**
 * 电子健康码 / electronic health card number.
 */
healthCardNo: string, 
/**
 * 性别代码；缺失为 null / gender code; null when absent.
 */
gender: number | null, 
/**
 * 民族代码 / nation code.
 */
nation: string, 
/**
 * 渠道代码 / channel code.
 */
channel: ChannelCode | (string & {}), 
/**
 * 字典标签 / dictionary labels.
 */
labels: YjtUserLabels, };

/** 各环境 service ID / service ids. */
export type ServiceIds = { 
/**
 * 生产 / production.
 */
production: string, 
/**
 * 测试 / test.
 */
test: string, };

/** 协议常量与默认值 / protocol constants and defaults. */
export type GatewayPresets = { 
/**
 * 政务外网网关地址 / the gateway URL.
 */
baseUrl: string, 
/**
 * 接口路径 / the API path.
 */
apiPath: string, 
/**
 * command 参数 / the `command` parameter.
 */
command: string, 
/**
 * 各环境 service ID / the service id of each environment.
 */
serviceIds: ServiceIds, 
/**
 * 默认时钟偏差（秒）/ the default clock skew, seconds.
 */
maxSkewSeconds: number, 
/**
 * 默认业务类型 / the default business type.
 */
businessType: number, 
/**
 * 默认超时（毫秒）/ the default timeout, ms.
 */
timeoutMs: number, 
/**
 * 默认响应体上限 / the default body cap.
 */
maxBodyBytes: number, 
/**
 * 默认网关变体 / the default gateway variant.
 */
gateway: ResolvedGatewayOptions, };

/** 数据字典（代码 → 标签）/ the dictionaries, code → label. */
export const DICTIONARIES: { readonly [table: string]: { readonly [code: string]: string } } = {"certificateTypes":{"01":"居民身份证","02":"居民户口簿","03":"护照","04":"军官证","05":"驾驶证","06":"港澳居民来往内地通行证","07":"台湾居民来往内地通行证","08":"出生医学证明","99":"其他法定有效证件"},"genders":{"1":"男","2":"女","3":"保密","4":"未知"},"nations":{"01":"汉族","02":"蒙古族","03":"回族","04":"藏族","05":"维吾尔族","06":"苗族","07":"彝族","08":"壮族","09":"布依族","10":"朝鲜族","11":"满族","12":"侗族","13":"瑶族","14":"白族","15":"土家族","16":"哈尼族","17":"哈萨克族","18":"傣族","19":"黎族","20":"傈僳族","21":"佤族","22":"畲族","23":"高山族","24":"拉祜族","25":"水族","26":"东乡族","27":"纳西族","28":"景颇族","29":"柯尔克孜族","30":"土族","31":"达斡尔族","32":"仫佬族","33":"羌族","34":"布朗族","35":"撒拉族","36":"毛南族","37":"仡佬族","38":"锡伯族","39":"阿昌族","40":"普米族","41":"塔吉克族","42":"怒族","43":"乌孜别克族","44":"俄罗斯族","45":"鄂温克族","46":"德昂族","47":"保安族","48":"裕固族","49":"京族","50":"塔塔尔族","51":"独龙族","52":"鄂伦春族","53":"赫哲族","54":"门巴族","55":"珞巴族","56":"基诺族","97":"其他","98":"外国血统中国籍人士","99":"其它民族或外国人"},"channels":{"1":"内地","2":"港澳","3":"台湾","4":"外籍"},"businessTypes":{"1":"预约挂号","2":"健康档案查询","3":"家庭医生签约","4":"免疫接种","5":"双向转诊","6":"母子E手册","7":"智慧结控","8":"医疗废弃物","9":"中医药局","10":"奖励扶助","11":"托育","12":"健康深圳《新冠预约》"}};

/** 协议常量与默认值（数据）/ the protocol constants and defaults, as data. */
export const PRESETS: GatewayPresets = {"baseUrl":"https://sjzt.wjw.gdgov.cn/data_center/gateway/common/api","apiPath":"/data_center/gateway/common/api","command":"01","serviceIds":{"production":"DGSP_1911981103558230017","test":"DGSP_1911964810465574914"},"maxSkewSeconds":180,"businessType":1,"timeoutMs":10000,"maxBodyBytes":1048576,"gateway":{"prefix":"x-tsp","serviceIdHeader":"serviceid","appSecretHeader":"appSecret","paasIdHeader":"paasid","signatureCase":"upper","timestampUnit":"seconds","serviceIdPlacement":"header","sendAppSecret":true,"extraHeaders":{},"paasIdInQuery":false}};

/** 实际部署中见过的网关变体（doctor --detect 逐一试探）/ the gateway variants seen in deployments, as data. */
export const VARIANTS: readonly KnownGatewayVariant[] = [{"name":"大写签名（默认）/ uppercase signature (the default)","gateway":{"signatureCase":"upper"}},{"name":"小写签名 / lowercase signature","gateway":{"signatureCase":"lower"}},{"name":"毫秒时间戳 / millisecond timestamps","gateway":{"timestampUnit":"milliseconds"}},{"name":"秒级时间戳（默认）/ second timestamps (the default)","gateway":{"timestampUnit":"seconds"}},{"name":"x-tsp 前缀（默认）/ the x-tsp prefix (the default)","gateway":{"prefix":"x-tsp","serviceIdHeader":"serviceid"}},{"name":"x-tif 前缀 / the x-tif prefix","gateway":{"prefix":"x-tif","serviceIdHeader":"serviceId"}},{"name":"x-tif 前缀、小写签名 / x-tif, lowercase","gateway":{"prefix":"x-tif","serviceIdHeader":"serviceId","signatureCase":"lower"}},{"name":"x-rio 前缀 / the x-rio prefix","gateway":{"prefix":"x-rio"}}];

/** 短于此字节数的换取响应装不下走位切片路径的加密字段 / a shorter exchange response holds no field for the bitsliced SM4 path. */
export const BULK_FIELD_BYTES = 684;
