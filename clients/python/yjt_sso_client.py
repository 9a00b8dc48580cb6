"""粤健通单点登录的 Python 客户端：调用本机（或 sidecar）的 ``yjt-sso serve``，由它完成签名、换取与解密。

单个文件，Python 3（在 3.11 上测试），只用标准库（urllib、json）。失败一律抛出 :class:`YjtSsoError`：按 ``code`` /
``errcode`` / ``retryable`` 处理，不要解析消息文本。

A Python client of ``yjt-sso serve`` (on this machine or as a sidecar), which signs, exchanges and
decrypts. One file, Python 3 (tested on 3.11), standard library only. Every failure is a :class:`YjtSsoError`:
act on ``code``, ``errcode`` and ``retryable``, never on the message text.

示例 / example::

    from yjt_sso_client import YjtSsoClient, YjtSsoError

    sso = YjtSsoClient("http://127.0.0.1:8788", token=open("/run/secrets/yjt-sso-token").read())
    try:
        user = sso.exchange(code)            # code：粤健通带来的一次性 code
        bind_patient(user.user_id, user.certificate_type, user.certificate_no)
        log.info("sso ok %r", user)          # repr 不含姓名、手机号、证件号
    except YjtSsoError as e:
        if e.code == "GATEWAY_FAILURE":
            ...  # code 已用过或过期：请用户从粤健通重新进入
        elif e.retryable:
            ...  # 稍后重试
        else:
            log.warning("sso failed %s %s %s", e.code, e.field, e.status)
"""

from __future__ import annotations

import json
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional

__all__ = ["YjtSsoClient", "YjtSsoError", "Identity", "Labels"]

_RETRYABLE_STATUS = (429, 502, 503, 504)


