// 端到端演示：本机启动模拟网关 → 为示例用户签发 code → YjtClient 换取身份 → 打印（脱敏）→ 关闭。
// End-to-end demo: start the mock gateway on 127.0.0.1, issue a code for a sample user,
// exchange it with YjtClient, print the identity (masked) and the round-trip time, shut down.
//
//   node examples/demo.mjs            (after `bash scripts/build.sh`; `bash scripts/demo.sh` does both)
import { inspect } from 'node:util';
import { YjtClient, maskIdCard, maskName, maskPhone, checkIdCard } from '../pkg/index.mjs';
import { startMockGateway } from '../pkg/mock.mjs';

// 仅用于本地演示的凭据（与接口文档示例密钥相同）/ demo-only credentials (the interface document's sample key).
const credentials = {
  appCode: 'DEMO000001',
  appKey: 'A7E2D00B4058086CBD3D4B8A5E0B2697',
  paasId: 'demo-paas-id',
  paasToken: 'demo-paas-token',
  appSecret: 'demo-app-secret',
};
const alice = {
  userId: '2025000000000001',
  name: '陈小明',
  phone: '13800138000',
  certificateNo: '11010519491231002X',
  certificateType: '01',
  healthCardNo: 'E0000000000000000000000000000001',
  gender: 1,
  nation: '01',
  channel: '1',
};

const mock = await startMockGateway({ ...credentials, users: [alice] });
try {
  console.log(`模拟网关 / mock gateway: ${mock.baseUrl}`);
  const code = mock.gateway.issueCode(alice);
  console.log(`签发 code / issued code: ${code.slice(0, 6)}…（${code.length} 位，5 分钟内有效，单次使用）`);

  const client = new YjtClient({ env: 'test', ...credentials, baseUrl: mock.baseUrl });
  const t0 = performance.now();
  const user = await client.exchangeCode(code);
  const ms = performance.now() - t0;

  console.log('换取成功 / exchanged:');
  console.log(`  userId          ${user.userId}`);
  console.log(`  姓名 name        ${maskName(user.name)}`);
  console.log(`  手机 phone       ${maskPhone(user.phone)}`);
  console.log(`  证件 certificate ${maskIdCard(user.certificateNo)} (${user.labels.certificateType}, GB 11643: ${checkIdCard(user.certificateNo)})`);
  console.log(`  性别 gender      ${user.labels.gender}   民族 nation ${user.labels.nation}   渠道 channel ${user.labels.channel}`);
  console.log(`  inspect(user):  ${inspect(user, { breakLength: Infinity })}`);
  console.log(`往返耗时 / round trip: ${ms.toFixed(1)} ms`);

  // 同一 code 再用一次：网关按单次使用拒绝 / the same code again: single-use, rejected.
  try {
    await client.exchangeCode(code);
    throw new Error('a reused code was accepted');
  } catch (e) {
    if (e.code !== 'GATEWAY_FAILURE') throw e;
    console.log(`重复使用 code → ${e.code} (errcode=${e.errcode})：符合预期 / as expected`);
  }
  client.free();
} finally {
  await mock.close();
}
console.log('DEMO OK');
