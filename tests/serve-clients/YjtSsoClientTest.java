// Runs clients/java/YjtSsoClient.java against a running `yjt-sso serve` and the mock gateway.
// Started by tests/serve-clients/run.sh, which plants the user and passes everything in env vars.
// Prints `ok <case>` / `FAIL <case>` lines, a masked transcript (lines starting with "  | ") and
// `java: N passed, M failed`; exits 1 when a case failed.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

public final class YjtSsoClientTest {
    private static int passed;
    private static int failed;

    interface Case {
        void run() throws Exception;
    }

    static void test(String name, Case c) {
        try {
            c.run();
            passed++;
            System.out.println("ok   java " + name);
        } catch (Throwable e) {
            failed++;
            System.out.println("FAIL java " + name + ": " + e);
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    static void transcript(String line) {
        System.out.println("  | " + line);
    }

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) throw new IllegalStateException("missing env " + name);
        return v;
    }

    /** The call that must fail, and the exception it must fail with. */
    static YjtSsoClient.YjtSsoException failure(Case c) throws Exception {
        try {
            c.run();
        } catch (YjtSsoClient.YjtSsoException e) {
            return e;
        }
        throw new AssertionError("no YjtSsoException");
    }

    static String describe(YjtSsoClient.YjtSsoException e) {
        return "YjtSsoException code=" + e.code() + " errcode=" + e.errcode() + " retryable=" + e.retryable()
                + " field=" + e.field() + " status=" + e.status();
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(env("SSO_URL"));
        String token = env("SSO_TOKEN");
        String code = env("SSO_CODE");
        JsonNode planted = new ObjectMapper().readTree(new File(env("SSO_USER_FILE")));
        var sso = new YjtSsoClient(url, token);

        test("exchange returns the planted identity", () -> {
            YjtSsoClient.Identity u = sso.exchange(code);
            check(u.userId().equals(planted.get("userId").asText()), "userId");
            check(u.name().equals(planted.get("name").asText()), "name");
            check(u.phone().equals(planted.get("phone").asText()), "phone");
            check(u.certificateNo().equals(planted.get("certificateNo").asText()), "certificateNo");
            check(u.certificateType().equals(planted.get("certificateType").asText()), "certificateType");
            check(u.healthCardNo().equals(planted.get("healthCardNo").asText()), "healthCardNo");
            check(u.gender() == planted.get("gender").asInt(), "gender");
            check(u.nation().equals(planted.get("nation").asText()), "nation");
            check(u.channel().equals(planted.get("channel").asText()), "channel");
            check(u.labels() != null && u.labels().gender() != null && u.labels().certificateType() != null, "labels");
            String shown = u.toString();
            for (String f : List.of("name", "phone", "certificateNo", "healthCardNo")) {
                check(!shown.contains(planted.get(f).asText()), "toString() shows " + f);
            }
            transcript("exchange(code) -> " + shown);
        });

        test("a used code is GATEWAY_FAILURE, errcode 1, not retryable", () -> {
            var e = failure(() -> sso.exchange(code));
            check("GATEWAY_FAILURE".equals(e.code()), "code " + e.code());
            check(Integer.valueOf(1).equals(e.errcode()), "errcode " + e.errcode());
            check(!e.retryable(), "retryable");
            check(e.status() >= 400, "status " + e.status());
            check(!e.getMessage().contains(code), "the message quotes the code");
            transcript("exchange(the same code again) -> " + describe(e));
        });

        test("a bad token is UNAUTHORIZED (401)", () -> {
            var bad = new YjtSsoClient(url, "not-the-token");
            var e = failure(() -> bad.exchange("any-code-1"));
            check("UNAUTHORIZED".equals(e.code()), "code " + e.code());
            check(e.status() == 401 && !e.retryable(), "status/retryable");
            transcript("exchange with a wrong token -> " + describe(e));
        });

        test("a malformed code is INVALID_INPUT naming the field code", () -> {
            var e = failure(() -> sso.exchange("not a code!"));
            check("INVALID_INPUT".equals(e.code()), "code " + e.code());
            check("code".equals(e.field()), "field " + e.field());
            check(e.status() == 400 && !e.retryable(), "status " + e.status());
            transcript("exchange(\"not a code!\") -> " + describe(e));
        });

        test("a tenant with exchange.mask gets masked fields", () -> {
            var masked = new YjtSsoClient(url, env("SSO_MASKED_TOKEN"));
            YjtSsoClient.Identity u = masked.exchange(env("SSO_MASKED_CODE"));
            var shown = new java.util.LinkedHashMap<String, String>();
            shown.put("name", u.name());
            shown.put("phone", u.phone());
            shown.put("certificateNo", u.certificateNo());
            shown.put("healthCardNo", u.healthCardNo());
            for (var f : shown.entrySet()) {
                String plain = planted.get(f.getKey()).asText();
                check(!f.getValue().equals(plain) && f.getValue().contains("*"), f.getKey() + " is not masked");
            }
            check(u.gender() == planted.get("gender").asInt() && u.nation().equals(planted.get("nation").asText()), "unmasked fields");
            transcript("exchange(code) on the masked tenant -> " + shown);
        });

        test("call: an allowed command returns its data", () -> {
            String demoUser = env("SSO_DEMO_USER_ID");
            JsonNode data = sso.call(YjtSsoClient.Call.command("02", Map.of("userId", demoUser)));
            check(demoUser.equals(data.path("userId").asText()), "data.userId");
            transcript("call(command 02) -> data.userId " + data.path("userId").asText());
        });

        test("call: a command not in call.allow is FORBIDDEN (403)", () -> {
            var e = failure(() -> sso.call(YjtSsoClient.Call.command("99", Map.of())));
            check("FORBIDDEN".equals(e.code()) && e.status() == 403 && !e.retryable(), describe(e));
            transcript("call(command 99) -> " + describe(e));
        });

        test("no answer within the timeout is TIMEOUT (retryable, status 0)", () -> {
            var hang = new YjtSsoClient(URI.create(env("SSO_HANG_URL")), token, Duration.ofMillis(800), null);
            long t0 = System.nanoTime();
            var e = failure(() -> hang.exchange("any-code-2"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            check("TIMEOUT".equals(e.code()) && e.retryable() && e.status() == 0, describe(e));
            check(ms < 5000, "took " + ms + " ms");
            transcript("exchange on a server that never answers (timeout 800 ms) -> " + describe(e));
        });

        test("a refused connection is NETWORK (retryable, status 0)", () -> {
            var refused = new YjtSsoClient(URI.create(env("SSO_REFUSED_URL")), token);
            var e = failure(() -> refused.exchange("any-code-3"));
            check("NETWORK".equals(e.code()) && e.retryable() && e.status() == 0, describe(e));
            transcript("exchange on a closed port -> " + describe(e) + " (" + e.getMessage() + ")");
        });

        test("a redirect is not followed (HTTP_STATUS 307)", () -> {
            var redirect = new YjtSsoClient(URI.create(env("SSO_REDIRECT_URL")), token);
            var e = failure(() -> redirect.exchange("any-code-4"));
            check("HTTP_STATUS".equals(e.code()) && e.status() == 307 && !e.retryable(), describe(e));
            transcript("exchange on a server answering 307 -> " + describe(e));
        });

        test("a JVM-wide proxy setting is not used", () -> {
            // Every connection through a proxy on a closed port: a client that used it would get NETWORK.
            URI closed = URI.create(env("SSO_REFUSED_URL"));
            ProxySelector before = ProxySelector.getDefault();
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(closed.getHost(), closed.getPort())));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                }
            });
            try {
                var e = failure(() -> new YjtSsoClient(url, "not-the-token").exchange("any-code-5"));
                check("UNAUTHORIZED".equals(e.code()), describe(e));
            } finally {
                ProxySelector.setDefault(before);
            }
        });

        test("mTLS: a client certificate selects the tenant, no token", () -> {
            char[] pw = "changeit".toCharArray();
            var keys = java.security.KeyStore.getInstance("PKCS12");
            try (var in = new java.io.FileInputStream(env("SSO_MTLS_P12"))) {
                keys.load(in, pw);
            }
            var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            var trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            trust.load(null, null);
            try (var in = new java.io.FileInputStream(env("SSO_MTLS_CA"))) {
                trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            var withCert = javax.net.ssl.SSLContext.getInstance("TLS");
            withCert.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            var withoutCert = javax.net.ssl.SSLContext.getInstance("TLS");
            withoutCert.init(null, tmf.getTrustManagers(), null);
            URI mtls = URI.create(env("SSO_MTLS_URL"));
            var http = java.net.http.HttpClient.newBuilder().sslContext(withCert)
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            YjtSsoClient.Identity u = new YjtSsoClient(mtls, null, Duration.ofSeconds(15), http).exchange(env("SSO_MTLS_CODE"));
            check(u.userId().equals(planted.get("userId").asText()) && u.name().equals(planted.get("name").asText()), "identity");
            var anonymous = java.net.http.HttpClient.newBuilder().sslContext(withoutCert)
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            var e = failure(() -> new YjtSsoClient(mtls, null, Duration.ofSeconds(15), anonymous).exchange("any-code-6"));
            check(("NETWORK".equals(e.code()) && e.status() == 0) || ("UNAUTHORIZED".equals(e.code()) && e.status() == 401), describe(e));
            transcript("exchange over mTLS (client certificate, no token) -> " + u);
            transcript("exchange over TLS without a client certificate -> " + describe(e));
        });

        System.out.println("java: " + passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
