// 框架示例的端到端测试：每个示例对本机模拟网关跑同一组用例。
// End-to-end tests of examples/: every framework example runs the same cases against a local
// mock gateway. Node examples are imported and given a YjtClient; the Deno and Bun examples are
// spawned with YJT_* env vars pointing at the test's mock. Each example is also started once
// "standalone" (no YJT_* env: it starts its own mock and prints a ready URL with a code).
//
//   bash tests/examples/run.sh        (installs examples/ deps when missing, then runs this)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { YjtClient, maskIdCard, maskName, maskPhone } from '../../pkg/index.mjs';
import { startMockGateway } from '../../pkg/mock.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = (name) => `${ROOT}node_modules/.bin/${name}`;
// The examples import `yjt-sso` by name: load them only after examples/node_modules exists.
const { DEMO_CREDENTIALS: CREDS, DEMO_USER: ALICE } = await import('../../examples/_shared.mjs');
const PLAINTEXT = [ALICE.name, ALICE.phone, ALICE.certificateNo, ALICE.healthCardNo, CREDS.appKey, CREDS.paasToken, CREDS.appSecret];
const only = process.argv.slice(2); // optional filter: node tests/examples/run.mjs express deno

let passed = 0;
let failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
  }
}

function assertNoPlaintext(text, where) {
  for (const p of PLAINTEXT) assert.ok(!text.includes(p), `${where} contains a plaintext secret or PII field`);
}

// ---- targets --------------------------------------------------------------------------------

