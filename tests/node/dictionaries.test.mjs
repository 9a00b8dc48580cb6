// The code tables (nations, certificate types, genders, channels, business types) and
// dictLabel() — for the ESM and the CJS entry point.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES } from './_pkg.mjs';

for (const [entry, m] of ENTRIES) {
  describe(`dictionaries (${entry})`, () => {
    test('dictionaries (seed typos fixed) and counts', () => {
      assert.equal(m.NATIONS['29'], '柯尔克孜族');
      assert.equal(m.NATIONS['31'], '达斡尔族');
      assert.equal(m.NATIONS['01'], '汉族');
      assert.equal(m.NATIONS['56'], '基诺族');
      assert.equal(m.NATIONS['97'], '其他');
      assert.equal(m.NATIONS['98'], '外国血统中国籍人士');
      assert.equal(m.NATIONS['99'], '其它民族或外国人');
      assert.equal(Object.keys(m.NATIONS).length, 59);
      for (let i = 1; i <= 56; i++) assert.equal(typeof m.NATIONS[String(i).padStart(2, '0')], 'string', `nation ${i}`);
      assert.deepEqual({ ...m.CERTIFICATE_TYPES }, {
        '01': '居民身份证', '02': '居民户口簿', '03': '护照', '04': '军官证', '05': '驾驶证',
        '06': '港澳居民来往内地通行证', '07': '台湾居民来往内地通行证', '08': '出生医学证明', '99': '其他法定有效证件',
      });
      assert.deepEqual({ ...m.GENDERS }, { 1: '男', 2: '女', 3: '保密', 4: '未知' });
      assert.deepEqual({ ...m.CHANNELS }, { 1: '内地', 2: '港澳', 3: '台湾', 4: '外籍' });
      assert.equal(Object.keys(m.BUSINESS_TYPES).length, 12);
      assert.equal(m.BUSINESS_TYPES[1], '预约挂号');
      assert.equal(m.BUSINESS_TYPES[12], '健康深圳《新冠预约》');
      for (const d of [m.NATIONS, m.CERTIFICATE_TYPES, m.GENDERS, m.CHANNELS, m.BUSINESS_TYPES]) assert.ok(Object.isFrozen(d));
      assert.equal(m.dictLabel('nation', '1'), '汉族', 'single-digit codes are zero-padded');
      assert.equal(m.dictLabel('nation', 29), '柯尔克孜族');
      assert.equal(m.dictLabel('gender', 2), '女');
      assert.equal(m.dictLabel('certificateType', '1'), '居民身份证');
      assert.equal(m.dictLabel('channel', '4'), '外籍');
      assert.equal(m.dictLabel('businessType', 1), '预约挂号');
      assert.equal(m.dictLabel('nation', '00'), null);
      assert.equal(m.dictLabel('nation', '57'), null);
    });
  });
}
