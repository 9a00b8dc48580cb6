// 粘贴进项目后加上你自己的 package 行 / add your own package line after pasting.

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * 粤健通单点登录的 Java 客户端：调用本机（或 sidecar）的 {@code yjt-sso serve}，由它完成签名、换取与解密。
 * 单个文件，Java 17，只依赖 Jackson databind（Spring Boot 已自带）；线程安全，整个应用共用一个实例。
 * 失败一律抛出 {@link YjtSsoException}：按 {@code code()} / {@code errcode()} / {@code retryable()} 处理，
 * 不要解析消息文本。
 *
 * <p>A Java client of {@code yjt-sso serve} (on this machine or as a sidecar), which signs, exchanges
 * and decrypts. One file, Java 17, Jackson databind only (Spring Boot ships it); thread-safe, share
 * one instance. Every failure is a {@link YjtSsoException}: act on {@code code()},
 * {@code errcode()} and {@code retryable()}, never on the message text.
 *
 * <pre>{@code
 * var sso = new YjtSsoClient(URI.create("http://127.0.0.1:8788"), System.getenv("YJT_SSO_TOKEN"));
 * try {
 *     YjtSsoClient.Identity user = sso.exchange(code);   // code：粤健通带来的一次性 code
 *     bindPatient(user.userId(), user.certificateType(), user.certificateNo());
 *     log.info("sso ok {}", user);                        // toString() 不含姓名、手机号、证件号
 * } catch (YjtSsoClient.YjtSsoException e) {
 *     if ("GATEWAY_FAILURE".equals(e.code())) {
 *         // code 已用过或过期：请用户从粤健通重新进入 / used or expired: send the user back through 粤健通
 *     } else if (e.retryable()) {
 *         // 稍后重试 / retry later
 *     } else {
 *         log.warn("sso failed {} {} {}", e.code(), e.field(), e.status());
 *     }
 * }
 * }</pre>
 */
public final class YjtSsoClient {
    /** 默认超时 / the default timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * 以默认超时（15 秒）创建 / with the default timeout (15 s).
     *
     * @param baseUrl 服务地址，如 {@code http://127.0.0.1:8788} / the service URL
     * @param token   租户的 bearer 令牌（从文件或密钥管理读取，不要写进代码）/ the tenant's bearer token
     */
    public YjtSsoClient(URI baseUrl, String token) {
        this(baseUrl, token, DEFAULT_TIMEOUT, null);
    }

    /**
     * 完整构造：{@code http} 为 null 时新建一个（HTTP/1.1，不走代理、不跟随重定向）；mTLS 时传入带
     * {@code SSLContext} 的 HttpClient。
     * Full form: a null {@code http} builds one (HTTP/1.1, no proxy, no redirects); for mTLS pass an
     * HttpClient with your {@code SSLContext}.
     *
     * @param baseUrl 服务地址 / the service URL
     * @param token   bearer 令牌；只用 mTLS 客户端证书认证时为 null / the bearer token; null with a client certificate only
     * @param timeout 每次请求的总超时（应大于服务端配置的网关超时）/ per-request timeout (longer than the service's gateway timeout)
     * @param http    可为 null / may be null
     */
    public YjtSsoClient(URI baseUrl, String token, Duration timeout, HttpClient http) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (token != null && token.isBlank()) throw new IllegalArgumentException("token is empty");
        String s = baseUrl.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.authorization = token == null ? null : "Bearer " + token.strip();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = http != null ? http : HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt on plain http
                .proxy(HttpClient.Builder.NO_PROXY)   // the token goes to the service only
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * 用一次性 code 换取用户身份（{@code POST /v1/exchange}）。
     * Exchanges a one-time code for the user's identity.
     *
     * @param code 粤健通带来的 code；只能用一次，失败后不要用同一 code 重试 / the one-time code; never retry the same code
     * @return 解密后的身份 / the decrypted identity
     * @throws YjtSsoException 任何失败 / on any failure
     */
    public Identity exchange(String code) {
        return exchange(code, null);
    }

