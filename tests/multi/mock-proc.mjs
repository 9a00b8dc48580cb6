// The mock gateway in its own process (forked with IPC): the installed package's startMockGateway,
// interface-document errors, optionally a nonce window shared through Redis (NONCE_REDIS_URL).
// IPC: { id, op: 'issue', n, userIds? } → codes; { id, op: 'fault', kind, latencyMs } ; { id, op: 'stats' }.
import { creds, loadMock, loadPkg, USERS } from './_config.mjs';

const { startMockGateway } = await loadMock();
let nonceStore;
let redis;
if (process.env.NONCE_REDIS_URL) {
  const { nodeRedisStore } = await loadPkg();
  const { createClient } = await import('redis');
  redis = createClient({ url: process.env.NONCE_REDIS_URL });
  redis.on('error', () => {});
  await redis.connect();
  nonceStore = nodeRedisStore(redis);
}
const mock = await startMockGateway({ ...creds, users: USERS, port: Number(process.env.MOCK_PORT || 0), nonceStore });

process.on('message', (m) => {
  let reply;
  try {
    if (m.op === 'issue') {
      const codes = [];
      for (let i = 0; i < m.n; i++) codes.push(mock.gateway.issueCode(m.userIds?.[i] ?? USERS[i % USERS.length].userId));
      reply = { codes };
    } else if (m.op === 'fault') {
      mock.gateway.injectFault(m.kind, { latencyMs: m.latencyMs, times: m.times ?? 1 });
      reply = { ok: true };
    } else if (m.op === 'stats') {
      reply = { stats: mock.gateway.stats };
    } else reply = { error: `unknown op ${m.op}` };
  } catch (e) {
    reply = { error: String(e?.message ?? e) };
  }
  process.send({ id: m.id, ...reply });
});
process.once('SIGTERM', async () => {
  await mock.close();
  await redis?.quit().catch(() => {});
  process.exit(0);
});
process.send({ ready: true, url: mock.url, baseUrl: mock.baseUrl });
