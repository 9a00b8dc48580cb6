#!/usr/bin/env bash
# 框架示例测试入口：按需安装 examples/ 依赖，然后运行全部示例测试。
# Entry point of the examples tests: installs examples/ dependencies when missing (npm ci, from
# examples/package-lock.json), then runs every framework example against the mock gateway.
# Ends with `examples: N passed, M failed`; exit code 0 only when nothing failed.
#   bash tests/examples/run.sh [express|fastify|koa|hono|deno|bun|pino|prom|otel ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

if [[ ! -f pkg/index.mjs || ! -f pkg/mock.mjs ]]; then
  echo "tests/examples: pkg/ is not built; run 'bash scripts/build.sh' first" >&2
  exit 1
fi
for bin in deno bun; do
  if [[ ! -x "node_modules/.bin/$bin" ]]; then
    echo "tests/examples: node_modules/.bin/$bin missing; run 'npm ci' at the repository root" >&2
    exit 1
  fi
done

# Idempotent: install only when examples/node_modules is missing or older than the lockfile.
# (yjt-sso is a file:../pkg link, so a rebuilt pkg/ needs no reinstall.)
if [[ ! -d examples/node_modules || examples/package-lock.json -nt examples/node_modules/.package-lock.json ]]; then
  echo "tests/examples: installing examples/ dependencies (npm ci)"
  (cd examples && npm ci --no-audit --no-fund --loglevel=error)
fi

exec node tests/examples/run.mjs "$@"
