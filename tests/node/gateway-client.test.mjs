// GatewayClient (any API behind the gateway) from the installed tarball: GET and POST against the
// mock's services, both envelopes, gateway-level rejections, the mock's own checks, the
// header-override rule, bad request options, and the same over node:http. Its transport, config,
// redaction and lifetime are tested next to YjtClient's: transport.test.mjs, config.test.mjs,
// redaction.test.mjs, lifecycle.test.mjs.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { ENTRIES, esm as m, CREDS, sha256Sig } from './_pkg.mjs';
import { test, fails } from './_client.mjs';
import { BASE, SERVICE_ID, mockCreds, options, mockWith } from './_gateway-client.mjs';
import { startMockGateway } from './_mock.mjs';

// -------------------------------------------------------------------------------------------
describe('GatewayClient against the mock gateway services', () => {
  test('GET: signed query to a service answering {code, message, success, data}', async () => {
    for (const [name, mod] of ENTRIES) {
      const mk = mockWith();
      const client = new mod.GatewayClient(options({ fetch: mk.fetch }));
      const r = await client.request({ query: { command: '02', id: 7 } });
      assert.equal(r.status, 200, name);
      assert.deepEqual(r.data, { id: '7', echo: null }, name);
      assert.deepEqual(r.envelope, { code: 200, message: '成功', success: true, data: { id: '7', echo: null } }, name);
      const { url, init } = mk.calls[0];
      assert.equal(url, `${BASE}?command=02&id=7`);
      assert.equal(init.method, 'GET');
      assert.equal(init.redirect, 'manual');
      assert.equal(init.body, undefined);
      // The signature, computed independently, over the headers actually sent.
      const h = init.headers;
      assert.equal(h['x-tsp-signature'], sha256Sig(h['x-tsp-timestamp'], CREDS.paasToken, h['x-tsp-nonce']));
      assert.equal(h['x-tsp-paasid'], CREDS.paasId);
      assert.equal(h['x-tsp-serviceid'], SERVICE_ID);
      assert.ok(!JSON.stringify(init).includes(CREDS.paasToken), 'the token is never sent');
      assert.equal(mk.gw.stats.serviceCalls, 1);
      client.free();
    }
  });

  test('POST: the JSON body reaches the service; {errcode, errmsg, data} envelope; pairs as query', async () => {
    const mk = mockWith();
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    const r = await client.request({ method: 'POST', query: [['command', '02'], ['id', 'a b&c']], body: { page: 1, name: '粤' } });
    assert.deepEqual(r.data, { id: 'a b&c', echo: { page: 1, name: '粤' } });
    assert.equal(mk.seen[0].req.method, 'POST');
    assert.equal(mk.seen[0].req.headers.get('content-type'), 'application/json;charset=utf-8');
    assert.equal(mk.calls[0].init.body, JSON.stringify({ page: 1, name: '粤' }));
    const r3 = await client.request({ method: 'POST', query: { command: '03' }, body: [1, 'x'] });
    assert.deepEqual(r3.data, { list: [1, 2], got: [1, 'x'] });
    assert.deepEqual(r3.envelope, { errcode: 0, errmsg: 'SUCCESS', data: { list: [1, 2], got: [1, 'x'] } });
    const none = await client.request({ query: { command: 'nodata' } });
    assert.equal(none.data, undefined);
    assert.deepEqual(none.envelope, { code: 200, message: '成功', success: true });
    client.free();
  });

  test('envelope failures: {errcode: 1} and {code: 500, success: false} → GATEWAY_FAILURE with errcode; echoed token scrubbed', async () => {
    const mk = mockWith();
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    await fails(client, client.request({ query: { command: 'fail1' } }), 'GATEWAY_FAILURE', { errcode: 1, status: 200, retryable: false });
    const e = await fails(client, client.request({ query: { command: 'failCode' } }), 'GATEWAY_FAILURE', { errcode: 500, status: 200 });
    assert.ok(!e.message.includes(CREDS.paasToken));
    client.free();
  });

  test('4000004xx → GATEWAY_REJECTED: from a service, and the mock gateway itself (bad token, gatewayErrors)', async () => {
    const mk = mockWith({ gatewayErrors: true });
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    await fails(client, client.request({ query: { command: 'rejected' } }), 'GATEWAY_REJECTED', { errcode: 400000403 });
    const wrongToken = new m.GatewayClient(options({ fetch: mk.fetch, paasToken: 'tok-wrong-000' }));
    await fails(wrongToken, wrongToken.request({ query: { command: '02' } }), 'GATEWAY_REJECTED', { errcode: 400000401 });
    const wrongService = new m.GatewayClient(options({ fetch: mk.fetch, serviceId: 'DGSP_0' }));
    await fails(wrongService, wrongService.request({ query: { command: '02' } }), 'GATEWAY_REJECTED', { errcode: 400000404 });
    assert.equal(mk.seen.length, 0, 'no service ran for a rejected request');
    for (const c of [client, wrongToken, wrongService]) c.free();
  });

  test('the mock verifies service calls like the exchange: appSecret, paasid, skew, nonce replay', async () => {
    const mk = mockWith();
    const bad = [
      [options({ fetch: mk.fetch, appSecret: 'sec-other-1' }), 'GATEWAY_SIGNATURE', 3],
      [options({ fetch: mk.fetch, paasId: 'paas-other' }), 'GATEWAY_SIGNATURE', 3],
      [options({ fetch: mk.fetch, now: () => Date.now() - 10 * 60_000 }), 'GATEWAY_INVALID_PARAMS', 2],
    ];
    for (const [o, code, errcode] of bad) {
      const c = new m.GatewayClient(o);
      await fails(c, c.request({ query: { command: '02' } }), code, { errcode });
      c.free();
    }
    // Replay: the same signed request sent twice.
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    await client.request({ query: { command: '02' } });
    const { url, init } = mk.calls.at(-1);
    const replay = await (await mk.gw.fetch(new Request(url, { method: 'GET', headers: init.headers }))).json();
    assert.equal(replay.errcode, 2);
    assert.equal(mk.seen.length, 1);
    client.free();
  });

  test('caller headers may not override the signed gateway headers (any case) → INVALID_INPUT naming the header', async () => {
    const mk = mockWith();
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    for (const name of ['X-TSP-Signature', 'x-tsp-nonce', 'x-tsp-timestamp', 'X-Tsp-PaasId', 'x-tsp-appsecret', 'x-tsp-serviceid', 'Content-Type']) {
      const e = await fails(client, client.request({ query: { command: '02' }, headers: { [name]: 'x' } }), 'INVALID_INPUT');
      assert.ok(e.message.includes(name), e.message);
    }
    for (const headers of [{ 'bad name': 'x' }, { 'x-a': 'v\r\nx-b: 1' }, { 'x-a': 5 }, 'x-a']) {
      await fails(client, client.request({ query: { command: '02' }, headers }), 'INVALID_INPUT');
    }
    assert.equal(mk.calls.length, 0, 'nothing was sent');
    await client.request({ query: { command: '02' }, headers: { 'x-tsp-target': 'hospital-7' } });
    assert.equal(mk.seen[0].req.headers.get('x-tsp-target'), 'hospital-7');
    client.free();
  });

  test('bad request options → INVALID_INPUT before any fetch', async () => {
    const mk = mockWith();
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    const bad = [
      { method: 'PUT' }, { method: 'get' }, { body: { a: 1 } }, { method: 'POST', body: 10n }, { query: 'command=02' },
      { query: { n: NaN } }, { query: [['a']] }, { query: [[1, 'x']] }, { query: { '': 'x' } }, { signal: 'no' }, 5,
    ];
    for (const o of bad) await fails(client, client.request(o), 'INVALID_INPUT', {}, util.inspect(o));
    assert.equal(mk.calls.length, 0);
    client.free();
  });
});