    /**
     * 同上，指定业务类型（1 … 2³¹−1，缺省由服务配置决定）。
     * As above, with a business type (1 … 2³¹−1; the service's default when null).
     *
     * @param code         一次性 code / the one-time code
     * @param businessType 业务类型，可为 null / the business type, may be null
     * @return 解密后的身份 / the decrypted identity
     */
    public Identity exchange(String code, Integer businessType) {
        ObjectNode body = JSON.createObjectNode().put("code", code);
        if (businessType != null) body.put("businessType", businessType);
        JsonNode user = post("/v1/exchange", body).get("user");
        try {
            if (user == null || !user.isObject()) throw new IllegalArgumentException("no user object");
            return JSON.treeToValue(user, Identity.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new YjtSsoException("BAD_RESPONSE", "yjt-sso serve 的应答不是预期的身份 / the answer is not an identity",
                    null, false, null, 200);
        }
    }

    /**
     * 调用网关上的其他接口（{@code POST /v1/call}）；服务只放行租户 {@code call.allow} 中列出的 command 或路径。
     * Calls another API behind the gateway; the service allows only the tenant's {@code call.allow} list.
     *
     * @param call 要调用的接口 / what to call
     * @return 接口返回的 {@code data} / the API's {@code data}
     * @throws YjtSsoException 任何失败（未放行时 code 为 FORBIDDEN）/ on any failure (FORBIDDEN when not allowed)
     */
    public JsonNode call(Call call) {
        ObjectNode body = JSON.createObjectNode();
        if (call.command() != null) body.put("command", call.command());
        if (call.path() != null) body.put("path", call.path());
        if (call.method() != null) body.put("method", call.method());
        if (call.query() != null && !call.query().isEmpty()) body.set("query", JSON.valueToTree(call.query()));
        if (call.body() != null) body.set("body", JSON.valueToTree(call.body()));
        JsonNode data = post("/v1/call", body).get("data");
        return data == null ? JSON.nullNode() : data;
    }

    private JsonNode post(String route, ObjectNode body) {
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + route))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, application/problem+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (authorization != null) b.header("Authorization", authorization);
            request = b.build();
        } catch (IOException e) {
            throw new YjtSsoException("INVALID_INPUT", "请求无法编码为 JSON / the request cannot be encoded as JSON", null, false, null, 0);
        }
        HttpResponse<byte[]> res;
        String where = request.uri().getHost() + ":" + request.uri().getPort();
        try {
            res = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            // The URL and exception text are left out: only host:port and the exception's name.
            throw new YjtSsoException("TIMEOUT", "yjt-sso serve（" + where + "）在 " + timeout.toMillis()
                    + " ms 内未应答 / no answer within the timeout (" + e.getClass().getSimpleName() + ")", null, true, null, 0);
        } catch (ConnectException e) {
            throw new YjtSsoException("NETWORK", "无法连接 yjt-sso serve（" + where + "）/ cannot connect ("
                    + e.getClass().getSimpleName() + ")", null, true, null, 0);
        } catch (IOException e) {
            throw new YjtSsoException("NETWORK", "与 yjt-sso serve（" + where + "）的连接失败 / the connection failed ("
                    + e.getClass().getSimpleName() + ")", null, true, null, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new YjtSsoException("ABORTED", "调用被中断 / the call was interrupted", null, false, null, 0);
        }
        int status = res.statusCode();
        JsonNode json;
        try {
            json = JSON.readTree(res.body());
        } catch (IOException e) {
            json = null;
        }
        if (status == 200 && json != null && json.isObject()) return json;
        if (status != 200 && json != null && json.hasNonNull("code")) throw YjtSsoException.fromProblem(json, status);
        boolean retryable = status == 429 || status == 502 || status == 503 || status == 504;
        throw new YjtSsoException(status == 200 ? "BAD_RESPONSE" : "HTTP_STATUS",
                "yjt-sso serve 返回 HTTP " + status + "，应答不是预期的 JSON / HTTP " + status + " without the expected JSON",
                null, retryable, null, status);
    }

    /**
     * 解密后的用户身份。姓名、手机号、证件号、电子健康码是明文：只存进会话或院内档案，不要写进日志；
     * {@link #toString()} 不含这些字段。
     * The decrypted identity. name, phone, certificateNo and healthCardNo are plaintext: keep them in
     * the session or the patient record, never in logs; {@link #toString()} leaves them out.
     *
     * @param userId          粤健通用户 ID（稳定，用作外部账号主键）/ the 粤健通 user id (stable)
     * @param name            姓名 / name
     * @param phone           手机号 / phone
     * @param certificateNo   证件号码 / certificate number
     * @param certificateType 证件类型代码（01 居民身份证 …）；租户配置了脱敏时为 null / certificate type code; null when masked
     * @param healthCardNo    电子健康码 / health card number
     * @param gender          性别代码 1–4，缺失或脱敏时为 null / gender code, null when absent or masked
     * @param nation          民族代码 / nation code
     * @param channel         渠道代码 / channel code
     * @param labels          代码的中文标签 / the codes' labels
     */
    public record Identity(String userId, String name, String phone, String certificateNo, String certificateType,
                           String healthCardNo, Integer gender, String nation, String channel, Labels labels) {
        @Override
        public String toString() {
            return "Identity[userId=" + userId + ", name=[REDACTED], phone=[REDACTED], certificateNo=[REDACTED]"
                    + ", certificateType=" + certificateType + ", healthCardNo=[REDACTED], gender=" + gender
                    + ", nation=" + nation + ", channel=" + channel + ", labels=" + labels + "]";
        }
    }

    /**
     * 字典标签；未知代码为 null / dictionary labels; null for an unknown code.
     *
     * @param certificateType 证件类型 / certificate type
     * @param gender          性别 / gender
     * @param nation          民族 / nation
     * @param channel         渠道 / channel
     */
    public record Labels(String certificateType, String gender, String nation, String channel) {
    }

    /**
     * 对网关其他接口的一次调用：{@code command}（查询参数 command=…）或 {@code path}（接口路径）二选一。
     * One call to another gateway API: a {@code command} (query command=…) or a {@code path}.
     *
     * <pre>{@code
     * JsonNode data = sso.call(YjtSsoClient.Call.command("02", Map.of("userId", userId)));
     * }</pre>
     *
     * @param command 接口的 command / the API's command
     * @param path    接口路径 / the API's path
     * @param method  HTTP 方法，缺省 POST / the HTTP method, POST when null
     * @param query   查询参数，可为 null / query parameters, may be null
     * @param body    请求体（任意可序列化为 JSON 的对象），可为 null / the body, may be null
     */
    public record Call(String command, String path, String method, Map<String, String> query, Object body) {
        /** 按 command 调用（POST，带请求体）/ by command (POST with a body). */
        public static Call command(String command, Object body) {
            return new Call(command, null, "POST", null, body);
        }

        /** 按路径调用 / by path. */
        public static Call path(String method, String path, Map<String, String> query, Object body) {
            return new Call(null, path, method, query, body);
        }
    }

    /**
     * 所有失败的唯一异常类型，字段与服务的 problem+json 一一对应。
     * The one exception type; its fields are those of the service's problem+json.
     *
     * <ul>
     *   <li>{@code code()}：GATEWAY_FAILURE、INVALID_INPUT、UNAUTHORIZED、FORBIDDEN、TIMEOUT、NETWORK …</li>
     *   <li>{@code errcode()}：网关 errcode（如 1），没有时为 null / the gateway errcode, or null</li>
     *   <li>{@code retryable()}：稍后重试可能成功 / whether retrying later can succeed</li>
     *   <li>{@code field()}：出错的输入（如 {@code code}），没有时为 null / the input at fault, or null</li>
     *   <li>{@code status()}：HTTP 状态；没有收到应答（TIMEOUT、NETWORK）时为 0 / the HTTP status, 0 without an answer</li>
     * </ul>
     */
    public static final class YjtSsoException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;
        private final Integer errcode;
        private final boolean retryable;
        private final String field;
        private final int status;

        /**
         * @param code      错误码 / the error code
         * @param message   说明（不含 code、密钥或个人信息）/ the message (no login code, secret or PII)
         * @param errcode   网关 errcode，可为 null / the gateway errcode, may be null
         * @param retryable 可否重试 / retryable
         * @param field     出错的输入，可为 null / the input at fault, may be null
         * @param status    HTTP 状态，没有应答为 0 / the HTTP status, 0 without an answer
         */
        public YjtSsoException(String code, String message, Integer errcode, boolean retryable, String field, int status) {
            super(code + ": " + message);
            this.code = code;
            this.errcode = errcode;
            this.retryable = retryable;
            this.field = field;
            this.status = status;
        }

        static YjtSsoException fromProblem(JsonNode p, int status) {
            String title = p.path("title").asText("");
            String detail = p.path("detail").asText("");
            String message = detail.isEmpty() ? title : title.isEmpty() ? detail : title + " — " + detail;
            return new YjtSsoException(
                    p.get("code").asText(),
                    message,
                    p.hasNonNull("errcode") && p.get("errcode").canConvertToInt() ? p.get("errcode").asInt() : null,
                    p.path("retryable").asBoolean(false),
                    p.hasNonNull("field") ? p.get("field").asText() : null,
                    status);
        }

        /** 错误码 / the error code. */
        public String code() { return code; }

        /** 网关 errcode 或 null / the gateway errcode or null. */
        public Integer errcode() { return errcode; }

        /** 可否重试 / retryable. */
        public boolean retryable() { return retryable; }

        /** 出错的输入或 null / the input at fault or null. */
        public String field() { return field; }

        /** HTTP 状态，没有应答为 0 / the HTTP status, 0 without an answer. */
        public int status() { return status; }
    }
}
