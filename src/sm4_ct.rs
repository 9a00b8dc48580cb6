//! 常量时间 SM4 分组密码（WebAssembly simd128）：不做秘密下标查表，也没有依赖秘密的分支。
//!
//! Constant-time SM4 (GB/T 32907) for `wasm32` with `simd128`. The usual S-box is a 256-byte
//! table indexed by secret bytes, so cache timing leaks key and data bits (RustCrypto `sm4` and
//! OpenSSL's portable SM4 both do this). Here the S-box is never a memory lookup:
//!
//! - one to a few blocks (a field, the key schedule): `tau16` in [`crate::sm4_sbox`], the S-box
//!   as affine maps around an inversion in GF((2^4)^2), evaluated with `i8x16.swizzle` nibble
//!   permutations (register-only: `pshufb` / `tbl`). One vector holds one 32-bit word of four
//!   blocks ("word-sliced"); a single block uses lanes 0–3;
//! - batches of 128 blocks: the bitsliced circuit in [`crate::sm4_bitslice`] (XOR/AND only).
//!
//! Round keys are zeroized on drop. The cipher implements the RustCrypto `cipher` traits; the
//! tests compare it with RustCrypto `sm4` over a million random blocks.

use crate::sm4_bitslice::{crypt128, Batch, KeyPlanes};
use crate::sm4_sbox::tau16;
use cipher::consts::{U128, U16};
use cipher::inout::{InOut, InOutBuf};
use cipher::{
    AlgorithmName, Block, BlockBackend, BlockCipher, BlockClosure, BlockDecrypt, BlockEncrypt,
    BlockSizeUser, Key, KeyInit, KeySizeUser, ParBlocks, ParBlocksSizeUser,
};
use core::arch::wasm32::*;
use zeroize::{Zeroize, ZeroizeOnDrop};

const FK: [u32; 4] = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];

const fn ck() -> [u32; 32] {
    // CK[i] byte j = (4i + j) * 7 mod 256 (GB/T 32907 §7.3).
    let mut out = [0u32; 32];
    let mut i = 0;
    while i < 32 {
        let mut w = 0u32;
        let mut j = 0;
        while j < 4 {
            w = (w << 8) | (((4 * i + j) * 7) % 256) as u32;
            j += 1;
        }
        out[i] = w;
        i += 1;
    }
    out
}
const CK: [u32; 32] = ck();

#[inline(always)]
fn rotl(v: v128, n: u32) -> v128 {
    v128_or(u32x4_shl(v, n), u32x4_shr(v, 32 - n))
}

/// T = L ∘ τ on four words (one per lane).
#[inline(always)]
fn t4(x: v128) -> v128 {
    let b = tau16(x);
    v128_xor(
        v128_xor(b, rotl(b, 2)),
        v128_xor(v128_xor(rotl(b, 10), rotl(b, 18)), rotl(b, 24)),
    )
}

/// τ on one word (lanes 1–3 are discarded).
#[inline(always)]
fn tau1(x: u32) -> u32 {
    u32x4_extract_lane::<0>(tau16(u32x4_splat(x)))
}

#[inline(always)]
fn t1(x: u32) -> u32 {
    let b = tau1(x);
    b ^ b.rotate_left(2) ^ b.rotate_left(10) ^ b.rotate_left(18) ^ b.rotate_left(24)
}

/// 常量时间 SM4 / constant-time SM4 on wasm32 + simd128.
#[derive(Clone)]
pub struct Sm4Ct {
    rk: [u32; 32],
}

impl Zeroize for Sm4Ct {
    fn zeroize(&mut self) {
        self.rk.zeroize();
    }
}

impl Drop for Sm4Ct {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for Sm4Ct {}

impl core::fmt::Debug for Sm4Ct {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Sm4Ct { .. }")
    }
}

impl KeySizeUser for Sm4Ct {
    type KeySize = U16;
}

impl BlockSizeUser for Sm4Ct {
    type BlockSize = U16;
}

impl BlockCipher for Sm4Ct {}

impl AlgorithmName for Sm4Ct {
    fn write_alg_name(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Sm4Ct")
    }
}

fn word(b: &[u8], i: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[4 * i..4 * i + 4]); // no-panic: callers pass 16-byte blocks, i < 4
    u32::from_be_bytes(w)
}

impl KeyInit for Sm4Ct {
    fn new(key: &Key<Self>) -> Self {
        let mut k = [
            word(key, 0) ^ FK[0],
            word(key, 1) ^ FK[1],
            word(key, 2) ^ FK[2],
            word(key, 3) ^ FK[3],
        ];
        let mut rk = [0u32; 32];
        for (i, ck) in CK.iter().enumerate() {
            let b = tau1(k[(i + 1) % 4] ^ k[(i + 2) % 4] ^ k[(i + 3) % 4] ^ ck);
            k[i % 4] ^= b ^ b.rotate_left(13) ^ b.rotate_left(23);
            rk[i] = k[i % 4];
        }
        k.zeroize();
        Sm4Ct { rk }
    }
}

