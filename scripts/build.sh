#!/usr/bin/env bash
# Builds pkg/ (the npm package `yjt-sso`) and packs it into build/; also writes the test build
# build/testing/ (never packed).
#
#   bash scripts/build.sh
#
#   1. scripts/setup.sh          toolchain (idempotent, quiet when ready)
#   2. cargo build (wasm32)      target/wasm32-unknown-unknown/release/yjt_sso.wasm, with std rebuilt
#                                for size (-Z build-std, panics abort at once: no panic messages)
#   3. wasm-bindgen              build/wasm/yjt_sso.js (+ reset function for trap recovery)
#   4. wasm-opt -Oz              build/wasm/yjt_sso_bg.wasm, in place (npm binaryen)
#   5. tsdown                    pkg/ and build/testing/ (see tsdown.config.mjs)
#   6. npm pack                  build/yjt-sso-<version>.tgz
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

bash scripts/setup.sh

# YJT_WASM_ONLY=DIR builds only the wasm and its glue, into DIR, with YJT_CFG (a `--cfg` name)
# added: the benchmark's comparison build (bench/no-hygiene.sh). Its own target dir.
wasm_out="${YJT_WASM_ONLY:-build/wasm}"
extra=()
if [ -n "${YJT_WASM_ONLY:-}" ]; then
  export CARGO_TARGET_DIR="target/variant-$(basename "$wasm_out")"
  [ -n "${YJT_CFG:-}" ] && extra=(--config "target.wasm32-unknown-unknown.rustflags=[\"--cfg\", \"$YJT_CFG\"]")
fi

# std rebuilt with the crate's size profile and `immediate-abort` panics (no panic strings or
# formatting): -10 KiB gzip. opt-level "s", not "z": "z" saves 4 KiB gzip but makes the
# exchange ~25% and bulk SM4 ~20% slower (bench/run.mjs, both measured in one session); `alloc`
# and `core` at 3 like the crate (Cargo.toml): the exchange's byte copies live there. A global 2
# or 3 is faster still but +90 KiB and +1 ms cold start. Nightly flags on the stable toolchain
# via RUSTC_BOOTSTRAP; needs the rust-src component (scripts/setup.sh). A panic was already
# fatal to the instance (a trap).
if [ "${YJT_BUILD_STD:-1}" = 1 ]; then
  RUSTC_BOOTSTRAP=1 CARGO_PROFILE_RELEASE_PANIC=immediate-abort \
    CARGO_PROFILE_RELEASE_OPT_LEVEL="${YJT_WASM_OPT_LEVEL:-s}" \
    cargo build --release --target wasm32-unknown-unknown --lib --quiet \
    -Z build-std=std,panic_abort -Z panic-immediate-abort \
    --config profile.release.package.alloc.opt-level=3 --config profile.release.package.core.opt-level=3 "${extra[@]}"
else
  CARGO_PROFILE_RELEASE_OPT_LEVEL="${YJT_WASM_OPT_LEVEL:-s}" \
    cargo build --release --target wasm32-unknown-unknown --lib --quiet "${extra[@]}"
fi

rm -rf "$wasm_out"
wasm-bindgen --target web --experimental-reset-state-function --out-dir "$wasm_out" --out-name yjt_sso \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/yjt_sso.wasm"

# The features rustc enables by default on wasm32-unknown-unknown, plus SIMD (the core uses it);
# all supported by Node >= 20, Deno, Bun and current browsers.
# The module's memory starts zeroed and its first KiB is unused (wasm-ld's data starts at 1 KiB).
wasm-opt -Oz --converge --low-memory-unused --zero-filled-memory \
  --strip-debug --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-reference-types --enable-sign-ext --enable-simd \
  "$wasm_out/yjt_sso_bg.wasm" -o "$wasm_out/yjt_sso_bg.wasm"

# Fail closed: the constant-time SM4 is SIMD code; a build without v128 instructions is wrong.
simd_ops="$(wasm-dis "$wasm_out/yjt_sso_bg.wasm" | grep -c 'v128\|i8x16' || true)"
if [ "$simd_ops" -lt 100 ]; then
  echo "build.sh: error: the wasm has $simd_ops SIMD instructions; the constant-time SM4 is missing" >&2
  exit 1
fi
[ -z "${YJT_WASM_ONLY:-}" ] || exit 0

rm -rf pkg build/testing
tsdown --config tsdown.config.mjs --config-loader native --log-level warn

rm -f build/yjt-sso-*.tgz
(cd pkg && npm pack --silent --pack-destination ../build >/dev/null)
ls -l build/yjt-sso-*.tgz | awk '{ printf "built %s: %.1f KiB\n", $NF, $5 / 1024 }'
