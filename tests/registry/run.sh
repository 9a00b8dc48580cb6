#!/usr/bin/env bash
# 私有仓库安装测试：启动真实的 Verdaccio，发布 build/yjt-sso-*.tgz，再在 Node、Deno、Bun 的全新项目中按名字安装，
# 并验证依赖混淆防护（yjt-sso 从不向公共仓库代理）。
# Private-registry install test: starts a real Verdaccio (tests/registry/node_modules, installed with
# `npm ci` when missing) on a free loopback port with a temporary config and storage, publishes the
# release tarball, installs `yjt-sso` BY NAME in fresh Node, Deno and Bun projects and runs an SM4
# vector in each; checks the dependency-confusion guard (no proxy for yjt-sso, so the public registry
# is never asked); also installs the tarball directly as the package README says. The Verdaccio
# `uplinks` / `packages` are taken from the yaml blocks of pkg-template/README.md, so the documented
# recipe is the one tested. Passes without the public registry: yjt-sso needs none, and its only
# dependency, the optional undici (the CLI's proxy support), is skipped when the uplink cannot serve it.
# Ends with `registry: N passed` (or `registry: N passed, M failed`); exit code 0 only when nothing failed.
#   bash tests/registry/run.sh          # YJT_REGISTRY_UPLINK=http://127.0.0.1:9/ simulates an offline uplink
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/registry"
cd "$ROOT"
BIN="$ROOT/node_modules/.bin"
unset NPM_CONFIG_REGISTRY npm_config_registry

TGZ="$(ls -t "$ROOT"/build/yjt-sso-*.tgz 2>/dev/null | head -n 1 || true)"   # as scripts/test.sh picks it
[[ -n "$TGZ" ]] || { echo "tests/registry: build/yjt-sso-*.tgz missing; run 'bash scripts/build.sh' first" >&2; exit 1; }
VERSION="$(basename "$TGZ" .tgz)"; VERSION="${VERSION#yjt-sso-}"
for b in deno bun; do
  [[ -x "$BIN/$b" ]] || { echo "tests/registry: $BIN/$b missing; run 'npm ci' at the repository root" >&2; exit 1; }
done

