#!/usr/bin/env bash
# 主任务 / the main job: the end-to-end SSO demo on the built-in mock gateway (127.0.0.1).
# Installs and builds what it needs (idempotent), then runs examples/demo.mjs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "${YJT_SKIP_BUILD:-}" != 1 ]; then
  bash scripts/build.sh >/dev/null
fi
node examples/demo.mjs
