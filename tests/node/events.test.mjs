// onEvent (observability) from the installed tarball, both entries: one start and one end event
// per gateway call for YjtClient and GatewayClient — success, gateway errors, HTTP status,
// timeout, network failure; a throwing (or rejecting) hook never changes the outcome; no event
// carries the one-time code, a URL with a query, a secret or personal data.
import assert from 'node:assert/strict';
import { ENTRIES, esm as m, CREDS, SECRET_STRINGS, baseConfig } from './_pkg.mjs';
import { rejectsYjt, throwsYjt } from './_assert.mjs';
import { fakeFetch, startGateway, closedPort } from './_gateway.mjs';
import { test } from './_client.mjs';
import { startMockGateway } from './_mock.mjs';

const CODES = ['ok-evt-secret-code-1', 'ec1-evt-secret-code-2', 'st503-evt-secret-code-3', 'slowheaders-evt-4', 'ok-evt-throwing-5'];
const FORBIDDEN = [...SECRET_STRINGS, ...CODES, 'code=', '?', '/data_center'];
const all = [];

/** A hook recording (a JSON copy of) every event. */
function recorder() {
  const events = [];
  const onEvent = (e) => {
    events.push(JSON.parse(JSON.stringify(e)));
    all.push(e);
  };
  return { events, onEvent };
}

function checkPair(events, expected) {
  assert.equal(events.length, 2, JSON.stringify(events));
  const [start, end] = events;
  assert.equal(start.type, 'start');
  assert.equal(end.type, 'end');
  assert.equal(start.callId, end.callId);
  assert.equal(start.host, end.host);
  assert.match(start.host, /^[^/?]+:\d+$/);
  assert.deepEqual(Object.keys(start).sort(), ['callId', 'client', 'host', 'method', 'type']);
  assert.deepEqual(Object.keys(end).sort(), ['callId', 'client', 'code', 'durationMs', 'errcode', 'host', 'method', 'retryable', 'status', 'type']);
  assert.equal(typeof end.durationMs, 'number');
  assert.ok(end.durationMs >= 0 && Number.isFinite(end.durationMs));
  for (const [k, v] of Object.entries(expected)) assert.deepEqual(end[k], v, `end.${k}`);
}

for (const [entry, mod] of ENTRIES) {
  test(`[${entry}] YjtClient: success → start + end { status 200, errcode 0, code null }`, async () => {
    const { fetch } = fakeFetch();
    const r = recorder();
    const client = new mod.YjtClient(baseConfig({ fetch, onEvent: r.onEvent }));
    const user = await client.exchangeCode('ok-evt-secret-code-1');
    assert.equal(user.userId, 'u-20240001');
    checkPair(r.events, { client: 'YjtClient', method: 'GET', status: 200, errcode: 0, code: null, retryable: false });
    assert.equal(r.events[0].host, 'sjzt.wjw.gdgov.cn:443');
    client.free();
  });
}

test('YjtClient: gateway errcode 1 → end { errcode 1, code GATEWAY_FAILURE }', async () => {
  const { fetch } = fakeFetch();
  const r = recorder();
  const client = new m.YjtClient(baseConfig({ fetch, onEvent: r.onEvent }));
  await rejectsYjt(m, client.exchangeCode('ec1-evt-secret-code-2'), 'GATEWAY_FAILURE');
  checkPair(r.events, { status: 200, errcode: 1, code: 'GATEWAY_FAILURE', retryable: false });
  client.free();
});

test('YjtClient: HTTP 503 → end { status 503, errcode null, code HTTP_STATUS, retryable }', async () => {
  const { fetch } = fakeFetch();
  const r = recorder();
  const client = new m.YjtClient(baseConfig({ fetch, onEvent: r.onEvent }));
  await rejectsYjt(m, client.exchangeCode('st503-evt-secret-code-3'), 'HTTP_STATUS');
  checkPair(r.events, { status: 503, errcode: null, code: 'HTTP_STATUS', retryable: true });
  client.free();
});

test('YjtClient: timeout against a real server → end { status null, code TIMEOUT, retryable }', async () => {
  const gw = await startGateway();
  const r = recorder();
  const client = new m.YjtClient(baseConfig({ baseUrl: gw.baseUrl, timeoutMs: 100, onEvent: r.onEvent }));
  try {
    await rejectsYjt(m, client.exchangeCode('slowheaders-evt-4'), 'TIMEOUT');
    checkPair(r.events, { status: null, errcode: null, code: 'TIMEOUT', retryable: true });
    assert.ok(r.events[1].durationMs >= 90, `durationMs ${r.events[1].durationMs}`);
    assert.equal(r.events[0].host, new URL(gw.baseUrl).host);
  } finally {
    client.free();
    await gw.close();
  }
});

test('YjtClient: refused connection → end { code NETWORK }', async () => {
  const r = recorder();
  const client = new m.YjtClient(baseConfig({ baseUrl: `http://127.0.0.1:${await closedPort()}/data_center/gateway/common/api`, onEvent: r.onEvent }));
  await rejectsYjt(m, client.exchangeCode('ok-evt-secret-code-1'), 'NETWORK');
  checkPair(r.events, { status: null, code: 'NETWORK', retryable: true });
  client.free();
});