// -------------------------------------------------------------------------------------------
describe('GatewayClient over node:http', () => {
  test('against startMockGateway over node:http: GET and POST', async () => {
    const mock = await startMockGateway({
      ...mockCreds,
      services: { '05': (q, body) => ({ q: Object.fromEntries(q), body: body ?? null }) },
    });
    try {
      const c = new m.GatewayClient(options({ baseUrl: mock.baseUrl }));
      assert.deepEqual((await c.request({ query: { command: '05', a: 1 } })).data, { q: { command: '05', a: '1' }, body: null });
      assert.deepEqual((await c.request({ method: 'POST', query: { command: '05' }, body: { x: '中' } })).data, { q: { command: '05' }, body: { x: '中' } });
      c.free();
    } finally {
      await mock.close();
    }
  });
});

// -------------------------------------------------------------------------------------------
describe('GatewayClient: personal fields masked on inspect', () => {
  const patient = { xm: '陈小明', sjhm: '13800138000', sfzh: '11010519491231002X' };
  const services = { pt: () => ({ ...patient, visits: [{ dept: '内科', sfzh: patient.sfzh }], age: 40 }) };

  test('declared fields show masked in inspect of the result, data and envelope; JSON keeps them', async () => {
    const mk = mockWith({ services });
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    const r = await client.request({ query: { command: 'pt' }, personal: { xm: 'name', sjhm: 'phone', sfzh: 'idCard' } });
    for (const view of [util.inspect(r, { depth: 8 }), util.inspect(r.data, { depth: 8 }), util.inspect(r.envelope, { depth: 8 }), util.inspect(r.data.visits[0])]) {
      for (const p of Object.values(patient)) assert.equal(view.includes(p), false, view);
    }
    const shown = util.inspect(r.data, { depth: 8 });
    assert.ok(shown.includes(m.maskName(patient.xm)) && shown.includes(m.maskPhone(patient.sjhm)) && shown.includes(m.maskIdCard(patient.sfzh)), shown);
    assert.ok(shown.includes('内科') && shown.includes('40'), 'other fields are shown as they are');
    assert.equal(r.data.sjhm, patient.sjhm, 'the values themselves are untouched');
    assert.ok(JSON.stringify(r).includes(patient.sfzh), 'JSON.stringify is the full data');
    client.free();
  });

  test("without `personal` nothing is masked (as documented); 'hidden' redacts; a bad map is INVALID_INPUT", async () => {
    const mk = mockWith({ services });
    const client = new m.GatewayClient(options({ fetch: mk.fetch }));
    const plain = await client.request({ query: { command: 'pt' } });
    assert.ok(util.inspect(plain.data).includes(patient.sjhm));
    const hidden = await client.request({ query: { command: 'pt' }, personal: { sjhm: 'hidden', visits: 'hidden' } });
    const view = util.inspect(hidden.data, { depth: 8 });
    assert.ok(view.includes('[REDACTED]') && !view.includes(patient.sjhm) && !view.includes('内科'), view);
    for (const bad of [{ xm: 'mask' }, ['xm'], 'xm', { xm: 1 }]) {
      await fails(client, client.request({ query: { command: 'pt' }, personal: bad }), 'INVALID_INPUT', { field: 'personal' });
    }
    client.free();
  });
});

