// `yjt-sso call`: data masked by value shape under any key (phones with +86 / separators, ID
// numbers, passport-like numbers, long digit runs) and by key (addresses, birthdays, names);
// deeply nested data is a typed BAD_RESPONSE, never a bare RangeError.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { consumer, creds, envCreds, run } from './_cli.mjs';

const { startMockGateway } = await import(pathToFileURL(join(consumer, 'node_modules/yjt-sso/mock.mjs')).href);

const record = {
  contact: '+86 139 2738 4615', other: '139-2738-4615', note: '请拨 86-13927384615 联系', fullName: '陈小明',
  patient: { doc: 'E12345678', ref: 'id 11010519491231002X ok' }, addr: '广州市越秀区中山二路1号', birthday: '1990-01-02',
  acct: '6222021234567890123', status: 'ok', count: 3,
};
const CLEAR = ['2738', '陈小明', '12345678', '11010519491231002X', '中山二路', '1990', '6222021234567890123'];
let deep = { leaf: 1 };
for (let i = 0; i < 3000; i++) deep = { a: deep };
let nested130 = { leaf: 1 };
for (let i = 0; i < 130; i++) nested130 = { a: nested130 };

const mock = await startMockGateway({ ...creds, services: { '03': () => record, '04': () => deep, '05': () => nested130 } });
after(() => mock.close());
const env = { ...envCreds, YJT_BASE_URL: mock.baseUrl };

test('call masks PII by shape under any key, and addresses, birthdays and names by key', async () => {
  const r = await run(['call', '--query', 'command=03'], { env });
  assert.equal(r.code, 0, r.all);
  for (const s of CLEAR) assert.ok(!r.stdout.includes(s), `${s} printed in clear:\n${r.stdout}`);
  const { data } = JSON.parse(r.stdout);
  assert.equal(data.status, 'ok');
  assert.equal(data.count, 3);
  assert.equal(data.other, '139****4615');
  assert.match(data.note, /^请拨 .*联系$/);
  const un = await run(['call', '--query', 'command=03', '--unmasked'], { env });
  for (const s of CLEAR) assert.ok(un.stdout.includes(s), `--unmasked shows ${s}`);
});

test('call --unmasked (and masked) with data nested deeper than 128: a typed BAD_RESPONSE, no RangeError', async () => {
  for (const cmd of ['04', '05']) {
    for (const extra of [['--unmasked'], []]) {
      const r = await run(['call', '--query', `command=${cmd}`, ...extra], { env });
      assert.equal(r.code, 1, r.all);
      assert.match(r.stderr, /错误 \/ error \[BAD_RESPONSE\]/);
      assert.doesNotMatch(r.all, /RangeError|Maximum call stack/);
    }
  }
});
