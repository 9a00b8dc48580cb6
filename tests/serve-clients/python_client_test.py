"""Runs clients/python/yjt_sso_client.py against a running `yjt-sso serve` and the mock gateway.

Started by tests/serve-clients/run.sh, which plants the user and passes everything in env vars.
Prints `ok <case>` / `FAIL <case>` lines, a masked transcript (lines starting with "  | ") and
`python: N passed, M failed`; exits 1 when a case failed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Callable

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python"))
from yjt_sso_client import YjtSsoClient, YjtSsoError  # noqa: E402

passed = 0
failed = 0


def test(name: str) -> Callable[[Callable[[], None]], None]:
    def run(fn: Callable[[], None]) -> None:
        global passed, failed
        try:
            fn()
            passed += 1
            print(f"ok   python {name}")
        except Exception as e:  # noqa: BLE001 - every failure is reported, then counted
            failed += 1
            print(f"FAIL python {name}: {type(e).__name__}: {e}")

    return run


def transcript(line: str) -> None:
    print("  | " + line)


def failure(fn: Callable[[], object]) -> YjtSsoError:
    try:
        fn()
    except YjtSsoError as e:
        return e
    raise AssertionError("no YjtSsoError")


def describe(e: YjtSsoError) -> str:
    return f"YjtSsoError code={e.code} errcode={e.errcode} retryable={e.retryable} field={e.field} status={e.status}"


env = os.environ
url, token, code = env["SSO_URL"], env["SSO_TOKEN"], env["SSO_CODE"]
with open(env["SSO_USER_FILE"], encoding="utf-8") as f:
    planted = json.load(f)
sso = YjtSsoClient(url, token)


@test("exchange returns the planted identity")
def _() -> None:
    u = sso.exchange(code)
    assert u.user_id == planted["userId"], "user_id"
    assert u.name == planted["name"], "name"
    assert u.phone == planted["phone"], "phone"
    assert u.certificate_no == planted["certificateNo"], "certificate_no"
    assert u.certificate_type == planted["certificateType"], "certificate_type"
    assert u.health_card_no == planted["healthCardNo"], "health_card_no"
    assert u.gender == planted["gender"], "gender"
    assert u.nation == planted["nation"], "nation"
    assert u.channel == planted["channel"], "channel"
    assert u.labels.gender and u.labels.certificate_type, "labels"
    shown = repr(u) + str(u)
    for k in ("name", "phone", "certificateNo", "healthCardNo"):
        assert planted[k] not in shown, f"repr() shows {k}"
    transcript(f"exchange(code) -> {u!r}")


@test("a used code is GATEWAY_FAILURE, errcode 1, not retryable")
def _() -> None:
    e = failure(lambda: sso.exchange(code))
    assert e.code == "GATEWAY_FAILURE" and e.errcode == 1 and e.retryable is False, describe(e)
    assert e.status >= 400, describe(e)
    assert code not in str(e), "the message quotes the code"
    transcript(f"exchange(the same code again) -> {describe(e)}")


@test("a bad token is UNAUTHORIZED (401)")
def _() -> None:
    e = failure(lambda: YjtSsoClient(url, "not-the-token").exchange("any-code-1"))
    assert e.code == "UNAUTHORIZED" and e.status == 401 and e.retryable is False, describe(e)
    transcript(f"exchange with a wrong token -> {describe(e)}")


@test("a malformed code is INVALID_INPUT naming the field code")
def _() -> None:
    e = failure(lambda: sso.exchange("not a code!"))
    assert e.code == "INVALID_INPUT" and e.field == "code" and e.status == 400, describe(e)
    transcript(f'exchange("not a code!") -> {describe(e)}')


@test("a tenant with exchange.mask gets masked fields")
def _() -> None:
    u = YjtSsoClient(url, env["SSO_MASKED_TOKEN"]).exchange(env["SSO_MASKED_CODE"])
    shown = (("name", u.name), ("phone", u.phone), ("certificateNo", u.certificate_no), ("healthCardNo", u.health_card_no))
    for k, v in shown:
        assert v != planted[k] and "*" in v, f"{k} is not masked"
    assert u.gender == planted["gender"] and u.nation == planted["nation"], "unmasked fields"
    transcript("exchange(code) on the masked tenant -> " + ", ".join(f"{k} {v}" for k, v in shown))


@test("call: an allowed command returns its data")
def _() -> None:
    demo = env["SSO_DEMO_USER_ID"]
    data = sso.call("02", body={"userId": demo})
    assert isinstance(data, dict) and data.get("userId") == demo, "data.userId"
    transcript(f"call(command 02) -> data.userId {data['userId']}")


@test("call: a command not in call.allow is FORBIDDEN (403)")
def _() -> None:
    e = failure(lambda: sso.call("99", body={}))
    assert e.code == "FORBIDDEN" and e.status == 403 and e.retryable is False, describe(e)
    transcript(f"call(command 99) -> {describe(e)}")


@test("no answer within the timeout is TIMEOUT (retryable, status 0)")
def _() -> None:
    t0 = time.monotonic()
    e = failure(lambda: YjtSsoClient(env["SSO_HANG_URL"], token, timeout=0.8).exchange("any-code-2"))
    took = time.monotonic() - t0
    assert e.code == "TIMEOUT" and e.retryable is True and e.status == 0, describe(e)
    assert took < 5, f"took {took:.1f} s"
    transcript(f"exchange on a server that never answers (timeout 0.8 s) -> {describe(e)}")


@test("a refused connection is NETWORK (retryable, status 0)")
def _() -> None:
    e = failure(lambda: YjtSsoClient(env["SSO_REFUSED_URL"], token).exchange("any-code-3"))
    assert e.code == "NETWORK" and e.retryable is True and e.status == 0, describe(e)
    transcript(f"exchange on a closed port -> {describe(e)} ({e.message})")


@test("a redirect is not followed (HTTP_STATUS 307)")
def _() -> None:
    e = failure(lambda: YjtSsoClient(env["SSO_REDIRECT_URL"], token).exchange("any-code-4"))
    assert e.code == "HTTP_STATUS" and e.status == 307 and e.retryable is False, describe(e)
    transcript(f"exchange on a server answering 307 -> {describe(e)}")


@test("HTTP_PROXY in the environment is not used")
def _() -> None:
    saved = {k: os.environ.get(k) for k in ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy")}
    try:
        for k in ("HTTP_PROXY", "http_proxy"):
            os.environ[k] = env["SSO_REFUSED_URL"]
        for k in ("NO_PROXY", "no_proxy"):
            os.environ.pop(k, None)
        e = failure(lambda: YjtSsoClient(url, "not-the-token").exchange("any-code-5"))
        assert e.code == "UNAUTHORIZED", describe(e)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@test("mTLS: a client certificate selects the tenant, no token")
def _() -> None:
    import ssl

    ctx = ssl.create_default_context(cafile=env["SSO_MTLS_CA"])
    ctx.load_cert_chain(env["SSO_MTLS_CERT"], env["SSO_MTLS_KEY"])
    u = YjtSsoClient(env["SSO_MTLS_URL"], None, ssl_context=ctx).exchange(env["SSO_MTLS_CODE"])
    assert u.user_id == planted["userId"] and u.name == planted["name"], "identity"
    anonymous = ssl.create_default_context(cafile=env["SSO_MTLS_CA"])
    e = failure(lambda: YjtSsoClient(env["SSO_MTLS_URL"], None, ssl_context=anonymous).exchange("any-code-6"))
    assert (e.code == "NETWORK" and e.status == 0) or (e.code == "UNAUTHORIZED" and e.status == 401), describe(e)
    transcript(f"exchange over mTLS (client certificate, no token) -> {u!r}")
    transcript(f"exchange over TLS without a client certificate -> {describe(e)}")


print(f"python: {passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
