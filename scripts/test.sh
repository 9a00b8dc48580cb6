#!/usr/bin/env bash
# 全部测试 / every test: Rust host tests, WASM binding tests, the npm package under Node, Deno
# and Bun, type tests, and the end-to-end demo. Installs what it needs (scripts/setup.sh).
# Ends with one summary line: "ALL TESTS PASSED …" or "TESTS FAILED …".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

summary=()
stage=""
trap 'echo; echo "TESTS FAILED in stage: ${stage:-setup} (passed so far: ${summary[*]:-none})"' ERR

count() { # count <regex-with-one-number> <file> : sum of the captured numbers
  grep -Eo "$1" "$2" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}'
}

stage="setup"
bash scripts/setup.sh

stage="rust (cargo test)"
echo "== $stage"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo test --quiet 2>&1 | tee .tmp-rust.log
summary+=("rust $(count 'test result: ok\. [0-9]+ passed' .tmp-rust.log)")

stage="fail-closed build (wasm32 without simd128 must not compile)"
echo "== $stage"
# RUSTFLAGS in the environment replaces the project's +simd128; the crate must refuse to build.
if RUSTFLAGS="-C debuginfo=0" cargo check --quiet --target wasm32-unknown-unknown --lib \
    --target-dir target/failclosed >.tmp-failclosed.log 2>&1; then
  echo "a wasm32 build without simd128 compiled: the table-based SM4 could ship"; false
fi
grep -q "needs \`-C target-feature=+simd128\`" .tmp-failclosed.log \
  || { cat .tmp-failclosed.log; echo "the build failed for another reason"; false; }
summary+=("fail-closed ok")

stage="wasm (wasm-bindgen-test in Node)"
echo "== $stage"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm 2>&1 | tee .tmp-wasm.log
summary+=("wasm $(count 'test result: ok\. [0-9]+ passed' .tmp-wasm.log)")

stage="fuzz smoke (cargo fuzz, every target on its committed corpus, ~5 s each)"
echo "== $stage"
FUZZ_SECONDS="${FUZZ_SECONDS:-5}" bash scripts/fuzz-smoke.sh 2>&1 | tee .tmp-fuzz.log
summary+=("fuzz $(grep -Eo 'fuzz smoke: [0-9]+ targets, [0-9]+ executions, 0 crashes' .tmp-fuzz.log | grep -Eo '[0-9]+ executions')")

stage="build (npm package)"
echo "== $stage"
bash scripts/build.sh >.tmp-build.log 2>&1 || { cat .tmp-build.log; false; }
tail -n 3 .tmp-build.log

stage="install the tarball into a fresh consumer project (.tmp/consumer)"
echo "== $stage"
tgz="$(ls -t build/yjt-sso-*.tgz | head -n 1)"
rm -rf .tmp/consumer && mkdir -p .tmp/consumer
printf '{ "name": "consumer", "private": true, "type": "module" }\n' > .tmp/consumer/package.json
(cd .tmp/consumer && npm install --no-audit --no-fund --silent "$ROOT/$tgz")
export YJT_CONSUMER="$ROOT/.tmp/consumer"

stage="types (tsc)"
echo "== $stage"
tsc -p tsconfig.json
if [ -f tests/types/tsconfig.json ]; then tsc -p tests/types/tsconfig.json; fi
if [ -f tests/types/tsconfig.exact.json ]; then tsc -p tests/types/tsconfig.exact.json; fi
(cd pkg && NO_COLOR=1 deno publish --dry-run --allow-dirty >/dev/null 2>&1) || { echo "deno publish --dry-run failed"; (cd pkg && deno publish --dry-run --allow-dirty); false; }
summary+=("types+jsr ok")

stage="node (node --test)"
echo "== $stage"
node --test --test-reporter=spec tests/node/ 2>&1 | tee .tmp-node.log
summary+=("node $(count '^ℹ pass [0-9]+' .tmp-node.log)")

if compgen -G "tests/deno/*.ts" >/dev/null; then
  stage="deno (deno test)"
  echo "== $stage"
  # From the consumer project, so `npm:yjt-sso` resolves from its node_modules (the tarball).
  (cd "$YJT_CONSUMER" && NO_COLOR=1 deno test --allow-all --no-check=remote --node-modules-dir=manual --no-lock "$ROOT/tests/deno/" 2>&1) | tee .tmp-deno.log
  summary+=("deno $(count 'ok \| [0-9]+ passed' .tmp-deno.log)")
fi

if compgen -G "tests/bun/*.test.*" >/dev/null; then
  stage="bun (bun test)"
  echo "== $stage"
  (cd tests/bun && NO_COLOR=1 bun test 2>&1) | tee .tmp-bun.log
  summary+=("bun $(count '^ *[0-9]+ pass' .tmp-bun.log)")
fi

if [ -f tests/examples/run.sh ]; then
  stage="examples (Express, Fastify, Koa, Hono, Deno.serve, Bun.serve against the mock)"
  echo "== $stage"
  bash tests/examples/run.sh 2>&1 | tee .tmp-examples.log
  summary+=("examples $(count 'examples: [0-9]+ passed' .tmp-examples.log)")
fi

if [ -d tests/multi ]; then
  stage="multi-instance (real Redis)"
  echo "== $stage"
  # 4 Node workers (node-redis, ioredis), a deno serve --parallel pair and the mock, each its own
  # process, on a throwaway redis-server (Debian's; installed when missing).
  bash scripts/redis.sh
  node --test --test-reporter=spec tests/multi/ 2>&1 | tee .tmp-multi.log
  grep -E '^\[multi\] (before|after):' .tmp-multi.log || true
  summary+=("multi $(count '^ℹ pass [0-9]+' .tmp-multi.log)")
fi

if [ -d tests/serve ]; then
  stage="serve (yjt-sso serve: API + OpenAPI, hostile callers, reload/SIGTERM under load, 2 replicas on real Redis, mTLS)"
  echo "== $stage"
  bash scripts/redis.sh
  node --test --test-reporter=spec tests/serve/ 2>&1 | tee .tmp-serve.log
  summary+=("serve $(count '^ℹ pass [0-9]+' .tmp-serve.log)")
fi

if [ -f tests/registry/run.sh ]; then
  stage="registry (Verdaccio: publish the tarball, install yjt-sso by name in Node, Deno and Bun; dependency-confusion guard)"
  echo "== $stage"
  bash tests/registry/run.sh 2>&1 | tee .tmp-registry.log
  summary+=("registry $(count 'registry: [0-9]+ passed' .tmp-registry.log)")
fi

if [ -f tests/serve-clients/run.sh ]; then
  stage="serve-clients (Java, Python and curl clients of yjt-sso serve against the mock; the systemd unit)"
  echo "== $stage"
  bash tests/serve-clients/run.sh 2>&1 | tee .tmp-serve-clients.log
  summary+=("serve-clients $(count 'serve-clients: [0-9]+ passed' .tmp-serve-clients.log)")
fi

if [ -f scripts/demo.sh ]; then
  stage="demo (end-to-end on the mock gateway)"
  echo "== $stage"
  YJT_SKIP_BUILD=1 bash scripts/demo.sh
  summary+=("demo ok")
fi

rm -f .tmp-*.log
trap - ERR
echo
echo "ALL TESTS PASSED: ${summary[*]}"
