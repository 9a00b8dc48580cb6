#!/usr/bin/env bash
# yjt-sso serve 的客户端测试：模拟网关 + yjt-sso serve，然后跑 Java、Python、curl 客户端与部署文件检查。
# The clients of `yjt-sso serve`, end to end: starts the mock gateway and `yjt-sso serve` (from the
# installed package in .tmp/consumer, with the command line of deploy/yjt-sso.service and a
# serve.json built from deploy/serve.example.json), plants users, then runs the Java, Python and
# curl clients (success, a used code, a bad token, …), checks the service's log for codes, tokens,
# secrets and PII, reloads it with SIGHUP, and verifies the systemd unit. Installs missing Debian
# packages (openjdk-17-jdk-headless, libjackson2-databind-java). Prints a masked transcript and
# ends with `serve-clients: N passed, M failed`; exit code 0 only when nothing failed.
#   bash tests/serve-clients/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HERE="$ROOT/tests/serve-clients"
CONSUMER="${YJT_CONSUMER:-$ROOT/.tmp/consumer}"
PKG="$CONSUMER/node_modules/yjt-sso"
CLI=(node "$PKG/cli.mjs")

if [[ ! -f "$PKG/cli.mjs" ]]; then
  echo "tests/serve-clients: $PKG is not installed; run the package build first" >&2
  exit 1
fi