class YjtSsoError(Exception):
    """所有失败的唯一异常类型，字段与服务的 problem+json 一一对应。

    The one exception type; its fields are those of the service's problem+json.

    - ``code``：GATEWAY_FAILURE、INVALID_INPUT、UNAUTHORIZED、FORBIDDEN、TIMEOUT、NETWORK …
    - ``errcode``：网关 errcode（如 1），没有时为 None / the gateway errcode, or None
    - ``retryable``：稍后重试可能成功 / whether retrying later can succeed
    - ``field``：出错的输入（如 ``code``），没有时为 None / the input at fault, or None
    - ``status``：HTTP 状态；没有收到应答（TIMEOUT、NETWORK）时为 0 / the HTTP status, 0 without an answer
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        errcode: Optional[int] = None,
        retryable: bool = False,
        field: Optional[str] = None,
        status: int = 0,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.errcode = errcode
        self.retryable = retryable
        self.field = field
        self.status = status

    @classmethod
    def _from_problem(cls, p: Mapping[str, Any], status: int) -> "YjtSsoError":
        title = str(p.get("title") or "")
        detail = str(p.get("detail") or "")
        errcode = p.get("errcode")
        field = p.get("field")
        return cls(
            str(p["code"]),
            " — ".join(x for x in (title, detail) if x),
            errcode=errcode if isinstance(errcode, int) and not isinstance(errcode, bool) else None,
            retryable=p.get("retryable") is True,
            field=field if isinstance(field, str) else None,
            status=status,
        )


@dataclass(frozen=True)
class Labels:
    """字典标签；未知代码为 None / dictionary labels; None for an unknown code."""

    certificate_type: Optional[str]
    gender: Optional[str]
    nation: Optional[str]
    channel: Optional[str]


@dataclass(frozen=True, repr=False)
class Identity:
    """解密后的用户身份。姓名、手机号、证件号、电子健康码是明文：只存进会话或院内档案，不要写进日志；
    ``repr()`` 不含这些字段。

    The decrypted identity. name, phone, certificate_no and health_card_no are plaintext: keep them
    in the session or the patient record, never in logs; ``repr()`` leaves them out.
    """

    user_id: str
    """粤健通用户 ID（稳定，用作外部账号主键）/ the 粤健通 user id (stable)."""
    name: str
    phone: str
    certificate_no: str
    certificate_type: Optional[str]
    """证件类型代码（01 居民身份证 …）；租户配置了脱敏时为 None / certificate type code; None when masked."""
    health_card_no: str
    gender: Optional[int]
    """性别代码 1–4，缺失或脱敏时为 None / gender code, None when absent or masked."""
    nation: Optional[str]
    channel: Optional[str]
    labels: Labels

    def __repr__(self) -> str:
        return (
            f"Identity(user_id={self.user_id!r}, name=[REDACTED], phone=[REDACTED], certificate_no=[REDACTED], "
            f"certificate_type={self.certificate_type!r}, health_card_no=[REDACTED], gender={self.gender!r}, "
            f"nation={self.nation!r}, channel={self.channel!r}, labels={self.labels!r})"
        )

    __str__ = __repr__

    @classmethod
    def _from_json(cls, u: Mapping[str, Any]) -> "Identity":
        labels = u.get("labels") or {}
        gender = u.get("gender")

        def opt(k: str) -> Optional[str]:
            v = u.get(k)
            return None if v is None else str(v)

        return cls(
            user_id=str(u["userId"]),
            name=str(u["name"]),
            phone=str(u["phone"]),
            certificate_no=str(u["certificateNo"]),
            certificate_type=opt("certificateType"),
            health_card_no=str(u.get("healthCardNo") or ""),
            gender=gender if isinstance(gender, int) and not isinstance(gender, bool) else None,
            nation=opt("nation"),
            channel=opt("channel"),
            labels=Labels(
                certificate_type=labels.get("certificateType"),
                gender=labels.get("gender"),
                nation=labels.get("nation"),
                channel=labels.get("channel"),
            ),
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        return None  # a 3xx reaches the caller as HTTP_STATUS, the token is not sent on


class YjtSsoClient:
    """``yjt-sso serve`` 的客户端；每次调用新建一个连接。不走 ``HTTP_PROXY`` 等代理设置、不跟随重定向。

    The client of ``yjt-sso serve``; every call opens its own connection. Ignores ``HTTP_PROXY`` and
    the like, follows no redirects.

    :param base_url: 服务地址，如 ``http://127.0.0.1:8788`` / the service URL
    :param token: 租户的 bearer 令牌（从文件或密钥管理读取）；只用 mTLS 客户端证书认证时为 None /
        the tenant's bearer token; None with a client certificate only
    :param timeout: 每次请求的超时秒数（应大于服务端的网关超时）/ per-request timeout in seconds
    :param ssl_context: mTLS 时带客户端证书的 ``ssl.SSLContext`` / for mTLS, a context with the client certificate
    """

    def __init__(
        self,
        base_url: str,
        token: Optional[str],
        *,
        timeout: float = 15.0,
        ssl_context: Optional[ssl.SSLContext] = None,
    ) -> None:
        if token is not None and not token.strip():
            raise ValueError("token is empty")
        self._base = base_url.rstrip("/")
        self._authorization = None if token is None else "Bearer " + token.strip()
        self._timeout = timeout
        handlers: list = [urllib.request.ProxyHandler({}), _NoRedirect()]
        if ssl_context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=ssl_context))
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"YjtSsoClient({self._base!r}, token=[REDACTED])"

    def exchange(self, code: str, business_type: Optional[int] = None) -> Identity:
        """用一次性 code 换取用户身份（``POST /v1/exchange``）；失败后不要用同一 code 重试。

        Exchanges a one-time code for the user's identity; never retry the same code.

        :raises YjtSsoError: 任何失败 / on any failure
        """
        body: Dict[str, Any] = {"code": code}
        if business_type is not None:
            body["businessType"] = business_type
        answer = self._post("/v1/exchange", body)
        try:
            return Identity._from_json(answer["user"])
        except (KeyError, TypeError, AttributeError):
            raise YjtSsoError(
                "BAD_RESPONSE", "yjt-sso serve 的应答不是预期的身份 / the answer is not an identity", status=200
            ) from None

    def call(
        self,
        command: Optional[str] = None,
        *,
        path: Optional[str] = None,
        method: Optional[str] = None,
        query: Optional[Mapping[str, str]] = None,
        body: Any = None,
    ) -> Any:
        """调用网关上的其他接口（``POST /v1/call``），返回其 ``data``；服务只放行租户 ``call.allow`` 中的接口，
        否则 ``code`` 为 FORBIDDEN。

        Calls another API behind the gateway and returns its ``data``; the service allows only the
        tenant's ``call.allow`` list (else FORBIDDEN). ``method`` 缺省时：有 ``body`` 为 POST，否则 GET /
        without ``method``: POST when there is a ``body``, else GET.

        示例 / example: ``sso.call("02", body={"userId": user.user_id})``
        """
        req: Dict[str, Any] = {}
        if method is not None:
            req["method"] = method
        if command is not None:
            req["command"] = command
        if path is not None:
            req["path"] = path
        if query:
            req["query"] = dict(query)
        if body is not None:
            req["body"] = body
        return self._post("/v1/call", req).get("data")

    def _post(self, route: str, body: Mapping[str, Any]) -> Dict[str, Any]:
        request = urllib.request.Request(
            self._base + route,
            data=json.dumps(body).encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json, application/problem+json"},
        )
        if self._authorization is not None:
            request.add_header("Authorization", self._authorization)
        where = request.host
        try:
            with self._opener.open(request, timeout=self._timeout) as res:
                status, raw = res.status, res.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
            e.close()
        except (socket.timeout, TimeoutError):
            raise YjtSsoError(
                "TIMEOUT",
                f"yjt-sso serve（{where}）在 {self._timeout} s 内未应答 / no answer within the timeout",
                retryable=True,
            ) from None
        except (urllib.error.URLError, OSError) as e:
            # Only host:port and the error's name: the URL and the OS text are left out.
            reason = e.reason if isinstance(e, urllib.error.URLError) else e
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise YjtSsoError(
                    "TIMEOUT",
                    f"yjt-sso serve（{where}）在 {self._timeout} s 内未应答 / no answer within the timeout",
                    retryable=True,
                ) from None
            raise YjtSsoError(
                "NETWORK",
                f"无法连接 yjt-sso serve（{where}）/ cannot connect ({type(reason).__name__})",
                retryable=True,
            ) from None
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            answer = None
        if status == 200 and isinstance(answer, dict):
            return answer
        if status != 200 and isinstance(answer, dict) and isinstance(answer.get("code"), str):
            raise YjtSsoError._from_problem(answer, status)
        raise YjtSsoError(
            "BAD_RESPONSE" if status == 200 else "HTTP_STATUS",
            f"yjt-sso serve 返回 HTTP {status}，应答不是预期的 JSON / HTTP {status} without the expected JSON",
            retryable=status in _RETRYABLE_STATUS,
            status=status,
        )
