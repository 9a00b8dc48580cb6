#!/usr/bin/env bash
# Makes sure Debian's redis-server (and redis-cli) are installed, for the multi-instance tests
# (tests/multi/) and the store bench (bench/store.mjs), which start their own throwaway server on
# a free loopback port (tests/multi/_redis.mjs). Idempotent and quiet when already installed.
#   bash scripts/redis.sh
set -euo pipefail
if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then exit 0; fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "redis.sh: not root and no sudo: install redis-server yourself" >&2; exit 1; }
  sudo="sudo"
fi
command -v apt-get >/dev/null || { echo "redis.sh: no apt-get: install redis-server (>= 6) yourself" >&2; exit 1; }
echo "redis.sh: installing redis-server (apt-get)" >&2
log="$(mktemp)"
if ! { $sudo apt-get install -y -q redis-server >"$log" 2>&1 || { $sudo apt-get update -q >>"$log" 2>&1 && $sudo apt-get install -y -q redis-server >>"$log" 2>&1; }; }; then
  tail -n 30 "$log" >&2; rm -f "$log"
  echo "redis.sh: apt-get install redis-server failed" >&2; exit 1
fi
rm -f "$log"
command -v redis-server >/dev/null || { echo "redis.sh: redis-server still missing after apt-get" >&2; exit 1; }