# ---- prerequisites (idempotent) -------------------------------------------------------------
apt_install() {
  echo "tests/serve-clients: installing $* (apt-get)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}
if ! command -v javac >/dev/null || ! javac -version 2>&1 | grep -Eq '^javac (1[7-9]|[2-9][0-9])'; then
  apt_install openjdk-17-jdk-headless
fi
[[ -f /usr/share/java/jackson-databind.jar ]] || apt_install libjackson2-databind-java
for tool in python3 curl sha256sum openssl; do
  command -v "$tool" >/dev/null || { echo "tests/serve-clients: $tool is missing" >&2; exit 1; }
done
JCP=/usr/share/java/jackson-databind.jar:/usr/share/java/jackson-core.jar:/usr/share/java/jackson-annotations.jar

# ---- bookkeeping ------------------------------------------------------------------------------
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
say() { echo "  | $*"; }

# Waits (≤ 20 s) until FILE has a line matching REGEX; prints the first match.
wait_line() {
  local file="$1" re="$2" pid="$3"
  for _ in $(seq 1 200); do
    if grep -Eq "$re" "$file" 2>/dev/null; then grep -Em1 "$re" "$file"; return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "tests/serve-clients: no line matching /$re/ in $file:" >&2
  cat "$file" >&2
  return 1
}

# ---- the mock gateway (demo credentials) ------------------------------------------------------
"${CLI[@]}" mock-gateway --port 0 >"$WORK/mock.log" 2>&1 &
PIDS+=($!)
MOCK_BASE="$(wait_line "$WORK/mock.log" 'listening: http' "${PIDS[-1]}" | grep -Eo 'http://[^ ]+')"
MOCK_ORIGIN="${MOCK_BASE%%/data_center*}"
DEMO_USER_ID="$(grep -Eo '^  [0-9]+ \(' "$WORK/mock.log" | head -n1 | grep -Eo '[0-9]+')"

# Demo credentials, handed to the service as files (the way LoadCredential= does).
CRED="$WORK/credentials"
mkdir -m 0700 "$CRED"
printf 'A7E2D00B4058086CBD3D4B8A5E0B2697\n' >"$CRED/hospital-a-appKey"
printf 'demo-paas-token\n' >"$CRED/hospital-a-paasToken"
printf 'demo-app-secret\n' >"$CRED/hospital-a-appSecret"

# One fake user per client, planted in the mock; a code is issued for each exchange.
users() {
  python3 - "$WORK" <<'EOF'
import json, sys
work = sys.argv[1]
for i, (who, name, g) in enumerate((("java", "林嘉文", 1), ("python", "黄佩珊", 2), ("curl", "欧阳志远", 1)), start=1):
    user = {"userId": f"202599000000000{i}", "name": name, "phone": f"1390000{i:04d}",
            "certificateNo": f"44010619900101{i:03d}X", "certificateType": "01",
            "healthCardNo": f"4401000000000{i:04d}", "gender": g, "nation": "01", "channel": "1"}
    with open(f"{work}/user-{who}.json", "w", encoding="utf-8") as f:
        json.dump(user, f, ensure_ascii=False)
EOF
}
users
issue() { # issue <who> : a fresh code for that client's user
  curl -sS --noproxy '*' -X POST "$MOCK_ORIGIN/__mock/codes" -H 'content-type: application/json' \
    --data-binary @"$WORK/user-$1.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])' | tee -a "$WORK/codes"
}

# ---- yjt-sso serve: serve.json from the deploy example, command line from the systemd unit -----
TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
MASKED_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
python3 - "$ROOT/deploy/serve.example.json" "$WORK/serve.json" "$CRED" "$MOCK_BASE" "$(sha "$TOKEN")" "$(sha "$MASKED_TOKEN")" <<'EOF'
import copy, json, sys
src, dst, cred, base, h1, h2 = sys.argv[1:]
text = open(src, encoding="utf-8").read().replace("/run/credentials/yjt-sso.service", cred)
conf = json.loads(text)
conf["listen"]["port"] = 0
a = conf["tenants"][0]
a["tokenSha256"] = [h1]
a["client"].update(env="test", appCode="DEMO000001", paasId="demo-paas-id", baseUrl=base)
a["call"]["allow"] = [{"command": "02"}]
b = copy.deepcopy(a)
b.update(id="hospital-a-masked", tokenSha256=[h2], exchange={"mask": ["name", "phone", "certificateNo", "healthCardNo"]})
conf["tenants"].append(b)
json.dump(conf, open(dst, "w", encoding="utf-8"), indent=2)
EOF

# ExecStart= of deploy/yjt-sso.service, with the install paths mapped to this test's.
EXEC="$(sed -n 's/^ExecStart=//p' deploy/yjt-sso.service)"
EXEC="${EXEC//\/opt\/yjt-sso\/node_modules\/yjt-sso/$PKG}"
EXEC="${EXEC//\/etc\/yjt-sso\/serve.json/$WORK/serve.json}"
read -r -a EXEC_ARGV <<<"$EXEC"
"${EXEC_ARGV[@]}" >"$WORK/serve.log" 2>"$WORK/serve.err" &
SERVE_PID=$!
PIDS+=("$SERVE_PID")
SERVE_URL="$(wait_line "$WORK/serve.log" '"msg":"listening"' "$SERVE_PID" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["url"])')"

# A server that never answers (and answers 307 under /redirect), and a closed port.
python3 "$HERE/odd_server.py" >"$WORK/odd.port" &
PIDS+=($!)
ODD_PORT="$(wait_line "$WORK/odd.port" '^[0-9]+$' "${PIDS[-1]}")"
REFUSED_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

# A second instance with mTLS only: a test CA, the server's certificate for 127.0.0.1, and a client
# certificate whose SHA-256 fingerprint selects the tenant (no bearer token).
PKI="$WORK/pki"
mkdir "$PKI"
cert() { # cert <name> <extendedKeyUsage> : a P-256 key and a certificate for 127.0.0.1 signed by the test CA
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/$1.key" -out "$PKI/$1.csr" -subj "/CN=$1" 2>/dev/null
  openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 2 -out "$PKI/$1.crt" \
    -extfile <(printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=%s\n' "$2") 2>/dev/null
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -days 2 -subj "/CN=yjt-sso test CA" 2>/dev/null
cert server serverAuth
cert client clientAuth
openssl pkcs12 -export -in "$PKI/client.crt" -inkey "$PKI/client.key" -out "$PKI/client.p12" -passout pass:changeit
FINGERPRINT="$(openssl x509 -in "$PKI/client.crt" -noout -fingerprint -sha256 | cut -d= -f2)"
python3 - "$WORK/serve.json" "$WORK/serve-mtls.json" "$PKI" "$FINGERPRINT" <<'EOF'
import json, sys
src, dst, pki, fp = sys.argv[1:]
conf = json.load(open(src))
t = conf["tenants"][0]
conf["tls"] = {"certFile": f"{pki}/server.crt", "keyFile": f"{pki}/server.key", "clientCaFile": f"{pki}/ca.crt"}
conf["tenants"] = [{"id": "his-mtls", "clientCertFingerprint256": [fp], "client": t["client"]}]
json.dump(conf, open(dst, "w"), indent=2)
EOF
"${CLI[@]}" serve --config "$WORK/serve-mtls.json" >"$WORK/serve-mtls.log" 2>&1 &
PIDS+=($!)
MTLS_URL="$(wait_line "$WORK/serve-mtls.log" '"msg":"listening"' "${PIDS[-1]}" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["url"])')"

echo "serve-clients: mock gateway $MOCK_ORIGIN, yjt-sso serve $SERVE_URL (pid $SERVE_PID), with mTLS $MTLS_URL"

client_env() { # client_env <who> : the env vars of a client's test driver
  printf '%s\n' "SSO_URL=$SERVE_URL" "SSO_TOKEN=$TOKEN" "SSO_MASKED_TOKEN=$MASKED_TOKEN" \
    "SSO_CODE=$(issue "$1")" "SSO_MASKED_CODE=$(issue "$1")" "SSO_USER_FILE=$WORK/user-$1.json" \
    "SSO_DEMO_USER_ID=$DEMO_USER_ID" "SSO_HANG_URL=http://127.0.0.1:$ODD_PORT" \
    "SSO_REDIRECT_URL=http://127.0.0.1:$ODD_PORT/redirect" "SSO_REFUSED_URL=http://127.0.0.1:$REFUSED_PORT" \
    "SSO_MTLS_URL=$MTLS_URL" "SSO_MTLS_CODE=$(issue "$1")" "SSO_MTLS_CA=$PKI/ca.crt" "SSO_MTLS_P12=$PKI/client.p12" \
    "SSO_MTLS_CERT=$PKI/client.crt" "SSO_MTLS_KEY=$PKI/client.key"
}
run_driver() { # run_driver <who> <command…> : runs a driver, counts its ok/FAIL lines
  local who="$1"; shift
  mapfile -t vars < <(client_env "$who")
  echo "== $who client"
  env "${vars[@]}" "$@" >"$WORK/$who.out" 2>&1 || true
  cat "$WORK/$who.out"
  passed=$((passed + $(grep -c '^ok ' "$WORK/$who.out" || true)))
  failed=$((failed + $(grep -c '^FAIL ' "$WORK/$who.out" || true)))
  grep -Eq "^$who: [0-9]+ passed, 0 failed$" "$WORK/$who.out" || fail "$who: the driver did not finish cleanly"
}

# ---- Java ---------------------------------------------------------------------------------------
mkdir -p "$WORK/classes"
if javac -Xlint:all -Werror -encoding UTF-8 -d "$WORK/classes" -cp "$JCP" \
    clients/java/YjtSsoClient.java "$HERE/YjtSsoClientTest.java" 2>"$WORK/javac.log"; then
  ok "java: clients/java/YjtSsoClient.java compiles with javac -Xlint:all -Werror ($(javac -version 2>&1))"
else
  cat "$WORK/javac.log"; fail "java: javac"
fi
run_driver java java -cp "$WORK/classes:$JCP" YjtSsoClientTest

# ---- Python -------------------------------------------------------------------------------------
run_driver python python3 "$HERE/python_client_test.py"

# ---- curl ---------------------------------------------------------------------------------------
echo "== curl client (clients/curl/exchange.sh)"
printf '%s\n' "$TOKEN" >"$WORK/token"
chmod 600 "$WORK/token"
exchange_sh() { # exchange_sh <out> <args…> : runs the example, echoes its exit code
  local out="$1"; shift
  local rc=0
  YJT_SSO_URL="${URL_OVERRIDE:-$SERVE_URL}" YJT_SSO_TOKEN_FILE="${TOKEN_FILE:-$WORK/token}" \
    bash clients/curl/exchange.sh "$@" >"$out" 2>"$out.err" || rc=$?
  echo "$rc"
}
field_eq() { # field_eq <json file> <python expression over j> : exit 0 when true
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); u=json.load(open(sys.argv[2])); sys.exit(0 if ($2) else 1)" "$1" "$WORK/user-curl.json"
}
CURL_CODE="$(issue curl)"
rc="$(exchange_sh "$WORK/c1" "$CURL_CODE")"
if [[ "$rc" == 0 ]] && field_eq "$WORK/c1" 'all(j["user"][k] == u[k] for k in u)'; then
  ok "curl exchange returns the planted identity"
  say "exchange.sh <code> -> exit 0, {\"user\":{…}} with every field equal to the planted user (not printed)"
else
  fail "curl exchange returns the planted identity (exit $rc)"; cat "$WORK/c1.err"
fi
rc="$(exchange_sh "$WORK/c2" "$CURL_CODE")"
if [[ "$rc" == 1 ]] && field_eq "$WORK/c2" 'j["code"] == "GATEWAY_FAILURE" and j["errcode"] == 1 and j["retryable"] is False'; then
  ok "curl: a used code is GATEWAY_FAILURE, errcode 1, not retryable"
  say "exchange.sh <the same code> -> exit 1, $(tr -d '\n' <"$WORK/c2")"
else
  fail "curl: a used code (exit $rc)"; cat "$WORK/c2"
fi
printf 'not-the-token\n' >"$WORK/bad-token"
rc="$(TOKEN_FILE="$WORK/bad-token" exchange_sh "$WORK/c3" "$(issue curl)")"
if [[ "$rc" == 1 ]] && field_eq "$WORK/c3" 'j["code"] == "UNAUTHORIZED" and j["status"] == 401'; then
  ok "curl: a bad token is UNAUTHORIZED (401)"
  say "exchange.sh with a wrong token -> exit 1, $(tr -d '\n' <"$WORK/c3")"
else
  fail "curl: a bad token (exit $rc)"; cat "$WORK/c3"
fi
MASKED_CURL_CODE="$(issue curl)"
printf '%s\n' "$MASKED_TOKEN" >"$WORK/masked-token"
rc="$(TOKEN_FILE="$WORK/masked-token" exchange_sh "$WORK/c4" "$MASKED_CURL_CODE")"
if [[ "$rc" == 0 ]] && field_eq "$WORK/c4" 'all(j["user"][k] != u[k] and "*" in j["user"][k] for k in ("name","phone","certificateNo","healthCardNo"))'; then
  ok "curl: the masked tenant gets masked fields"
  say "exchange.sh <code> on the masked tenant -> exit 0, $(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False))' "$WORK/c4")"
else
  fail "curl: the masked tenant (exit $rc)"; cat "$WORK/c4.err"
fi
rc="$(exchange_sh "$WORK/c5" 'not a code!')"
if [[ "$rc" == 2 && ! -s "$WORK/c5" ]]; then ok "curl: a malformed code is refused before any request (exit 2)"; else fail "curl: a malformed code (exit $rc)"; fi
rc="$(URL_OVERRIDE="http://127.0.0.1:$REFUSED_PORT" exchange_sh "$WORK/c6" "$(issue curl)")"
if [[ "$rc" == 3 ]]; then
  ok "curl: no answer is exit 3"
  say "exchange.sh on a closed port -> exit 3, $(tr '\n' ' ' <"$WORK/c6.err")"
else
  fail "curl: no answer (exit $rc)"
fi

# ---- what needs no token, and what a wrong token gets -------------------------------------------
echo "== routes without a token"
open_ok=1
for route in /healthz /readyz /metrics /openapi.json; do
  st="$(curl -s --noproxy '*' -o "$WORK/open$(tr / _ <<<"$route")" -w '%{http_code}' "$SERVE_URL$route")"
  [[ "$st" == 200 ]] || { open_ok=0; echo "     $route: HTTP $st"; }
done
if [[ "$open_ok" == 1 ]] && grep -q 'tenant="hospital-a"' "$WORK/open_metrics"; then
  ok "/healthz, /readyz, /metrics, /openapi.json answer 200 without a token (/metrics names the tenant ids)"
else
  fail "routes without a token"
fi
st="$(curl -s --noproxy '*' -o "$WORK/c7" -w '%{http_code}' -H 'Authorization: Bearer not-the-token' \
  -H 'content-type: text/plain' --data-binary '{not json' "$SERVE_URL/v1/exchange")"
if [[ "$st" == 401 ]] && grep -q '"UNAUTHORIZED"' "$WORK/c7"; then
  ok "a wrong token gets 401 before the body is looked at (malformed JSON, wrong content type)"
else
  fail "wrong token with a malformed body: HTTP $st"
fi

# ---- the service's log ----------------------------------------------------------------------------
echo "== the service's log"
lines="$(wc -l <"$WORK/serve.log")"
leaks="$(python3 - "$WORK" "$TOKEN" "$MASKED_TOKEN" <<'EOF'
import glob, json, sys
work, *needles = sys.argv[1:]
needles += [l.strip() for l in open(f"{work}/codes")]
needles += [l.strip() for l in open(f"{work}/credentials/hospital-a-appKey")]
needles += ["demo-paas-token", "demo-app-secret"]
for f in glob.glob(f"{work}/user-*.json"):
    u = json.load(open(f, encoding="utf-8"))
    needles += [u["name"], u["phone"], u["certificateNo"], u["healthCardNo"]]
text = "".join(open(f, encoding="utf-8").read() for f in [f"{work}/serve.log", f"{work}/serve.err", f"{work}/serve-mtls.log", *glob.glob(f"{work}/open_*")])
print(sum(1 for n in needles if n and n in text), len(needles))
EOF
)"
read -r leaks checked <<<"$leaks"
if [[ "$lines" -gt 10 && "$leaks" == 0 && "$checked" -ge 25 ]]; then
  ok "serve log ($lines lines) and the token-free routes: none of $checked values (codes, tokens, secrets, names, phones, ID and health card numbers)"
  say "a log line: $(grep -m1 '/v1/exchange' "$WORK/serve.log" || true)"
else
  fail "serve log ($lines lines, $leaks leaked values)"
fi

# ---- reload (ExecReload= sends SIGHUP): a rotated token takes effect, the old one stops working ----
echo "== reload (SIGHUP)"
NEW_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
python3 - "$WORK/serve.json" "$(sha "$NEW_TOKEN")" <<'EOF'
import json, sys
conf = json.load(open(sys.argv[1]))
conf["tenants"][0]["tokenSha256"] = [sys.argv[2]]
json.dump(conf, open(sys.argv[1], "w"), indent=2)
EOF
RELOAD="$(sed -n 's/^ExecReload=//p' deploy/yjt-sso.service)"
RELOAD="${RELOAD//\$MAINPID/$SERVE_PID}"
$RELOAD
status_of() { # status_of <token> : HTTP status of an exchange with a malformed code
  curl -s --noproxy '*' -o /dev/null -w '%{http_code}' -H @<(printf 'Authorization: Bearer %s\n' "$1") \
    -H 'content-type: application/json' --data-binary '{"code":"not a code!"}' "$SERVE_URL/v1/exchange"
}
old=""; new=""
for _ in $(seq 1 50); do
  old="$(status_of "$TOKEN")"; new="$(status_of "$NEW_TOKEN")"
  [[ "$old" == 401 && "$new" == 400 ]] && break
  sleep 0.1
done
if kill -0 "$SERVE_PID" 2>/dev/null && [[ "$old" == 401 && "$new" == 400 ]]; then
  ok "reload: after ExecReload (SIGHUP) the rotated token is accepted and the old one refused; same process"
  say "ExecReload=$(sed -n 's/^ExecReload=//p' deploy/yjt-sso.service) -> old token HTTP $old, new token HTTP $new (INVALID_INPUT), pid $SERVE_PID still running"
else
  fail "reload: old token HTTP $old, new token HTTP $new"
fi

# ---- stop (KillSignal=SIGTERM) ----------------------------------------------------------------------
kill -TERM "$SERVE_PID"
rc=0; wait "$SERVE_PID" || rc=$?
if [[ "$rc" == 0 ]]; then ok "stop: SIGTERM ends the service with exit code 0"; else fail "stop: exit code $rc after SIGTERM"; fi

# ---- the systemd unit ---------------------------------------------------------------------------------
echo "== deploy/yjt-sso.service"
if command -v systemd-analyze >/dev/null; then
  # Verify prints unknown keys and unparsable values but still exits 0: both must be clean.
  # A misspelt copy must be reported, or the check proves nothing. Verify also needs the
  # ExecStart= program to exist: on a machine whose node is not /usr/bin/node, the copy uses this one.
  mkdir "$WORK/unit" "$WORK/bad"
  sed "s#^ExecStart=/usr/bin/node #ExecStart=$(command -v node) #" deploy/yjt-sso.service >"$WORK/unit/yjt-sso.service"
  sed 's/^ProtectSystem=strict/ProtectSytem=strict/' "$WORK/unit/yjt-sso.service" >"$WORK/bad/yjt-sso.service"
  bad="$(systemd-analyze verify --man=no "$WORK/bad/yjt-sso.service" 2>&1 || true)"
  out="$(systemd-analyze verify --man=no "$WORK/unit/yjt-sso.service" 2>&1)" && rc=0 || rc=$?
  if [[ "$rc" == 0 && -z "$out" && "$bad" == *"Unknown key"* ]]; then
    ok "systemd-analyze verify deploy/yjt-sso.service: no error, no warning (a misspelt copy is reported)"
    say "$(systemd-analyze security --offline=true --no-pager deploy/yjt-sso.service 2>/dev/null | tail -n1 || true)"
  else
    fail "systemd-analyze verify (exit $rc): $out"
  fi
else
  echo "serve-clients: systemd-analyze not found, the unit is not verified"
fi

echo
echo "serve-clients: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