// -------------------------------------------------------------------------------------------
describe('GatewayClient: data arrives exactly or not at all; the transport and the variant own their keys', () => {
  const answering = (body) => new m.GatewayClient(options({ fetch: async () => new Response(body, { status: 200 }) }));

  test('too deep, unsafe integers, non-finite numbers and duplicate keys in data → BAD_RESPONSE, never a rounded value', async () => {
    for (const body of [
      `{"code":200,"success":true,"data":${'['.repeat(500_000)}${']'.repeat(500_000)}}`,
      '{"errcode":0,"data":{"id":12345678901234567890}}',
      '{"errcode":0,"data":{"x":1e400}}',
      '{"errcode":0,"data":{"a":1,"a":2}}',
    ]) {
      const c = answering(body);
      await fails(c, c.request({}), 'BAD_RESPONSE', { status: 200 });
      c.free();
    }
    const ok = answering('{"errcode":0,"data":{"id":9007199254740991}}');
    assert.equal((await ok.request({})).data.id, 9007199254740991);
    ok.free();
  });

  test('errcode "0" with success false is a failure', async () => {
    const c = answering('{"errcode":"0","success":false,"data":1}');
    await fails(c, c.request({}), 'GATEWAY_FAILURE');
    c.free();
  });

  test('transport headers (Content-Length, Host, …) and the variant query keys are refused, naming the field', async () => {
    const c = answering('{"errcode":0}');
    for (const k of ['Content-Length', 'Host', 'Transfer-Encoding', 'Connection']) {
      await fails(c, c.request({ headers: { [k]: '5' } }), 'INVALID_INPUT', { field: `headers.${k}` });
    }
    c.free();
    const q = new m.GatewayClient(options({ gateway: { serviceIdPlacement: 'query', paasIdInQuery: true }, fetch: async () => new Response('{"errcode":0}') }));
    await fails(q, q.request({ query: { command: '02', serviceId: 'OTHER' } }), 'INVALID_INPUT', { field: 'query.serviceId' });
    await fails(q, q.request({ query: { paasid: 'X' } }), 'INVALID_INPUT', { field: 'query.paasid' });
    q.free();
  });
});
