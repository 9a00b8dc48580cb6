// Optional config fields read straight from the environment (string | undefined) must type-check
// under exactOptionalPropertyTypes.
import { YjtClient, GatewayClient, gatewayHeaders, verifyGatewayHeaders, type YjtConfig } from 'yjt-sso';

declare const env: Record<string, string | undefined>;

const config: YjtConfig = {
  env: 'test',
  appCode: 'HOSP001',
  appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
  paasId: 'paas',
  paasToken: 'token',
  appSecret: env.YJT_APP_SECRET,
  serviceId: env.YJT_SERVICE_ID,
  baseUrl: env.YJT_BASE_URL,
  businessType: env.YJT_BUSINESS_TYPE === undefined ? undefined : Number(env.YJT_BUSINESS_TYPE),
  gateway: { prefix: env.YJT_PREFIX, signatureCase: undefined },
  decryptFields: { name: undefined },
  timeoutMs: undefined,
  fetch: undefined,
};
const client = new YjtClient(config);
const gw = new GatewayClient({
  paasId: 'paas', paasToken: 'token', serviceId: 'S1', baseUrl: 'https://gw.example/api',
  appSecret: env.YJT_APP_SECRET, timeoutMs: undefined, gateway: undefined,
});
gatewayHeaders({ paasId: 'p', paasToken: 't', appSecret: env.YJT_APP_SECRET }, { nonce: undefined, timestamp: undefined });
verifyGatewayHeaders({}, { paasToken: 't', maxSkewSeconds: undefined, now: undefined });
void [client, gw];
