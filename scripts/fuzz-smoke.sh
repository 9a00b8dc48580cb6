#!/usr/bin/env bash
# Fuzz smoke test: every cargo-fuzz target (fuzz/fuzz_targets/*.rs) replays its committed corpus
# (fuzz/corpus/<target>/) and then fuzzes for a few seconds. Any crash, panic, failed invariant,
# leak, timeout or OOM fails the script; the reproducer is left in fuzz/artifacts/<target>/.
# The committed corpus is read only: new inputs go to a temporary directory.
#
# Installs cargo-fuzz if missing. Works on the stable toolchain: cargo-fuzz needs nightly
# flags (-Zsanitizer), so RUSTC_BOOTSTRAP=1 is set. Ends with one line:
#   fuzz smoke: N targets, M executions, 0 crashes
#
# Env: FUZZ_SECONDS (per target, default 8), FUZZ_TARGETS (space-separated subset).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

SECONDS_PER_TARGET="${FUZZ_SECONDS:-8}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

# max_len per target (bytes of fuzz input); must stay >= the largest committed corpus entry.
max_len() {
  case "$1" in
    key_parse) echo 256 ;;
    sm4_decrypt | sm4_roundtrip) echo 1024 ;;
    verify_headers) echo 2048 ;;
    *) echo 4096 ;;
  esac
}

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for f in fuzz_targets/*.rs; do
    targets+=("$(basename "$f" .rs)")
  done
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== building ${#targets[@]} fuzz targets (first build ≈ 2 min: ASan + every dependency)"
t0=$(date +%s)
if ! cargo fuzz build >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  echo "fuzz smoke: build FAILED"
  exit 1
fi
echo "   built in $(($(date +%s) - t0)) s"
total=0
crashes=0
failed=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "$work/$t"
  log="$work/$t.log"
  set +e
  cargo fuzz run "$t" "$work/$t" "corpus/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 \
    -max_len="$(max_len "$t")" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  execs="$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)"
  execs="${execs:-0}"
  total=$((total + execs))
  corpus_n="$(find "corpus/$t" -type f | wc -l)"
  if [ "$rc" -ne 0 ]; then
    crashes=$((crashes + 1))
    failed+=("$t")
    echo "-- $t: FAILED (exit $rc) after $execs executions:"
    if ! grep -E -A1 'panicked at|^==[0-9]+==ERROR|ERROR: libFuzzer: (timeout|out-of-memory|fuzz target exited)|^SUMMARY:' "$log"; then
      tail -n 40 "$log"
    fi
    grep -Eo 'Test unit written to [^ ]+' "$log" | tail -n 1 || true
  else
    printf -- '-- %-16s ok  %9s executions  (%s corpus entries)\n' "$t" "$execs" "$corpus_n"
  fi
done

echo "fuzz smoke: ${#targets[@]} targets, $total executions, $crashes crashes"
if [ "$crashes" -ne 0 ]; then
  echo "failed targets: ${failed[*]} (reproduce: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <artifact>)"
  exit 1
fi