/// One block, one lane: 32 rounds with the given round-key order.
fn crypt1(rk: &[u32; 32], reverse: bool, block: &mut Block<Sm4Ct>) {
    let (mut x0, mut x1, mut x2, mut x3) = (
        word(block, 0),
        word(block, 1),
        word(block, 2),
        word(block, 3),
    );
    // Four rounds per iteration with the word roles fixed, so the state stays in locals even
    // at opt-level "z" (which does not unroll; an indexed array would live in memory).
    let key = |r: usize| if reverse { rk[31 - r] } else { rk[r] };
    for q in 0..8 {
        let r = 4 * q;
        x0 ^= t1(x1 ^ x2 ^ x3 ^ key(r));
        x1 ^= t1(x2 ^ x3 ^ x0 ^ key(r + 1));
        x2 ^= t1(x3 ^ x0 ^ x1 ^ key(r + 2));
        x3 ^= t1(x0 ^ x1 ^ x2 ^ key(r + 3));
    }
    for (out, w) in block.chunks_exact_mut(4).zip([x3, x2, x1, x0]) {
        out.copy_from_slice(&w.to_be_bytes());
    }
}

/// Four blocks, word-sliced: `x[i]` holds word i of each block in its four lanes.
#[inline(always)]
fn rounds4(rk: &[u32; 32], reverse: bool, x: &mut [v128; 4]) {
    for r in 0..32 {
        let k = u32x4_splat(if reverse { rk[31 - r] } else { rk[r] });
        let i = r % 4;
        let t = v128_xor(
            v128_xor(x[(i + 1) % 4], x[(i + 2) % 4]),
            v128_xor(x[(i + 3) % 4], k),
        );
        x[i] = v128_xor(x[i], t4(t));
    }
}

/// Eight blocks as two interleaved groups of four (more independent work per round).
#[inline(always)]
fn rounds8(rk: &[u32; 32], reverse: bool, a: &mut [v128; 4], b: &mut [v128; 4]) {
    for r in 0..32 {
        let k = u32x4_splat(if reverse { rk[31 - r] } else { rk[r] });
        let i = r % 4;
        let ta = v128_xor(
            v128_xor(a[(i + 1) % 4], a[(i + 2) % 4]),
            v128_xor(a[(i + 3) % 4], k),
        );
        let tb = v128_xor(
            v128_xor(b[(i + 1) % 4], b[(i + 2) % 4]),
            v128_xor(b[(i + 3) % 4], k),
        );
        a[i] = v128_xor(a[i], t4(ta));
        b[i] = v128_xor(b[i], t4(tb));
    }
}

/// Byte-swap each 32-bit lane (blocks are big-endian words).
#[inline(always)]
fn bswap(v: v128) -> v128 {
    i8x16_shuffle::<3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12>(v, v)
}

/// Four 16-byte blocks → word-sliced form.
#[inline(always)]
fn load4(blocks: [&[u8]; 4]) -> [v128; 4] {
    let mut v = [u32x4_splat(0); 4];
    for (j, b) in blocks.iter().enumerate() {
        let mut a = [0u8; 16];
        a.copy_from_slice(b); // no-panic: blocks are 16 bytes by type
        v[j] = bswap(v128_load_bytes(a));
    }
    transpose(v)
}

#[inline(always)]
fn v128_load_bytes(a: [u8; 16]) -> v128 {
    u8x16(
        a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13],
        a[14], a[15],
    )
}

/// 4×4 transpose of 32-bit lanes.
#[inline(always)]
fn transpose(v: [v128; 4]) -> [v128; 4] {
    let t0 = i32x4_shuffle::<0, 4, 1, 5>(v[0], v[1]);
    let t1 = i32x4_shuffle::<2, 6, 3, 7>(v[0], v[1]);
    let t2 = i32x4_shuffle::<0, 4, 1, 5>(v[2], v[3]);
    let t3 = i32x4_shuffle::<2, 6, 3, 7>(v[2], v[3]);
    [
        i64x2_shuffle::<0, 2>(t0, t2),
        i64x2_shuffle::<1, 3>(t0, t2),
        i64x2_shuffle::<0, 2>(t1, t3),
        i64x2_shuffle::<1, 3>(t1, t3),
    ]
}

/// Word-sliced state → four output blocks (the final word order is reversed: X35..X32).
#[inline(always)]
fn store4(x: &[v128; 4], out: [&mut [u8]; 4]) {
    let blocks = transpose([x[3], x[2], x[1], x[0]]);
    for (j, o) in out.into_iter().enumerate() {
        let v = bswap(blocks[j]);
        let mut a = [0u8; 16];
        for (n, byte) in a.iter_mut().enumerate() {
            *byte = lane(v, n);
        }
        o.copy_from_slice(&a); // no-panic: blocks are 16 bytes by type
    }
}