test('YjtClient: concurrent calls with one code share one request → one event pair', async () => {
  const { fetch } = fakeFetch();
  const r = recorder();
  const client = new m.YjtClient(baseConfig({ fetch, onEvent: r.onEvent }));
  await Promise.all([client.exchangeCode('ok-evt-secret-code-1'), client.exchangeCode('ok-evt-secret-code-1')]);
  checkPair(r.events, { code: null });
  client.free();
});

test('YjtClient: invalid input fails before any request → no event', async () => {
  const r = recorder();
  const client = new m.YjtClient(baseConfig({ fetch: fakeFetch().fetch, onEvent: r.onEvent }));
  await rejectsYjt(m, client.exchangeCode('bad code!'), 'INVALID_INPUT');
  assert.equal(r.events.length, 0);
  client.free();
});

test('a throwing hook, a rejecting hook and a hook throwing only on end never break the call', async () => {
  const { fetch } = fakeFetch();
  for (const onEvent of [
    () => { throw new Error('hook exploded'); },
    () => Promise.reject(new Error('async hook exploded')),
    (e) => { if (e.type === 'end') throw new TypeError('end hook exploded'); },
  ]) {
    const client = new m.YjtClient(baseConfig({ fetch, onEvent }));
    assert.equal((await client.exchangeCode('ok-evt-throwing-5')).userId, 'u-20240001');
    // …and a failure stays the same failure.
    await rejectsYjt(m, client.exchangeCode('ec1-evt-secret-code-2'), 'GATEWAY_FAILURE', { errcode: 1 });
    client.free();
    const gwc = new m.GatewayClient({ paasId: CREDS.paasId, paasToken: CREDS.paasToken, serviceId: 'S1', baseUrl: 'https://gw.example/api', fetch: async () => Response.json({ errcode: 0, data: 1 }), onEvent });
    assert.equal((await gwc.request()).data, 1);
    gwc.free();
  }
  // Let any rejected hook promise settle: an unhandled rejection would fail the run.
  await new Promise((r) => setTimeout(r, 20));
});

test('events are frozen: a hook cannot change what the next hook call or the caller sees', async () => {
  const { fetch } = fakeFetch();
  let frozen = 0;
  const client = new m.YjtClient(baseConfig({ fetch, onEvent: (e) => { if (Object.isFrozen(e)) frozen++; } }));
  await client.exchangeCode('ok-evt-secret-code-1');
  assert.equal(frozen, 2);
  client.free();
});

test('onEvent must be a function (INVALID_CONFIG), for both clients', () => {
  throwsYjt(m, () => new m.YjtClient(baseConfig({ onEvent: 'log' })), 'INVALID_CONFIG');
  throwsYjt(m, () => new m.GatewayClient({ paasId: CREDS.paasId, paasToken: CREDS.paasToken, serviceId: 'S1', baseUrl: 'https://gw.example/api', onEvent: 1 }), 'INVALID_CONFIG');
});

test('GatewayClient against the mock: success and a service error, with the query out of every event', async () => {
  const mock = await startMockGateway({
    appCode: CREDS.appCode, appKey: CREDS.appKey, paasId: CREDS.paasId, paasToken: CREDS.paasToken, appSecret: CREDS.appSecret,
    services: {
      q: (q) => ({ ok: q.get('idNo') !== null }),
      bad: () => Response.json({ errcode: 1, errmsg: 'no record' }),
    },
  });
  const r = recorder();
  const gw = new m.GatewayClient({
    paasId: CREDS.paasId, paasToken: CREDS.paasToken, appSecret: CREDS.appSecret,
    serviceId: 'DGSP_1911964810465574914', baseUrl: mock.baseUrl, onEvent: r.onEvent,
  });
  try {
    await gw.request({ query: { command: 'q', idNo: '11010519491231002X', code: 'ok-evt-secret-code-1' } });
    checkPair(r.events, { client: 'GatewayClient', method: 'GET', status: 200, code: null, retryable: false });
    assert.equal(r.events[0].host, new URL(mock.baseUrl).host);
    r.events.length = 0;
    await rejectsYjt(m, gw.request({ method: 'POST', query: { command: 'bad' }, body: { name: '张三丰' } }), 'GATEWAY_FAILURE');
    checkPair(r.events, { client: 'GatewayClient', method: 'POST', status: 200, errcode: 1, code: 'GATEWAY_FAILURE' });
  } finally {
    gw.free();
    await mock.close();
  }
});

test('no event holds a one-time code, a query, a path, a secret or PII (every event serialized)', () => {
  assert.ok(all.length >= 10, `only ${all.length} events recorded`);
  const text = JSON.stringify(all);
  for (const s of FORBIDDEN) assert.ok(!text.includes(s), `an event contains ${JSON.stringify(s)}`);
});
