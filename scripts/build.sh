#!/usr/bin/env bash
# Builds pkg/ (the npm package `yjt-sso`) from scratch and packs it into build/.
#
#   bash scripts/build.sh
#
#   1. scripts/setup.sh                         toolchain (idempotent, quiet when ready)
#   2. cargo build --release (wasm32)            target/wasm32-unknown-unknown/release/yjt_sso.wasm
#   3. wasm-bindgen --target web                 build/wasm/yjt_sso.js, .d.ts, yjt_sso_bg.wasm
#   4. wasm-opt -Oz (npm binaryen)               build/wasm/yjt_sso_bg.wasm, in place
#   5. scripts/embed-wasm.mjs                    build/wasm/wasm_base64.js, exports.js, exports.d.ts
#   6. scripts/bundle.mjs (esbuild)              pkg/index.mjs, pkg/index.cjs, pkg/cli.mjs
#   7. tsc -p tsconfig.build.json                pkg/types/js/*.d.ts
#   8. scripts/finish-pkg.mjs                    pkg/index.d.ts, index.d.cts, package.json, docs
#   9. smoke test (require + import in Node), npm pack into build/
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

die() { echo "build.sh: error: $*" >&2; exit 1; }
now() { date +%s%N; }
T0=$(now); T=$T0
step() { # step NAME: print the time of the previous step
  local t; t=$(now)
  [ -n "${STEP:-}" ] && printf '  %-34s %6d ms\n' "$STEP" $(( (t - T) / 1000000 ))
  T=$t; STEP="$1"
}

step "setup"
bash scripts/setup.sh

NAME=yjt_sso
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
WASM_IN="$TARGET_DIR/wasm32-unknown-unknown/release/$NAME.wasm"
OUT=build/wasm
BIN=node_modules/.bin

step "cargo build (wasm32, release)"
cargo build --release --target wasm32-unknown-unknown --lib --quiet || die "cargo build failed"
[ -f "$WASM_IN" ] || die "$WASM_IN not produced"

step "wasm-bindgen"
rm -rf "$OUT"; mkdir -p "$OUT"
wasm-bindgen --target web --out-dir "$OUT" --out-name "$NAME" "$WASM_IN" || die "wasm-bindgen failed"

step "wasm-opt -Oz"
# The features rustc >= 1.82 enables by default on wasm32-unknown-unknown
# (`rustc --print cfg --target wasm32-unknown-unknown | grep target_feature`):
# bulk-memory, multivalue, mutable-globals, nontrapping-fptoint, reference-types, sign-ext.
# All are supported by Node >= 18, Deno, Bun and current browsers.
raw_size=$(stat -c %s "$OUT/${NAME}_bg.wasm")
"$BIN/wasm-opt" -Oz \
  --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext --enable-simd \
  --strip-debug --strip-producers \
  "$OUT/${NAME}_bg.wasm" -o "$OUT/${NAME}_bg.opt.wasm" || die "wasm-opt failed"
mv "$OUT/${NAME}_bg.opt.wasm" "$OUT/${NAME}_bg.wasm"

step "embed wasm"
node scripts/embed-wasm.mjs "$OUT" >/dev/null

step "esbuild bundles"
rm -rf pkg; mkdir -p pkg
node scripts/bundle.mjs pkg

step "tsc declarations"
"$BIN/tsc" -p tsconfig.build.json || die "tsc -p tsconfig.build.json failed"
if [ -f js/mock.ts ]; then "$BIN/tsc" -p tsconfig.build-mock.json || die "tsc -p tsconfig.build-mock.json failed"; fi

step "finish pkg/"
VERSION="$(cargo metadata --no-deps --format-version 1 --offline 2>/dev/null \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="yjt-sso");if(!p)process.exit(1);console.log(p.version)})')" \
  || die "cannot read the crate version with cargo metadata"
node scripts/finish-pkg.mjs "$VERSION" pkg

step "smoke test"
(cd pkg && node -e 'const m=require("./index.cjs"); if(!Object.keys(m).length) throw new Error("index.cjs exports nothing")') \
  || die "pkg/index.cjs fails to load in Node"
(cd pkg && node --input-type=module -e 'const m=await import("./index.mjs"); if(!Object.keys(m).length) throw new Error("index.mjs exports nothing")') \
  || die "pkg/index.mjs fails to load in Node"

step "npm pack"
mkdir -p build
rm -f build/yjt-sso-*.tgz
pack_json="$(cd pkg && npm pack --json --pack-destination ../build 2>/dev/null)" || die "npm pack failed"
step ""

wasm="$OUT/${NAME}_bg.wasm"
PACK_JSON="$pack_json" RAW="$raw_size" WASM="$wasm" TOTAL_MS=$(( ($(now) - T0) / 1000000 )) node -e '
  const fs = require("fs"), zlib = require("zlib");
  const [p] = JSON.parse(process.env.PACK_JSON);
  const w = fs.readFileSync(process.env.WASM);
  const kb = (n) => (n / 1024).toFixed(1) + " KiB";
  console.log(`built ${p.name}@${p.version} in ${(process.env.TOTAL_MS / 1000).toFixed(1)} s`);
  console.log(`  wasm: ${kb(+process.env.RAW)} from wasm-bindgen -> ${kb(w.length)} after wasm-opt, ${kb(zlib.gzipSync(w, { level: 9 }).length)} gzipped`);
  console.log(`  tarball: build/${p.filename}  ${kb(p.size)} packed, ${kb(p.unpackedSize)} unpacked, ${p.entryCount} files`);
'
