// One process, one package: median ns of a per-field decrypt (Sm4 object, 11-digit phone) and of
// the exchange (build request + parse a response, as bench/run.mjs times it). bench/run.mjs runs
// it alternately on pkg/ and on the build without memory hygiene (bench/no-hygiene.sh), in fresh
// processes: two packages in one process time differently by load order alone.
//   node bench/hygiene-probe.mjs <package dir>   → {"fieldNs": …, "exchangeNs": …}
import { createCipheriv } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const KEY = 'A7E2D00B4058086CBD3D4B8A5E0B2697';
const enc = (t) => {
  const c = createCipheriv('sm4-ecb', Buffer.from(KEY, 'hex'), null);
  return Buffer.concat([c.update(t, 'utf8'), c.final()]).toString('hex');
};
const yjt = await import(pathToFileURL(join(process.argv[2], 'index.mjs')).href);
const config = { env: 'test', appCode: 'HOSP000001', appKey: KEY, paasId: 'paas-001', paasToken: 'tok-123', appSecret: 'sec-456' };
const wire = new TextEncoder().encode(JSON.stringify({
  errcode: 0,
  errmsg: 'SUCCESS',
  data: {
    certificateNo: enc('11010519491231002X'), certificateType: '01', healthCardNo: 'E0000000000000000000000000000001',
    phone: enc('13800138000'), gender: 1, name: '陈小明', nation: '01', userId: '2025000000000001', channel: '1',
  },
}));
const ex = new yjt.YjtExchange(config);
const sm4 = new yjt.Sm4(KEY);
const phone = enc('13800138000');
if (sm4.decrypt(phone) !== '13800138000' || ex.parseResponse({ status: 200, body: wire }).phone !== '13800138000') throw new Error('wrong result');
const median = (f, n) => {
  const once = () => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    return Number(process.hrtime.bigint() - t) / n;
  };
  for (let i = 0; i < 3; i++) once();
  const s = Array.from({ length: 9 }, once).sort((a, b) => a - b);
  return s[4];
};
const exchangeNs = median(() => [ex.buildRequest('afadsgfaar0123456789abcdef012345'), ex.parseResponse({ status: 200, body: wire })], 4000);
const fieldNs = median(() => sm4.decrypt(phone), 40000);
console.log(JSON.stringify({ fieldNs, exchangeNs }));
