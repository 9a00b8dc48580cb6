#!/usr/bin/env bash
# Idempotent toolchain setup for building yjt-sso (Rust -> wasm32 -> npm package).
#
#   bash scripts/setup.sh
#
# Installs only what is missing:
#   - the rustup target wasm32-unknown-unknown
#   - wasm-bindgen-cli at exactly the wasm-bindgen version locked in Cargo.lock
#     (also provides wasm-bindgen-test-runner for the wasm tests)
#   - node_modules (npm ci; npm install when there is no lockfile or package.json changed)
# Quiet when everything is already there; prints what it installs and fails loudly.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

die() { echo "setup.sh: error: $*" >&2; exit 1; }
say() { echo "setup.sh: $*" >&2; }

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
command -v node >/dev/null || die "node not found: install Node.js >= 20"
command -v npm >/dev/null || die "npm not found"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js >= 20 required (found $(node --version))"

# --- 1. wasm32 target -------------------------------------------------------------
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  command -v rustup >/dev/null || die "rustup not found; cannot add the wasm32-unknown-unknown target"
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown >/dev/null 2>&1 \
    || die "rustup target add wasm32-unknown-unknown failed"
fi
# std's source, rebuilt for size by scripts/build.sh (-Z build-std).
if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  say "adding rustup component rust-src"
  rustup component add rust-src >/dev/null 2>&1 || die "rustup component add rust-src failed"
fi

# --- 2. wasm-bindgen-cli pinned to Cargo.lock ---------------------------------------
if [ ! -f Cargo.lock ]; then
  say "Cargo.lock missing: generating it"
  cargo generate-lockfile -q || die "cargo generate-lockfile failed"
fi
wb_version="$(awk '
  /^\[\[package\]\]/ { inpkg = 1; name = ""; next }
  inpkg && /^name = / { gsub(/"/, "", $3); name = $3; next }
  inpkg && /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
[ -n "$wb_version" ] || die "could not find the wasm-bindgen version in Cargo.lock"

have_wb=""
if command -v wasm-bindgen >/dev/null; then
  have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
fi
if [ "$have_wb" != "$wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (found: ${have_wb:-none}); this takes a few minutes"
  # No --locked: the CLI's own lockfile wants crate versions that some registry mirrors lack.
  log="$(mktemp)"
  if ! cargo install wasm-bindgen-cli --version "=$wb_version" --force >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    die "cargo install wasm-bindgen-cli --version $wb_version failed"
  fi
  rm -f "$log"
  got="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
  [ "$got" = "$wb_version" ] || die "wasm-bindgen on PATH is '$got' after installing $wb_version (check PATH order)"
fi

# --- 3. node_modules ----------------------------------------------------------------
stamp="node_modules/.package-lock.json"   # written by npm on every ci/install
need_npm=""
if [ ! -d node_modules ] || [ ! -f "$stamp" ]; then
  need_npm="missing"
elif [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; then
  need_npm="lockfile changed"
elif [ package.json -nt "$stamp" ]; then
  need_npm="package.json changed"
fi
if [ -n "$need_npm" ]; then
  log="$(mktemp)"
  if [ -f package-lock.json ] && [ ! package.json -nt package-lock.json ]; then
    say "npm ci ($need_npm)"
    cmd=(npm ci --no-audit --no-fund)
  else
    say "npm install ($need_npm)"
    cmd=(npm install --no-audit --no-fund)
  fi
  if ! "${cmd[@]}" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    die "${cmd[*]} failed"
  fi
  rm -f "$log"
  touch "$stamp"
fi

for bin in tsdown tsc wasm-opt; do
  [ -x "node_modules/.bin/$bin" ] || die "node_modules/.bin/$bin missing: check devDependencies in package.json"
done
