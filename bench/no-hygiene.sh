#!/usr/bin/env bash
# The benchmark's comparison package without memory hygiene (never shipped): the same source and
# build as pkg/, with `--cfg yjt_bench_no_hygiene` (no zeroing allocator, no stack scrub; see
# src/wipe.rs). Writes target/bench-no-hygiene/pkg: pkg/'s JavaScript with that build's wasm.
# Run after scripts/build.sh; prints the package directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=target/bench-no-hygiene
YJT_WASM_ONLY="$out/wasm" YJT_CFG=yjt_bench_no_hygiene bash scripts/build.sh >&2
# The glue must be pkg/'s: the cfg changes what the exports do, not which exist.
cmp -s "$out/wasm/yjt_sso.js" build/wasm/yjt_sso.js || { echo "no-hygiene.sh: the glue differs from build/wasm" >&2; exit 1; }
rm -rf "$out/pkg" && cp -r pkg "$out/pkg"
node -e 'const fs = require("fs"); fs.writeFileSync(process.argv[2], JSON.stringify(fs.readFileSync(process.argv[1]).toString("base64")))' \
  "$out/wasm/yjt_sso_bg.wasm" "$out/pkg/wasm.json"
echo "$out/pkg"
