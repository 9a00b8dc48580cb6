// An independent SM4 key schedule (GB/T 32907 §7.3): the tests use it to locate round keys in
// WASM memory, without trusting the implementation under test.
const SBOX = Buffer.from(
  'd690e9fecce13db716b614c228fb2c052b679a762abe04c3aa44132649860699' +
  '9c4250f491ef987a33540b43edcfac62e4b31ca9c908e89580df94fa758f3fa6' +
  '4707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d35' +
  '1e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89e' +
  'eabf8ad240c738b5a3f7f2cef96115a1e0ae5da49b341a55ad933230f58cb1e3' +
  '1df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b51' +
  '8d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b0' +
  '8969974a0c96777e65b9f109c56ec68418f07dec3adc4d2079ee5f3ed7cb3948', 'hex');
const rotl = (x, n) => ((x << n) | (x >>> (32 - n))) >>> 0;
export function roundKeys(key) {
  const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];
  const kb = Buffer.isBuffer(key) ? key : Buffer.from(key, 'hex');
  const k = [0, 1, 2, 3].map((i) => (kb.readUInt32BE(4 * i) ^ FK[i]) >>> 0);
  const rk = [];
  for (let i = 0; i < 32; i++) {
    let ck = 0;
    for (let j = 0; j < 4; j++) ck = ((ck << 8) | (((4 * i + j) * 7) % 256)) >>> 0;
    const a = (k[(i + 1) % 4] ^ k[(i + 2) % 4] ^ k[(i + 3) % 4] ^ ck) >>> 0;
    const b = ((SBOX[a >>> 24] << 24) | (SBOX[(a >>> 16) & 255] << 16) | (SBOX[(a >>> 8) & 255] << 8) | SBOX[a & 255]) >>> 0;
    k[i % 4] = (k[i % 4] ^ b ^ rotl(b, 13) ^ rotl(b, 23)) >>> 0;
    rk.push(k[i % 4]);
  }
  return rk;
}

