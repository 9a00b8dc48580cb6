#!/usr/bin/env bash
# 用 curl 调用 yjt-sso serve 换取身份（POST /v1/exchange）的示例。
# An example of the exchange (POST /v1/exchange) with curl.
#
#   YJT_SSO_TOKEN_FILE=/run/secrets/yjt-sso-token bash exchange.sh <code> [businessType]
#
# 环境变量 / environment:
#   YJT_SSO_URL         服务地址，缺省 http://127.0.0.1:8788 / the service URL
#   YJT_SSO_TOKEN_FILE  存放 bearer 令牌的文件（推荐）/ a file holding the bearer token (preferred)
#   YJT_SSO_TOKEN       或直接给出令牌 / or the token itself
# 令牌与 code 都不出现在命令行参数里（同机用户可用 ps 看到参数）：令牌经 -H @文件 传给 curl，请求体经 stdin。
# Neither the token nor the code is a command-line argument (ps shows arguments): the token goes
# to curl through `-H @file`, the body through stdin.
#
# 输出 / output: stdout 为服务的 JSON 应答：成功时 {"user":{…}}（明文身份，不要写进日志），失败时 problem+json；
# stdout is the service's JSON answer: {"user":{…}} (plaintext identity, keep it out of logs) or a problem+json.
# 退出码 / exit: 0 成功 success, 1 服务返回错误 the service answered a problem, 2 用法错误 usage,
#   3 没有应答（连不上、超时）no answer (cannot connect, timeout).
set -euo pipefail

url="${YJT_SSO_URL:-http://127.0.0.1:8788}"
code="${1:-}"
business_type="${2:-}"

# The code goes into the JSON body as is: only the characters a login code may have.
if [[ ! "$code" =~ ^[A-Za-z0-9_-]{1,64}$ ]]; then
  echo "用法 / usage: exchange.sh <code> [businessType]（code 为 1–64 个 [A-Za-z0-9_-]）" >&2
  exit 2
fi
if [[ -n "$business_type" && ! "$business_type" =~ ^[1-9][0-9]{0,9}$ ]]; then
  echo "businessType 须为正整数 / businessType must be a positive integer" >&2
  exit 2
fi
if [[ -n "${YJT_SSO_TOKEN_FILE:-}" ]]; then
  token="$(<"$YJT_SSO_TOKEN_FILE")"
elif [[ -n "${YJT_SSO_TOKEN:-}" ]]; then
  token="$YJT_SSO_TOKEN"
else
  echo "请设置 YJT_SSO_TOKEN_FILE 或 YJT_SSO_TOKEN / set YJT_SSO_TOKEN_FILE or YJT_SSO_TOKEN" >&2
  exit 2
fi
token="${token%$'\n'}"

body="{\"code\":\"$code\"${business_type:+,\"businessType\":$business_type}}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# --noproxy '*': the token goes to the service only, never through an HTTP_PROXY.
# --max-time: longer than the service's own gateway timeout.
status="$(printf '%s' "$body" | curl -sS --noproxy '*' --max-time 15 \
  -H @<(printf 'Authorization: Bearer %s\n' "$token") \
  -H 'Content-Type: application/json' \
  -H 'Accept: application/json, application/problem+json' \
  --data-binary @- -o "$out" -w '%{http_code}' \
  "$url/v1/exchange")" || { echo "yjt-sso serve 没有应答 / no answer from yjt-sso serve ($url)" >&2; exit 3; }

cat "$out"
echo
[[ "$status" == 200 ]] || exit 1
