/**
 * 本地模拟网关：行为与省数据中台网关 + 粤健通 code 换取接口一致，供离线开发与测试。
 * A local stand-in for the provincial gateway and the 粤健通 code-exchange API, for offline
 * development and tests. It checks requests with the SDK's own core (signature, skew, code
 * format), remembers nonces (replay → rejected), issues single-use codes that expire after
 * 5 minutes, and answers in the interface document's response shape with `certificateNo` / `phone`
 * SM4-encrypted. Other APIs behind the gateway are plain functions (`services`, keyed by the
 * `command` query parameter), verified the same way. Fault injection covers latency, 5xx/429,
 * malformed / truncated / endless bodies and connection resets.
 *
 * `createMockGateway` is a web-standard handler (`fetch(Request) → Response`) for Node,
 * `Deno.serve` and `Bun.serve`; `startMockGateway` runs it on node:http (also works in Deno
 * and Bun through their node:http).
 *
 * @module
 */
// The package entry `yjt-sso/mock`: the public API only; each concern lives in js/mock/.
export type {
  FaultKind,
  MockGateway,
  MockGatewayOptions,
  MockService,
  MockStats,
  MockUser,
  RunningMockGateway,
  StartMockGatewayOptions,
} from './mock/types.js';
export { MockConnectionReset } from './mock/faults.js';
export { MOCK_API_PATH, createMockGateway } from './mock/gateway.js';
export { startMockGateway } from './mock/http.js';
