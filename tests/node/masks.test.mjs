// The masks for phone numbers, ID numbers and names — for the ESM and the CJS entry point.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES, USER } from './_pkg.mjs';
import { throwsYjt } from './_assert.mjs';

for (const [entry, m] of ENTRIES) {
  describe(`masks (${entry})`, () => {
    test('masks', () => {
      assert.equal(m.maskPhone('13800138000'), '138****8000');
      assert.equal(m.maskIdCard('11010519491231002X'), '1101**********002X');
      assert.equal(m.maskName('张三丰'), '张*丰');
      assert.equal(m.maskName('张三'), '张*');
      for (const [f, v] of [[m.maskPhone, USER.phone], [m.maskIdCard, USER.certificateNo], [m.maskName, USER.name]]) {
        assert.notEqual(f(v), v);
        assert.ok(!f(v).includes(v));
      }
      for (const f of [m.maskPhone, m.maskIdCard, m.maskName]) {
        assert.equal(typeof f(''), 'string');
        throwsYjt(m, () => f(5), 'INVALID_INPUT');
      }
    });
  });
}
