#!/usr/bin/env bash
# Builds pkg/ (the npm package `yjt-sso`) and packs it into build/; also writes the test build
# build/testing/ (never packed).
#
#   bash scripts/build.sh
#
#   1. scripts/setup.sh          toolchain (idempotent, quiet when ready)
#   2. cargo build (wasm32)      target/wasm32-unknown-unknown/release/yjt_sso.wasm
#   3. wasm-bindgen              build/wasm/yjt_sso.js (+ reset function for trap recovery)
#   4. wasm-opt -Oz              build/wasm/yjt_sso_bg.wasm, in place (npm binaryen)
#   5. tsdown                    pkg/ and build/testing/ (see tsdown.config.mjs)
#   6. npm pack                  build/yjt-sso-<version>.tgz
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

bash scripts/setup.sh

cargo build --release --target wasm32-unknown-unknown --lib --quiet

rm -rf build/wasm
wasm-bindgen --target web --experimental-reset-state-function --out-dir build/wasm --out-name yjt_sso \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/yjt_sso.wasm"

# The features rustc enables by default on wasm32-unknown-unknown, plus SIMD (the core uses it);
# all supported by Node >= 20, Deno, Bun and current browsers.
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-reference-types --enable-sign-ext --enable-simd \
  build/wasm/yjt_sso_bg.wasm -o build/wasm/yjt_sso_bg.wasm

rm -rf pkg build/testing
tsdown --config tsdown.config.mjs --config-loader native --log-level warn

rm -f build/yjt-sso-*.tgz
(cd pkg && npm pack --silent --pack-destination ../build >/dev/null)
ls -l build/yjt-sso-*.tgz | awk '{ printf "built %s: %.1f KiB\n", $NF, $5 / 1024 }'
