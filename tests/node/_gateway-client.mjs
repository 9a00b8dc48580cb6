// Fixtures for the GatewayClient suites: client options, and a mock gateway with a few services.
import { CREDS } from './_pkg.mjs';
import { createMockGateway, MOCK_API_PATH } from './_mock.mjs';

export const SERVICE_ID = 'DGSP_1911964810465574914';
export const BASE = `https://gw.example${MOCK_API_PATH}`;
export const mockCreds = { appCode: CREDS.appCode, appKey: CREDS.appKey, paasId: CREDS.paasId, paasToken: CREDS.paasToken, appSecret: CREDS.appSecret };
/** GatewayClient options for the test service at BASE, with `extra` on top. */
export const options = (extra = {}) => ({
  paasId: CREDS.paasId, paasToken: CREDS.paasToken, appSecret: CREDS.appSecret, serviceId: SERVICE_ID, baseUrl: BASE, ...extra,
});
export const json = (status, value) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json;charset=utf-8' } });

/** A mock with a few services; `seen` records what each service received. */
export function mockWith(extra = {}) {
  const seen = [];
  const gw = createMockGateway({
    ...mockCreds,
    services: {
      // {code, message, success, data}: the mock wraps the returned value.
      '02': (q, body, req) => {
        seen.push({ q: [...q], body, req });
        return { id: q.get('id'), echo: body ?? null };
      },
      // {errcode, errmsg, data}: a Response passes through.
      '03': (q, body) => json(200, { errcode: 0, errmsg: 'SUCCESS', data: { list: [1, 2], got: body ?? null } }),
      fail1: () => json(200, { errcode: 1, errmsg: '失败：记录不存在' }),
      failCode: () => json(200, { code: 500, message: `服务异常 ${CREDS.paasToken}`, success: false, data: null }),
      rejected: () => json(200, { errcode: 400000403, errmsg: 'forbidden.' }),
      nodata: () => json(200, { code: 200, message: '成功', success: true }),
    },
    ...extra,
  });
  const calls = [];
  const fetch = (url, init) => {
    calls.push({ url, init });
    return gw.fetch(new Request(url, init));
  };
  return { gw, seen, calls, fetch };
}
