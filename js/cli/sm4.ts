/**
 * `encrypt`, `decrypt`, `verify`: SM4-ECB with the appKey (its flag or env var, from the fields table).
 *
 * @module
 */
import { Sm4, maskIdCard, maskPhone, type CipherEncoding } from '../index.js';
import { UsageError, parse, str } from './args.js';
import { type Subcommand, synopsis } from './command.js';
import { secretArg } from './config.js';
import { namesOf, singleOption, singleUsage } from './fields.js';

type Sm4Command = 'encrypt' | 'decrypt' | 'verify';

function encodingFlag(v: string | undefined): CipherEncoding {
  if (v === undefined) return 'hex';
  if (v === 'hex' || v === 'HEX' || v === 'base64') return v;
  throw new UsageError('--encoding 只能是 hex、HEX 或 base64 / --encoding must be hex, HEX or base64');
}

/** Masks a decrypted field for display: phone numbers as phones, everything else as an ID. */
function maskPlaintext(text: string): string {
  return /^1[0-9]{10}$/.test(text) ? maskPhone(text) : maskIdCard(text);
}

const keyEnv = namesOf('appKey').env;

const SPEC: Record<Sm4Command, { args: string[]; brief?: string; about: string }> = {
  encrypt: {
    args: ['[--encoding hex|HEX|base64]', '<明文 plaintext>'],
    about: `SM4-ECB 加密（密钥缺省取 ${keyEnv}）/ SM4-ECB encrypt (the key defaults to ${keyEnv}).`,
  },
  decrypt: {
    args: ['[--encoding hex|base64]', '[--reveal]', '<密文 ciphertext>'],
    brief: '（明文默认脱敏，--reveal 显示明文 / the plaintext is masked unless --reveal）',
    about: 'SM4-ECB 解密，明文默认脱敏，--reveal 显示 / SM4-ECB decrypt; the plaintext is masked unless --reveal.',
  },
  verify: {
    args: ['[--encoding hex|HEX|base64]', '<密文 ciphertext>', '<明文 plaintext>'],
    about: '密文与明文是否对应（退出码 0/1）/ whether the ciphertext encrypts the plaintext (exit 0 / 1).',
  },
};

/** One of the three SM4 subcommands. */
export function sm4Command(cmd: Sm4Command): Subcommand {
  const { args, brief, about } = SPEC[cmd];
  return {
    usage: synopsis(cmd, [singleUsage('appKey'), ...args]),
    ...(brief ? { brief } : {}),
    about,
    async run(rest) {
      const { values, positionals } = parse(rest, {
        ...singleOption('appKey'),
        encoding: { type: 'string' },
        ...(cmd === 'decrypt' ? { reveal: { type: 'boolean' as const }, unmasked: { type: 'boolean' as const } } : {}),
      });
      const key = secretArg('appKey', values);
      const encoding = encodingFlag(str(values.encoding));
      const wanted = cmd === 'verify' ? 2 : 1;
      if (positionals.length !== wanted) throw new UsageError(`${cmd} 需要 ${wanted} 个参数 / ${cmd} takes ${wanted} argument(s)`);
      const sm4 = new Sm4(key);
      try {
        if (cmd === 'encrypt') console.log(sm4.encrypt(positionals[0]!, encoding));
        else if (cmd === 'decrypt') {
          const text = sm4.decrypt(positionals[0]!, encoding);
          console.log(values.reveal === true || values.unmasked === true ? text : maskPlaintext(text));
        } else {
          const ok = sm4.verify(positionals[0]!, positionals[1]!, encoding);
          console.log(ok ? 'true' : 'false');
          return ok ? 0 : 1;
        }
      } finally {
        sm4.free();
      }
      return 0;
    },
  };
}