#[inline(always)]
fn lane(v: v128, n: usize) -> u8 {
    let w = match n / 4 {
        0 => u32x4_extract_lane::<0>(v),
        1 => u32x4_extract_lane::<1>(v),
        2 => u32x4_extract_lane::<2>(v),
        _ => u32x4_extract_lane::<3>(v),
    };
    w.to_le_bytes()[n % 4]
}

struct Backend<'a> {
    rk: &'a [u32; 32],
    reverse: bool,
    /// Made at the first batch of a call, then shared by all its batches.
    planes: Option<KeyPlanes>,
}

impl Backend<'_> {
    fn planes(&mut self) -> &KeyPlanes {
        let (rk, reverse) = (self.rk, self.reverse);
        self.planes
            .get_or_insert_with(|| KeyPlanes::new(rk, reverse))
    }
}

impl BlockSizeUser for Backend<'_> {
    type BlockSize = U16;
}

impl ParBlocksSizeUser for Backend<'_> {
    // Full batches go to the bitsliced path (src/sm4_bitslice.rs).
    type ParBlocksSize = U128;
}

impl Backend<'_> {
    fn four(&self, blocks: &mut [Block<Sm4Ct>]) {
        if let [b0, b1, b2, b3] = blocks {
            let mut x = load4([b0, b1, b2, b3]);
            rounds4(self.rk, self.reverse, &mut x);
            store4(&x, [b0, b1, b2, b3]);
        }
    }

    fn eight(&self, blocks: &mut [Block<Sm4Ct>]) {
        if let [b0, b1, b2, b3, b4, b5, b6, b7] = blocks {
            let mut a = load4([b0, b1, b2, b3]);
            let mut b = load4([b4, b5, b6, b7]);
            rounds8(self.rk, self.reverse, &mut a, &mut b);
            store4(&a, [b0, b1, b2, b3]);
            store4(&b, [b4, b5, b6, b7]);
        }
    }
}

impl BlockBackend for Backend<'_> {
    fn proc_block(&mut self, mut block: InOut<'_, '_, Block<Self>>) {
        let mut b = block.clone_in();
        crypt1(self.rk, self.reverse, &mut b);
        *block.get_out() = b;
    }

    fn proc_par_blocks(&mut self, blocks: InOut<'_, '_, ParBlocks<Self>>) {
        // Straight from the input into the output: copying the batch first would clone it
        // block by block.
        crypt128(self.planes(), blocks);
    }

    fn proc_tail_blocks(&mut self, mut blocks: InOutBuf<'_, '_, Block<Self>>) {
        // Fewer than BATCH blocks. Many: pad to a batch and go bitsliced (the padding blocks
        // are zeros whose output is discarded). Few: eight, four, then one at a time.
        let n = blocks.len();
        if n >= BITSLICE_TAIL_MIN {
            let mut buf = Batch::default();
            let Some(work) = buf.get_mut(..n) else { return };
            work.clone_from_slice(blocks.get_in());
            crypt128(self.planes(), (&mut buf).into());
            if let Some(work) = buf.get(..n) {
                blocks.get_out().clone_from_slice(work);
            }
        } else {
            // A field is a block or two: a batch-sized buffer (2 KiB, zeroed, then scrubbed) would
            // cost more than the blocks; room for the padding lanes of a last four-lane step.
            let mut buf = [Block::<Self>::default(); BITSLICE_TAIL_MIN + 3];
            let Some(work) = buf.get_mut(..n) else { return };
            work.clone_from_slice(blocks.get_in());
            // Eight at a time, then four lanes for any 2–4 left (two blocks cost the same as
            // one: they share each round's S-box layer; `buf` has room for the padding lanes),
            // and a single block alone.
            let mut i = 0;
            while i < n {
                let left = n - i;
                let step = if left >= 8 {
                    8
                } else if left >= 2 {
                    4
                } else {
                    1
                };
                if let Some(chunk) = buf.get_mut(i..i + step) {
                    match step {
                        8 => self.eight(chunk),
                        4 => self.four(chunk),
                        _ => chunk
                            .iter_mut()
                            .for_each(|b| crypt1(self.rk, self.reverse, b)),
                    }
                }
                i += step;
            }
            if let Some(work) = buf.get(..n) {
                blocks.get_out().clone_from_slice(work);
            }
        }
    }
}

/// From this many blocks on, a tail is cheaper as one padded bitsliced batch.
pub(crate) const BITSLICE_TAIL_MIN: usize = 32;

impl BlockEncrypt for Sm4Ct {
    fn encrypt_with_backend(&self, f: impl BlockClosure<BlockSize = U16>) {
        f.call(&mut Backend {
            rk: &self.rk,
            reverse: false,
            planes: None,
        });
    }
}

impl BlockDecrypt for Sm4Ct {
    fn decrypt_with_backend(&self, f: impl BlockClosure<BlockSize = U16>) {
        f.call(&mut Backend {
            rk: &self.rk,
            reverse: true,
            planes: None,
        });
    }
}
