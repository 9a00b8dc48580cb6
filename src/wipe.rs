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

// `--cfg yjt_bench_no_hygiene` (the benchmark's comparison build only, never shipped) measures
// what hygiene costs: it drops the zeroing allocator and makes every scrub a no-op.
#[cfg(not(yjt_bench_no_hygiene))]
#[global_allocator]
static ALLOC: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

/// Bytes of shadow stack zeroed after a call (the default). The deepest call measured, SM4 on
/// the bitsliced path, uses about 7.9 KiB.
pub(crate) const STACK_SCRUB_BYTES: usize = 16 * 1024;

/// Bytes zeroed after a field-sized SM4 call (a few blocks, no bitsliced batch): the memory-scan
/// test fails if such a call writes below it.
pub(crate) const FIELD_SCRUB_BYTES: usize = 4 * 1024;

/// Bytes zeroed after building an exchange request (measured depth 1.3 KiB).
pub(crate) const REQUEST_SCRUB_BYTES: usize = 2 * 1024;

/// Bytes zeroed after parsing an exchange response too short to hold a field of 32 blocks, the
/// size from which SM4 takes the bitsliced path (measured depth 3.6 KiB; that path goes ~7.9 KiB
/// deep, so longer responses get the full scrub). The memory-scan tests fail if a call, at its
/// worst input, writes below its window.
pub(crate) const RESPONSE_SCRUB_BYTES: usize = 5 * 1024;

/// Zeroes `N` bytes of shadow stack below the caller's frame.
#[inline(never)]
fn scrub<const N: usize>() {
    if cfg!(yjt_bench_no_hygiene) {
        return;
    }
    // black_box makes the zeroed array observable, so the stores (one memory.fill) must happen.
    let window = [0u8; N];
    core::hint::black_box(&window);
}

/// Zeroes `STACK_SCRUB_BYTES` of shadow stack below the caller's frame.
pub(crate) fn scrub_stack() {
    scrub::<STACK_SCRUB_BYTES>();
}

/// Zeroes `FIELD_SCRUB_BYTES` below the caller's frame: after field-sized SM4 calls only.
pub(crate) fn scrub_stack_field() {
    scrub::<FIELD_SCRUB_BYTES>();
}

/// Zeroes `REQUEST_SCRUB_BYTES` below the caller's frame: after `Exchange::build_request`.
pub(crate) fn scrub_stack_request() {
    scrub::<REQUEST_SCRUB_BYTES>();
}

/// Zeroes `RESPONSE_SCRUB_BYTES` below the caller's frame: after parsing a short response.
pub(crate) fn scrub_stack_response() {
    scrub::<RESPONSE_SCRUB_BYTES>();
}