# Idempotent: install Verdaccio only when missing or older than the lockfile.
if [[ ! -x "$HERE/node_modules/.bin/verdaccio" || "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]]; then
  echo "tests/registry: installing Verdaccio (npm ci in tests/registry)"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/yjt-registry.XXXXXX")"
VPID=""
cleanup() {
  if [[ -n "$VPID" ]] && kill -0 "$VPID" 2>/dev/null; then
    kill "$VPID" 2>/dev/null || true
    wait "$VPID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "  ok   $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL $1"; [[ -f "$TMP/out" ]] && sed 's/^/       | /' "$TMP/out" | tail -n 40; return 0; }
# check <name> <function> [args]: runs the function in `bash -e` (output captured, shown on failure);
# `timeout` kills its whole process group after 90 s.
check() {
  local name="$1"; shift
  [[ "$(type -t "$1")" == function ]] && export -f "$1"
  local t0=$SECONDS
  if timeout 90 bash -xec '"$@"' check "$@" >"$TMP/out" 2>&1; then ok "$name ($((SECONDS - t0)) s)"; else fail "$name ($((SECONDS - t0)) s)"; fi
}

KEY="A7E2D00B4058086CBD3D4B8A5E0B2697"
WANT="0a504c329ff631c16bd487b2fdc3489f"   # encryptEcb(KEY, "小明"), as in tests/deno and tests/bun
UPLINK="${YJT_REGISTRY_UPLINK:-https://registry.npmjs.org/}"
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
REG="http://127.0.0.1:$PORT/"
mkdir -p "$TMP/home" "$TMP/storage"
: >"$TMP/empty.npmrc"
# Every npm / Deno / Bun below sees only the temporary configuration and caches.
export NPM_CONFIG_USERCONFIG="$TMP/empty.npmrc" NPM_CONFIG_CACHE="$TMP/npm-cache" NPM_CONFIG_UPDATE_NOTIFIER=false
export NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_FETCH_RETRIES=0   # no 10-60 s back-off offline
export DENO_DIR="$TMP/deno-dir" BUN_INSTALL_CACHE_DIR="$TMP/bun-cache" NO_COLOR=1 DENO_NO_UPDATE_CHECK=1

export ROOT HERE BIN VERSION TGZ TMP REG UPLINK KEY WANT
echo "== registry: Verdaccio on $REG (uplink $UPLINK), $(basename "$TGZ")"

# --- 1. The Verdaccio config: uplinks + packages from the README's yaml blocks, plus a decoy.
config_from_readme() {
  NODE_PATH="$HERE/node_modules" node - "$ROOT/pkg-template/README.md" "$TMP" "$UPLINK" "$VERSION" <<'EOF'
const fs = require('fs'), yaml = require('js-yaml'), assert = require('assert');
const [readmePath, tmp, uplink, version] = process.argv.slice(2);
const readme = fs.readFileSync(readmePath, 'utf8');
const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => yaml.load(m[1])).filter((c) => c && c.packages);
assert.equal(blocks.length, 2, 'one Verdaccio yaml block in each language');
assert.deepEqual(blocks[0], blocks[1], 'the Chinese and English Verdaccio configs differ');
const c = blocks[0];
const names = Object.keys(c.packages);
assert.ok(names.includes('yjt-sso') && names.includes('**'), `packages: ${names}`);
assert.ok(names.indexOf('yjt-sso') < names.indexOf('**'), "yjt-sso must come before '**' (first match wins)");
assert.equal(c.packages['yjt-sso'].proxy, undefined, 'the guard: no proxy for yjt-sso');
assert.equal(c.packages['**'].proxy, 'npmjs');
assert.equal(c.uplinks.npmjs.url, 'https://registry.npmjs.org/');
for (const s of [`npm install ./yjt-sso-${version}.tgz`, `bun add ./yjt-sso-${version}.tgz`, `npm publish ./yjt-sso-${version}.tgz`]) {
  assert.equal(readme.split(s).length - 1, 2, `README names "${s}" once per language (version ${version})`);
}
// Test-only decoy: a name that IS on the public registry, under the same rule as yjt-sso.
const packages = { 'is-number': { ...c.packages['yjt-sso'] }, ...c.packages };
const config = {
  storage: `${tmp}/storage`,
  auth: { htpasswd: { file: `${tmp}/htpasswd`, max_users: 10 } },
  uplinks: { npmjs: { ...c.uplinks.npmjs, url: uplink, timeout: '10s', max_fails: 1, fail_timeout: '5m' } },
  packages,
  web: { enable: false },
  log: { type: 'stdout', format: 'pretty', level: 'http' }, // 'http' logs every uplink request
};
fs.writeFileSync(`${tmp}/config.yaml`, yaml.dump(config));
// Read back what Verdaccio will load.
const back = yaml.load(fs.readFileSync(`${tmp}/config.yaml`, 'utf8'));
assert.equal(back.packages['yjt-sso'].proxy, undefined);
assert.equal(Object.keys(back.packages).at(-1), '**');
EOF
}
check "README: Verdaccio config has no proxy for yjt-sso, before '**'; tarball names match $VERSION" config_from_readme
[[ -f "$TMP/config.yaml" ]] || { echo "registry: $passed passed, $((failed + 1)) failed (no config)"; exit 1; }

# --- 2. Start Verdaccio and wait until it answers.
node "$HERE/node_modules/verdaccio/bin/verdaccio" --config "$TMP/config.yaml" --listen "127.0.0.1:$PORT" >"$TMP/verdaccio.log" 2>&1 &
VPID=$!
for _ in $(seq 1 150); do
  curl -fsS "${REG}-/ping" >/dev/null 2>&1 && break
  kill -0 "$VPID" 2>/dev/null || { cat "$TMP/verdaccio.log"; echo "registry: Verdaccio exited"; echo "registry: $passed passed, $((failed + 1)) failed"; exit 1; }
  sleep 0.2
done
curl -fsS "${REG}-/ping" >/dev/null || { cat "$TMP/verdaccio.log"; echo "registry: $passed passed, $((failed + 1)) failed (Verdaccio did not answer)"; exit 1; }

# --- 3. A user and its token (htpasswd: PUT /-/user/org.couchdb.user:NAME creates it and returns a token).
TOKEN="$(curl -fsS -X PUT -H 'content-type: application/json' \
  -d '{"name":"ci","password":"registry-test-'"$RANDOM$RANDOM"'"}' "${REG}-/user/org.couchdb.user:ci" \
  | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).token || "")')"
[[ -n "$TOKEN" ]] || { echo "registry: no token from Verdaccio"; echo "registry: $passed passed, $((failed + 1)) failed"; exit 1; }
export YJT_NPM_TOKEN="$TOKEN"
HOSTPART="${REG#http:}"   # //127.0.0.1:PORT/
# The README's .npmrc, with the token taken from the environment.
printf 'registry=%s\n%s:_authToken=${YJT_NPM_TOKEN}\n' "$REG" "$HOSTPART" >"$TMP/project.npmrc"
printf '%s:_authToken=${YJT_NPM_TOKEN}\n' "$HOSTPART" >"$TMP/token-only.npmrc"
ok "Verdaccio up on $REG, token issued"
export TOKEN
uplink_status() { curl -sS -o /dev/null -w '%{http_code}' -H "authorization: Bearer $TOKEN" "${REG}$1" || true; }
export -f uplink_status
# Can Verdaccio reach the public registry? (is-odd: a small public package, proxied by '**')
UPLINK_OK=0; [[ "$(uplink_status is-odd)" == 200 ]] && UPLINK_OK=1
((UPLINK_OK)) || echo "  note the uplink ($UPLINK) is unreachable: checks that need the optional undici through it are skipped"

publish() { (cd "$TMP" && npm publish "$TGZ" --registry "$REG" --userconfig "$TMP/token-only.npmrc"); }
check "npm publish $(basename "$TGZ") to Verdaccio" publish

# --- 4. Install by name in fresh projects.
SCRIPT="import { encryptEcb } from 'yjt-sso'; const r = encryptEcb('$KEY', '小明'); if (r !== '$WANT') throw new Error('SM4 vector: ' + r); console.log('vector ok');"
resolved_here() { # resolved_here <lockfile>: every yjt-sso tarball in the lockfile comes from Verdaccio
  grep -q "${REG}yjt-sso/-/yjt-sso-$VERSION.tgz" "$1" && ! grep -q 'registry.npmjs.org/yjt-sso' "$1"
}
newproj() { rm -rf "$TMP/$1" && mkdir -p "$TMP/$1" && printf '{ "name": "%s", "private": true, "type": "module" }\n' "$1" >"$TMP/$1/package.json"; }
export SCRIPT; export -f resolved_here newproj

node_by_name() {
  newproj node && cd "$TMP/node" && cp "$TMP/project.npmrc" .npmrc
  npm install yjt-sso --loglevel=error
  node --input-type=module -e "$SCRIPT"
  resolved_here package-lock.json
  grep -qF "\"yjt-sso\":\"^$VERSION\"" <(tr -d ' \n' <package.json)
}
check "node: npm install yjt-sso (.npmrc registry + token) → SM4 vector" node_by_name

deno_by_name() {
  rm -rf "$TMP/deno" && mkdir -p "$TMP/deno" && cd "$TMP/deno" && cp "$TMP/project.npmrc" .npmrc
  echo '{ "minimumDependencyAge": { "exclude": ["npm:yjt-sso"] } }' >deno.json
  printf '%s\n' "${SCRIPT//\'yjt-sso\'/\'npm:yjt-sso\'}" >main.mjs
  HOME="$TMP/home" "$BIN/deno" run --allow-read --allow-env main.mjs
  resolved_here deno.lock
}
# Deno 2.9 resolves optional dependencies too and fails when one is missing ("npm package 'undici'
# does not exist"), so `npm:yjt-sso` straight from the registry needs undici there (the uplink).
if ((UPLINK_OK)); then
  check "deno: npm:yjt-sso (deno.json + .npmrc, minimumDependencyAge exclude) → SM4 vector" deno_by_name
fi
deno_manual_by_name() { # npm installs by name (skips an unavailable optional undici), Deno uses node_modules
  newproj deno-manual && cd "$TMP/deno-manual" && cp "$TMP/project.npmrc" .npmrc
  npm install yjt-sso --loglevel=error
  echo '{ "nodeModulesDir": "manual" }' >deno.json
  printf '%s\n' "${SCRIPT//\'yjt-sso\'/\'npm:yjt-sso\'}" >main.mjs
  HOME="$TMP/home" DENO_DIR="$TMP/deno-dir-manual" "$BIN/deno" run --allow-read --allow-env main.mjs
  resolved_here package-lock.json
}
check "deno: npm install yjt-sso by name, then npm:yjt-sso with nodeModulesDir manual → SM4 vector" deno_manual_by_name

deno_env_registry() { # NPM_CONFIG_REGISTRY instead of registry=; the token in ~/.npmrc
  rm -rf "$TMP/deno-env" "$TMP/home-env" && mkdir -p "$TMP/deno-env" "$TMP/home-env" && cd "$TMP/deno-env"
  cp "$TMP/token-only.npmrc" "$TMP/home-env/.npmrc"
  echo '{ "minimumDependencyAge": { "exclude": ["npm:yjt-sso"] } }' >deno.json
  printf '%s\n' "${SCRIPT//\'yjt-sso\'/\'npm:yjt-sso\'}" >main.mjs
  HOME="$TMP/home-env" NPM_CONFIG_REGISTRY="$REG" DENO_DIR="$TMP/deno-dir-env" "$BIN/deno" run --allow-read --allow-env main.mjs
  resolved_here deno.lock
}
if ((UPLINK_OK)); then
  check "deno: npm:yjt-sso with NPM_CONFIG_REGISTRY (token in ~/.npmrc) → SM4 vector" deno_env_registry
fi

# The README's deno.json line: Deno 2.9 refuses a version published less than a day ago by default.
deno_age_default() {
  rm -rf "$TMP/deno-age" && mkdir -p "$TMP/deno-age" && cd "$TMP/deno-age" && cp "$TMP/project.npmrc" .npmrc
  echo '{}' >deno.json
  printf '%s\n' "${SCRIPT//\'yjt-sso\'/\'npm:yjt-sso\'}" >main.mjs
  if HOME="$TMP/home" DENO_DIR="$TMP/deno-dir-age" "$BIN/deno" run --allow-read --allow-env main.mjs >deno.out 2>&1; then
    cat deno.out
    echo "this Deno used a fresh version without minimumDependencyAge: update the README's note"; false
  fi
  cat deno.out
  grep -q 'minimum dependency date' deno.out
}
if ((UPLINK_OK)); then
  check "deno: without minimumDependencyAge a fresh yjt-sso is refused (the README's note holds)" deno_age_default
fi

bun_bunfig() {
  newproj bun && cd "$TMP/bun"
  printf '[install]\nregistry = { url = "%s", token = "$YJT_NPM_TOKEN" }\n' "$REG" >bunfig.toml
  HOME="$TMP/home" "$BIN/bun" add yjt-sso
  "$BIN/bun" -e "$SCRIPT"
  resolved_here bun.lock
}
check "bun: bun add yjt-sso (bunfig.toml registry + token) → SM4 vector" bun_bunfig

bun_npmrc() {
  newproj bun-npmrc && cd "$TMP/bun-npmrc" && cp "$TMP/project.npmrc" .npmrc
  HOME="$TMP/home" BUN_INSTALL_CACHE_DIR="$TMP/bun-cache-2" "$BIN/bun" add yjt-sso
  "$BIN/bun" -e "$SCRIPT"
  resolved_here bun.lock
}
check "bun: bun add yjt-sso (.npmrc registry + token) → SM4 vector" bun_npmrc

# --- 5. The dependency-confusion guard.
guard_versions() {
  # The packument lists exactly what was published here, nothing from an uplink.
  curl -fsS -H "authorization: Bearer $TOKEN" "${REG}yjt-sso" | node -e '
    const p = JSON.parse(require("fs").readFileSync(0, "utf8")), [reg, v] = process.argv.slice(1);
    const vs = Object.keys(p.versions);
    if (vs.length !== 1 || vs[0] !== v) throw new Error("versions: " + vs);
    for (const x of Object.values(p.versions)) if (!x.dist.tarball.startsWith(reg)) throw new Error("tarball elsewhere: " + x.dist.tarball);
    if (p._uplinks && Object.keys(p._uplinks).length) throw new Error("fetched from uplinks: " + Object.keys(p._uplinks));
    console.log("packument versions", vs);' "$REG" "$VERSION"
  cd "$TMP/node"
  npm view yjt-sso versions --json | node -e '
    const vs = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
    console.log("npm view versions", vs);
    if (vs.join() !== process.argv[1]) throw new Error("npm view yjt-sso versions: " + vs);' "$VERSION"
  # A version not published here is "not found", never looked up on the public registry.
  local s; s="$(uplink_status yjt-sso/99.0.0)"; echo "yjt-sso/99.0.0 → HTTP $s"; [[ "$s" == 404 ]]
  if npm install yjt-sso@99.0.0 --dry-run --loglevel=error; then echo "yjt-sso@99.0.0 resolved"; false; fi
  # Verdaccio logs every uplink request at level http: none for yjt-sso.
  if grep -F "${UPLINK}yjt-sso" "$TMP/verdaccio.log"; then echo "Verdaccio asked the uplink for yjt-sso"; false; fi
}
check "guard: yjt-sso serves only the published $VERSION; a missing version is 404, the uplink never asked" guard_versions

if ((UPLINK_OK)); then
  control() {
    for _ in 1 2 3 4 5 6 7 8 9 10; do grep -qF "${UPLINK}is-odd" "$TMP/verdaccio.log" && break; sleep 0.3; done
    grep -qF "${UPLINK}is-odd" "$TMP/verdaccio.log"   # the log does show uplink requests
    local s; s="$(uplink_status is-number)"; echo "is-number → HTTP $s"; [[ "$s" == 404 ]]
    if grep -F "${UPLINK}is-number" "$TMP/verdaccio.log"; then echo "Verdaccio asked the uplink for is-number"; false; fi
  }
  check "guard control: '**' proxies is-odd; is-number (on npmjs, same no-proxy rule as yjt-sso) is 404, never asked" control
fi

# --- 6. The README's other route: the release tarball itself, no registry.
tarball_node() {
  newproj tgz && cd "$TMP/tgz" && cp "$TGZ" . && cp "$TMP/empty.npmrc" .npmrc
  npm install "./yjt-sso-$VERSION.tgz" --registry http://127.0.0.1:9/ --loglevel=error
  grep -qF "\"yjt-sso\":\"file:yjt-sso-$VERSION.tgz\"" <(tr -d ' \n' <package.json)
  node --input-type=module -e "$SCRIPT"
  echo '{ "nodeModulesDir": "manual" }' >deno.json
  printf '%s\n' "${SCRIPT//\'yjt-sso\'/\'npm:yjt-sso\'}" >main.mjs
  HOME="$TMP/home" NPM_CONFIG_REGISTRY=http://127.0.0.1:9/ DENO_DIR="$TMP/deno-dir-tgz" "$BIN/deno" run --allow-read --allow-env main.mjs
}
check "tarball: npm install ./yjt-sso-$VERSION.tgz, then Node and Deno (nodeModulesDir manual); registry unreachable, optional undici skipped" tarball_node

tarball_bun() {
  newproj tgz-bun && cd "$TMP/tgz-bun" && cp "$TGZ" .
  printf '[install]\nregistry = "http://127.0.0.1:9/"\n' >bunfig.toml
  HOME="$TMP/home" BUN_INSTALL_CACHE_DIR="$TMP/bun-cache-tgz" "$BIN/bun" add "./yjt-sso-$VERSION.tgz"
  "$BIN/bun" -e "$SCRIPT"
}
check "tarball: bun add ./yjt-sso-$VERSION.tgz; registry unreachable, optional undici skipped" tarball_bun

if ((failed)); then
  echo "--- verdaccio log"; tail -n 30 "$TMP/verdaccio.log"
  echo "registry: $passed passed, $failed failed"
  exit 1
fi
echo "registry: $passed passed"