/** Listen on 127.0.0.1:0 with a node:http server and return its origin and a closer. */
async function listenNode(server) {
  if (!server.listening) await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

const nodeTargets = {
  express: async (client, opts) => {
    const { createApp } = await import('../../examples/express.mjs');
    return listenNode(createApp(client, opts).listen(0, '127.0.0.1'));
  },
  fastify: async (client, opts) => {
    const { createApp } = await import('../../examples/fastify.mjs');
    const app = createApp(client, opts);
    const origin = await app.listen({ host: '127.0.0.1', port: 0 });
    return { origin: origin.replace('localhost', '127.0.0.1'), close: () => app.close() };
  },
  koa: async (client, opts) => {
    const { createApp } = await import('../../examples/koa.mjs');
    return listenNode(createApp(client, opts).listen(0, '127.0.0.1'));
  },
  hono: async (client, opts) => {
    const { createApp } = await import('../../examples/hono-node.mjs');
    // @hono/node-server is a dependency of examples/, resolve it from there.
    const { serve } = await import(createRequire(`${ROOT}examples/`).resolve('@hono/node-server'));
    return listenNode(serve({ fetch: createApp(client, opts).fetch, hostname: '127.0.0.1', port: 0 }));
  },
};

const commands = {
  express: [process.execPath, ['examples/express.mjs']],
  fastify: [process.execPath, ['examples/fastify.mjs']],
  koa: [process.execPath, ['examples/koa.mjs']],
  hono: [process.execPath, ['examples/hono-node.mjs']],
  deno: [BIN('deno'), ['run', '--allow-net', '--allow-env', '--allow-read', 'examples/deno-serve.ts']],
  bun: [BIN('bun'), ['examples/bun-serve.ts']],
};

/**
 * Spawn an example, wait for its `READY <url>` line, return it with the captured output.
 * A 120 s guard kills a child that never gets ready (a hang guard, not a timing assertion).
 */
async function spawnExample(name, env) {
  const [cmd, args] = commands[name];
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('YJT_')));
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...base, NO_COLOR: '1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { text: '' };
  child.stderr.setEncoding('utf8').on('data', (d) => (out.text += d));
  const exited = once(child, 'exit');
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const ready = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      out.text += line + '\n';
      if (line.startsWith('READY ')) resolve(line.slice(6).trim());
    });
    exited.then(([code, sig]) => reject(new Error(`${name} exited (${code ?? sig}) before READY:\n${out.text}`)));
  }).finally(() => clearTimeout(guard));
  return {
    ready,
    out,
    /** SIGTERM, then the example must shut down cleanly on its own (exit code 0). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const [code, sig] = await exited;
      return { code, sig };
    },
  };
}

async function startTarget(name, mock) {
  if (nodeTargets[name]) {
    const logs = [];
    const sessions = new Map();
    const client = new YjtClient({ env: 'test', ...CREDS, baseUrl: mock.baseUrl });
    const srv = await nodeTargets[name](client, { sessions, log: (l) => logs.push(String(l)) });
    return {
      origin: srv.origin,
      sessions,
      logText: () => logs.join('\n'),
      close: async () => { await srv.close(); client.free(); },
    };
  }
  const child = await spawnExample(name, {
    YJT_ENV: 'test',
    YJT_APP_CODE: CREDS.appCode,
    YJT_APP_KEY: CREDS.appKey,
    YJT_PAAS_ID: CREDS.paasId,
    YJT_PAAS_TOKEN: CREDS.paasToken,
    YJT_APP_SECRET: CREDS.appSecret,
    YJT_BASE_URL: mock.baseUrl,
  });
  return {
    origin: new URL(child.ready).origin,
    sessions: null,
    logText: () => child.out.text,
    close: async () => {
      const { code, sig } = await child.stop();
      assert.equal(code, 0, `${name} did not exit cleanly on SIGTERM (code ${code}, signal ${sig}):\n${child.out.text}`);
    },
  };
}

// ---- cases ----------------------------------------------------------------------------------

async function get(origin, code) {
  const res = await fetch(`${origin}/sso/yjt${code === undefined ? '' : `?code=${encodeURIComponent(code)}`}`);
  return { res, text: await res.text() };
}
async function post(origin, body) {
  const res = await fetch(`${origin}/sso/yjt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { res, text: await res.text() };
}

function assertLoggedIn({ res, text }, t) {
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text);
  assert.deepEqual(body, {
    userId: ALICE.userId,
    name: maskName(ALICE.name),
    phone: maskPhone(ALICE.phone),
    certificateNo: maskIdCard(ALICE.certificateNo),
    certificateType: '居民身份证',
    gender: '男',
  });
  assertNoPlaintext(text, 'response body');
  const cookie = res.headers.get('set-cookie') ?? '';
  const sid = /^yjt_sid=([0-9a-f-]{36});/.exec(cookie)?.[1];
  assert.ok(sid, `Set-Cookie missing or malformed: ${cookie}`);
  assert.match(cookie, /HttpOnly/i);
  if (t.sessions) {
    // The session holds the least: the userId and times, keyed by the cookie's id; no PII.
    const s = t.sessions.get(sid);
    assert.equal(s?.userId, ALICE.userId);
    assert.deepEqual(Object.keys(s).sort(), ['expiresAt', 'loginAt', 'userId']);
    assertNoPlaintext(JSON.stringify(s), 'session');
  }
}

async function errorOf(r, status) {
  assert.equal(r.res.status, status, r.text);
  assertNoPlaintext(r.text, 'error body');
  return JSON.parse(r.text);
}

async function runTarget(name) {
  const mock = await startMockGateway({ ...CREDS, users: [ALICE] });
  let t;
  try {
    t = await startTarget(name, mock);
    const used = mock.gateway.issueCode(ALICE);
    await test(`${name}: GET /sso/yjt with a fresh code → 200, masked JSON, HttpOnly session cookie`, async () => {
      assertLoggedIn(await get(t.origin, used), t);
    });
    await test(`${name}: POST /sso/yjt {code} (mini-program) → 200`, async () => {
      assertLoggedIn(await post(t.origin, { code: mock.gateway.issueCode(ALICE) }), t);
    });
    await test(`${name}: reused code → 401 with a message to re-enter from 粤健通`, async () => {
      const body = await errorOf(await get(t.origin, used), 401);
      assert.equal(body.error, 'GATEWAY_FAILURE');
      assert.match(body.message, /粤健通/);
    });
    await test(`${name}: malformed / missing code, bad JSON → 400 without calling the gateway`, async () => {
      const before = mock.gateway.stats.requests;
      // isValidCode accepts 1–64 of [A-Za-z0-9_-]; these are outside it.
      const bad = [await get(t.origin, 'bad code!'), await get(t.origin, 'x'.repeat(65)), await get(t.origin),
        await post(t.origin, { code: 42 }), await post(t.origin, { code: '<script>' }), await post(t.origin, '{oops')];
      for (const r of bad) {
        assert.equal((await errorOf(r, 400)).error, 'INVALID_INPUT');
      }
      assert.equal(mock.gateway.stats.requests, before, 'a malformed code reached the gateway');
    });
    await test(`${name}: gateway HTTP 503 → 503 (retryable)`, async () => {
      mock.gateway.injectFault('http503');
      assert.equal((await errorOf(await get(t.origin, mock.gateway.issueCode(ALICE)), 503)).error, 'HTTP_STATUS');
    });
    // Last gateway case: the gateway is gone (connection refused) → NETWORK → 503.
    // (Not the 'reset' / 'truncatedBody' faults: Deno's and Bun's fetch replay a GET whose pooled
    // connection dropped without a complete answer, so the outcome would depend on the runtime.)
    await test(`${name}: gateway unreachable → 503 (NETWORK)`, async () => {
      const code = mock.gateway.issueCode(ALICE);
      await mock.close();
      assert.equal((await errorOf(await get(t.origin, code), 503)).error, 'NETWORK');
    });
    await test(`${name}: logs carry masked values only`, async () => {
      const logs = t.logText();
      assert.ok(logs.includes(maskName(ALICE.name)), `no masked login line in the logs:\n${logs}`);
      assertNoPlaintext(logs, 'logs');
    });
    const closing = t;
    t = undefined;
    // Spawned examples must exit with code 0 on SIGTERM (closing their server and client).
    await test(`${name}: shuts down cleanly`, () => closing.close());
  } finally {
    try {
      await t?.close();
    } finally {
      await mock.close();
    }
  }
}

async function runStandalone(name) {
  await test(`${name}: standalone (no YJT_* env) starts its own mock and prints a working login URL`, async () => {
    const child = await spawnExample(name, {});
    let stopped = false;
    try {
      const url = new URL(child.ready);
      assert.equal(url.hostname, '127.0.0.1');
      const res = await fetch(url);
      const text = await res.text();
      assert.equal(res.status, 200, text);
      assert.equal(JSON.parse(text).name, maskName(ALICE.name));
      const { code } = await child.stop();
      stopped = true;
      assert.equal(code, 0, `exit code ${code} after SIGTERM:\n${child.out.text}`);
      assertNoPlaintext(child.out.text, 'stdout/stderr');
    } finally {
      if (!stopped) await child.stop();
    }
  });
}

for (const name of Object.keys(commands)) {
  if (only.length && !only.includes(name)) continue;
  try {
    await runTarget(name);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: could not run\n     ${String(e?.stack ?? e).split('\n').slice(0, 8).join('\n     ')}`);
  }
  await runStandalone(name);
}

// ---- observability (onEvent → pino, prom-client, OpenTelemetry) -------------------------------

const examplesRequire = createRequire(`${ROOT}examples/`);
const fromExamples = (name) => import(examplesRequire.resolve(name));

/** Runs the example's two exchanges (ok, reused code) against a mock this test starts. */
async function observe(onEvent) {
  const { exchangeTwice } = await import('../../examples/_observe.mjs');
  const mock = await startMockGateway({ ...CREDS, users: [ALICE] });
  const codes = [];
  try {
    const outcomes = await exchangeTwice(onEvent, { baseUrl: mock.baseUrl, issueCode: () => { const c = mock.gateway.issueCode(ALICE); codes.push(c); return c; } });
    assert.deepEqual(outcomes, ['ok', 'ok', 'GATEWAY_FAILURE']);
    return codes;
  } finally {
    await mock.close();
  }
}

/** No plaintext secret or PII, no one-time code, no query string. */
function assertMasked(text, codes, where) {
  assertNoPlaintext(text, where);
  for (const c of codes) assert.ok(!text.includes(c), `${where} contains the one-time code`);
  assert.ok(!text.includes('code='), `${where} contains a query string`);
}

const observability = {
  pino: async () => {
    const { default: pino } = await fromExamples('pino');
    const { pinoOnEvent } = await import('../../examples/observability-pino.mjs');
    const lines = [];
    const logger = pino({ level: 'debug' }, { write: (l) => lines.push(l) });
    const codes = await observe(pinoOnEvent(logger));
    const records = lines.map((l) => JSON.parse(l));
    const ends = records.filter((r) => r.msg.startsWith('gateway call') && r.msg !== 'gateway call started');
    assert.equal(records.length, 7, lines.join(''));
    assert.deepEqual(records.filter((r) => r.msg === 'exchange via store').map((r) => r.role).sort(), ['claimant', 'claimant', 'waiter']);
    assert.deepEqual(ends.map((r) => [r.level, r.code, r.errcode, r.status]), [[30, null, 0, 200], [40, 'GATEWAY_FAILURE', 1, 200]]);
    for (const r of ends) assert.equal(typeof r.durationMs, 'number');
    assertMasked(lines.join(''), codes, 'pino log');
  },
  prom: async () => {
    const { Registry } = await fromExamples('prom-client');
    const { promOnEvent, METRIC, STORE_METRIC } = await import('../../examples/observability-prom.mjs');
    const registry = new Registry();
    const codes = await observe(promOnEvent(registry));
    const { values } = await registry.getSingleMetric(METRIC).get();
    const count = (outcome) => values.find((v) => v.metricName === `${METRIC}_count` && v.labels.outcome === outcome)?.value;
    assert.equal(count('ok'), 1);
    assert.equal(count('GATEWAY_FAILURE'), 1);
    const roles = (await registry.getSingleMetric(STORE_METRIC).get()).values.map((v) => [v.labels.role, v.labels.error, v.value]).sort();
    assert.deepEqual(roles, [['claimant', 'none', 2], ['waiter', 'none', 1]]);
    assertMasked(await registry.metrics(), codes, 'metrics');
  },
  otel: async () => {
    const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await fromExamples('@opentelemetry/sdk-trace-base');
    const { otelOnEvent } = await import('../../examples/observability-otel.mjs');
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const codes = await observe(otelOnEvent(provider.getTracer('test')));
    const all = exporter.getFinishedSpans();
    assert.deepEqual(all.filter((s) => s.name === 'yjt-sso store').map((s) => s.attributes['yjt.store.role']).sort(), ['claimant', 'claimant', 'waiter']);
    const spans = all.filter((s) => s.name !== 'yjt-sso store');
    assert.equal(spans.length, 2);
    assert.deepEqual(spans.map((s) => [s.status.code, s.attributes['error.type'], s.attributes['yjt.errcode']]), [[0, undefined, 0], [2, 'GATEWAY_FAILURE', 1]]);
    for (const s of spans) assert.match(String(s.attributes['server.address']), /^127\.0\.0\.1:\d+$/);
    assertMasked(JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events }))), codes, 'spans');
    await provider.shutdown();
  },
};
const observabilityOutput = { pino: /"msg":"gateway call failed"/, prom: /yjt_gateway_request_duration_seconds_count\{client="YjtClient",outcome="ok"\} 1/, otel: /span yjt-sso YjtClient status=2/ };

for (const [name, fn] of Object.entries(observability)) {
  if (only.length && !only.includes(name)) continue;
  await test(`${name}: onEvent example against the mock → produced, masked`, fn);
  await test(`${name}: examples/observability-${name}.mjs runs standalone (exit 0, masked output)`, async () => {
    const child = spawn(process.execPath, [`examples/observability-${name}.mjs`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (text += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (text += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code] = await once(child, 'exit');
    clearTimeout(guard);
    assert.equal(code, 0, text);
    assert.match(text, /outcomes: ok, ok, GATEWAY_FAILURE/);
    assert.match(text, observabilityOutput[name]);
    assertMasked(text, [], 'output');
  });
}

console.log(`examples: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
