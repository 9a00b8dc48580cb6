#!/usr/bin/env bash
# 变异测试 / mutation testing of every host-testable module of src/ (cargo-mutants; the modules
# and test arguments are in .cargo/mutants.toml). Prints caught / missed / unviable / timeout per
# module and exits non-zero if any mutant was missed. Not part of scripts/test.sh: about 30–40
# minutes on 2 cores. Extra arguments go to cargo-mutants, e.g. `--file src/redact.rs` or `-j 2`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

if [ "$(cargo mutants --version 2>/dev/null)" != "cargo-mutants 27.1.0" ]; then
  cargo install cargo-mutants --version 27.1.0 --locked
fi

out="${MUTANTS_OUT:-$ROOT/target/mutants}"
mkdir -p "$out"
status=0
cargo mutants --no-shuffle --output "$out" "$@" || status=$?

node - "$out/mutants.out/outcomes.json" <<'JS'
const { outcomes } = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const kinds = { CaughtMutant: 'caught', MissedMutant: 'missed', Unviable: 'unviable', Timeout: 'timeout' };
const rows = {};
for (const o of outcomes) {
  const m = o.scenario.Mutant;
  if (!m) continue; // the unmutated baseline
  const r = (rows[m.file] ??= { caught: 0, missed: 0, unviable: 0, timeout: 0 });
  r[kinds[o.summary] ?? 'missed']++;
}
const total = { caught: 0, missed: 0, unviable: 0, timeout: 0 };
console.log('module                caught  missed  unviable  timeout');
for (const [file, r] of Object.entries(rows).sort()) {
  for (const k of Object.keys(total)) total[k] += r[k];
  console.log(`${file.padEnd(20)} ${String(r.caught).padStart(7)} ${String(r.missed).padStart(7)} ${String(r.unviable).padStart(9)} ${String(r.timeout).padStart(8)}`);
}
console.log(`${'total'.padEnd(20)} ${String(total.caught).padStart(7)} ${String(total.missed).padStart(7)} ${String(total.unviable).padStart(9)} ${String(total.timeout).padStart(8)}`);
for (const o of outcomes) if (o.summary === 'MissedMutant') console.log(`MISSED ${o.scenario.Mutant.name}`);
JS
exit "$status"
