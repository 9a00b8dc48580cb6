//! 内存卫生（仅 wasm32）：释放即清零的分配器，以及调用结束后清零影子栈。
//!
//! Memory hygiene for the WebAssembly build. Two mechanisms together leave no key, round key,
//! token, secret or decrypted plaintext in linear memory once a call has returned or an object
//! has been freed:
//!
//! - **Heap**: every block is zeroed when it is freed (1Password's `zeroizing-alloc` around the
//!   default allocator). `realloc` moves to a new block and frees (so zeroes) the old one. This
//!   covers what no `Zeroizing` wrapper can: serde's temporaries, the strings wasm-bindgen
//!   copies in and out, `Vec` growth.
//! - **Shadow stack**: compiler-made copies (a `Sm4Ct` returned by value, spilled SIMD registers)
//!   sit below the stack pointer after a call returns. [`scrub_stack`] zeroes a window below its
//!   caller; the JS layer calls it after every core call, from the top level, so the window
//!   covers the deepest frame any call reached. The test build checks that nothing below the
//!   window was ever written.

use std::alloc::System;
use zeroizing_alloc::ZeroAlloc;

#[global_allocator]
static ALLOC: ZeroAlloc<System> = ZeroAlloc(System);

/// Bytes of shadow stack zeroed per call. The deepest call measured uses about 7.1 KiB.
pub(crate) const STACK_SCRUB_BYTES: usize = 16 * 1024;

/// Bytes zeroed after a field-sized SM4 call (a few blocks, no bitsliced batch): the memory-scan
/// test fails if such a call writes below it.
pub(crate) const FIELD_SCRUB_BYTES: usize = 4 * 1024;

/// Zeroes `STACK_SCRUB_BYTES` of shadow stack below the caller's frame.
#[inline(never)]
pub(crate) fn scrub_stack() {
    // black_box makes the zeroed array observable, so the stores (one memory.fill) must happen.
    let window = [0u8; STACK_SCRUB_BYTES];
    core::hint::black_box(&window);
}

/// Zeroes `FIELD_SCRUB_BYTES` below the caller's frame: after field-sized SM4 calls only.
#[inline(never)]
pub(crate) fn scrub_stack_field() {
    let window = [0u8; FIELD_SCRUB_BYTES];
    core::hint::black_box(&window);
}
