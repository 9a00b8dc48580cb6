#!/usr/bin/env bash
# 基准 / benchmark: yjt-sso side by side with node:crypto, sm-crypto, sm-crypto-v2 and gm-crypto
# in one process (bench/run.mjs), as ratios; writes bench/results-node.json. Also times the
# Rust core natively (cargo bench), our SM4 under Deno and Bun (no OpenSSL sm4 there), the shared
# store's cost and what `yjt-sso serve` adds over the in-process client.
#   bash scripts/bench.sh [--quick]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/build.sh >/dev/null
if [ ! -d bench/node_modules ] || [ bench/package-lock.json -nt bench/node_modules ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
# The same package without memory hygiene, measured beside it (what hygiene costs).
NOHYGIENE_PKGDIR="$ROOT/$(bash bench/no-hygiene.sh 2>/dev/null)" node bench/run.mjs --json bench/results-node.json "$@"
echo
echo "== our SM4 in other runtimes (bulk 1 MiB encrypt, MiB/s; node:crypto has no sm4-ecb there)"
for rt in deno bun; do
  bin="node_modules/.bin/$rt"
  [ -x "$bin" ] || continue
  args=(); [ "$rt" = deno ] && args=(run -A --no-lock)
  "$bin" "${args[@]}" bench/runtime.mjs "$rt" || echo "$rt: skipped"
done
echo
echo "== Rust core on the host (cargo bench)"
cargo bench --quiet --bench core 2>/dev/null | grep -E 'bench:' || true
echo
echo "== shared store: added latency per exchange (nodeRedisStore on a loopback redis-server vs no store)"
bash scripts/redis.sh
store_args=(); for a in "$@"; do [ "$a" = --quick ] && store_args+=(--quick); done
node bench/store.mjs "${store_args[@]}"
echo
echo "== yjt-sso serve: latency added over the in-process YjtClient (200 concurrent callers, mock in its own process)"
serve_args=(); for a in "$@"; do [ "$a" = --quick ] && serve_args+=(--quick); done
node bench/serve.mjs "${serve_args[@]}"
