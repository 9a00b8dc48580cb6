/**
 * The demo values, defined once: the credentials mock-gateway falls back to (and prints), its
 * default user and port, and the --config example the help and README show.
 *
 * @module
 */
import { GATEWAY_PRESETS, type YjtConfig } from '../index.js';
import type { MockUser } from '../mock.js';

/** Demo-only credentials, built into the CLI and listed in the README: safe to print. */
export const DEMO_CREDENTIALS = {
  appCode: 'DEMO000001',
  appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
  paasId: 'demo-paas-id',
  paasToken: 'demo-paas-token',
  appSecret: 'demo-app-secret',
} as const;

/** mock-gateway's user when no --users FILE is given. */
export const DEMO_USERS: readonly MockUser[] = [
  { userId: '2025000000000001', name: '陈小明', phone: '13800138000', certificateNo: '11010519491231002X', gender: 1 },
];

/** mock-gateway's default port. */
export const DEMO_PORT = 8787;

/** The demo API mock-gateway serves beside the exchange. */
export const DEMO_COMMAND = '02';

/** The --config example: every field, with the demo credentials and the defaults. */
export const CONFIG_EXAMPLE: YjtConfig = {
  env: 'test',
  ...DEMO_CREDENTIALS,
  serviceId: GATEWAY_PRESETS.serviceIds.test,
  baseUrl: `http://127.0.0.1:${DEMO_PORT}${GATEWAY_PRESETS.apiPath}`,
  businessType: GATEWAY_PRESETS.businessType,
  timeoutMs: GATEWAY_PRESETS.timeoutMs,
  maxBodyBytes: GATEWAY_PRESETS.maxBodyBytes,
  allowInsecureHttp: false,
  decryptFields: { name: 'auto', healthCardNo: 'auto' },
  gateway: {
    prefix: GATEWAY_PRESETS.gateway.prefix,
    signatureCase: GATEWAY_PRESETS.gateway.signatureCase,
    timestampUnit: GATEWAY_PRESETS.gateway.timestampUnit,
  },
};
