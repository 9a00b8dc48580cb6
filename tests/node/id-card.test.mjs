// ID numbers (GB 11643): checkIdCard / isValidIdCard against an independent ISO 7064 MOD 11-2,
// legacy 15-digit and malformed numbers — for the ESM and the CJS entry point.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRIES, USER } from './_pkg.mjs';
import { throwsYjt } from './_assert.mjs';

/** ISO 7064 MOD 11-2 check character of a 17-digit body (GB 11643), computed here. */
function checkChar(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body17[i]) * w[i];
  return '10X98765432'[s % 11];
}

for (const [entry, m] of ENTRIES) {
  describe(`ID numbers (${entry})`, () => {
    test('GB 11643 check digit agrees with an independent ISO 7064 MOD 11-2', () => {
      let seed = 12345;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let i = 0; i < 300; i++) {
        const area = String(110000 + Math.floor(rnd() * 540000));
        const d = new Date(Date.UTC(1930 + Math.floor(rnd() * 90), 0, 1) + Math.floor(rnd() * 365) * 86_400_000);
        const birth = d.toISOString().slice(0, 10).replaceAll('-', '');
        const body = area + birth + String(Math.floor(rnd() * 1000)).padStart(3, '0');
        const good = body + checkChar(body);
        assert.equal(m.isValidIdCard(good), true, good);
        assert.equal(m.checkIdCard(good), 'valid', good);
        if (good.endsWith('X')) assert.equal(m.isValidIdCard(good.slice(0, 17) + 'x'), true, 'lower-case x');
        for (const wrong of '0123456789X') {
          if (wrong === good[17]) continue;
          assert.equal(m.isValidIdCard(body + wrong), false, body + wrong);
          assert.equal(m.checkIdCard(body + wrong), 'bad_check_digit', body + wrong);
        }
      }
      assert.equal(m.checkIdCard(USER.certificateNo), 'valid');
      assert.equal(m.checkIdCard('110105491231002'), 'legacy_15');
      assert.equal(m.isValidIdCard('110105491231002'), false);
      // an impossible birth date with a correct check character is still malformed
      const feb30 = '11010519490230002';
      assert.equal(m.checkIdCard(feb30 + checkChar(feb30)), 'malformed');
      for (const bad of ['', 'abc', '1101051949123100', '1101051949123100211', '11010519491231002Y', '１１０１０５１９４９１２３１００２Ｘ']) {
        assert.equal(m.checkIdCard(bad), 'malformed', bad);
        assert.equal(m.isValidIdCard(bad), false, bad);
      }
      for (const v of [null, undefined, 110105194912310020, {}]) assert.equal(m.isValidIdCard(v), false);
      throwsYjt(m, () => m.checkIdCard(5), 'INVALID_INPUT');
    });
  });
}
