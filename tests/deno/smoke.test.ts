// Deno smoke suite. Run from the consumer project so `npm:yjt-sso` resolves from its
// node_modules (the installed tarball), never from a registry:
//   cd .tmp/consumer && deno test --allow-all --node-modules-dir=manual --no-lock ../../tests/deno/
// Type-checked by `deno test` (types from the package's exports `types`, and index.d.mts).
import * as npm from "npm:yjt-sso";
import { type YjtConfig, type YjtUser, YjtClient, YjtError } from "npm:yjt-sso";
// The package's ESM entry by path (files under node_modules get no @ts-self-types in Deno,
// so the declarations are named explicitly).
// @ts-types="../../.tmp/consumer/node_modules/yjt-sso/index.d.mts"
import * as direct from "../../.tmp/consumer/node_modules/yjt-sso/index.mjs";

function assert(cond: unknown, msg = "assertion failed"): asserts cond {
  if (!cond) throw new Error(msg);
}
function assertEquals<T>(actual: T, expected: T, msg = "") {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${msg} expected ${e}, got ${a}`);
}

const KEY = "A7E2D00B4058086CBD3D4B8A5E0B2697";
const GB_KEY = "0123456789abcdeffedcba9876543210";
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (s: string) => new Uint8Array(s.match(/../g)!.map((h) => parseInt(h, 16)));

async function sha256Upper(s: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s));
  return hex(new Uint8Array(d)).toUpperCase();
}

for (const [name, m] of [["npm:yjt-sso", npm], ["index.mjs by path", direct]] as const) {
  Deno.test(`${name}: SM4 vectors`, () => {
    const sm4 = new m.Sm4(GB_KEY);
    assertEquals(hex(sm4.encryptBytes(unhex(GB_KEY)).subarray(0, 16)), "681edf34d206965e86b3e94f536e4246");
    sm4.free();
    assertEquals(m.encryptEcb(KEY, "小明"), "0a504c329ff631c16bd487b2fdc3489f");
    assertEquals(m.encryptEcb(KEY, ""), "a6e32659fba0e9185851b7411d8e1f16");
    assertEquals(m.encryptEcb(KEY, "13800138000"), "791410f8740fede1ad58d8ebd8ba1b0d");
    assertEquals(m.decryptEcb(KEY, "0A504C329FF631C16BD487B2FDC3489F"), "小明");
    assert(m.verifyEcb(KEY, "791410f8740fede1ad58d8ebd8ba1b0d", "13800138000"));
    let err: unknown;
    try {
      new m.Sm4("too-short");
    } catch (e) {
      err = e;
    }
    assert(err instanceof m.YjtError && err.code === "INVALID_KEY", "bad key → INVALID_KEY");
    assert(err instanceof YjtError, "instanceof across both imports");
  });

  Deno.test(`${name}: Deno.inspect and JSON of Sm4 are redacted`, () => {
    const sm4 = new m.Sm4(KEY);
    const shown = Deno.inspect(sm4);
    assert(!shown.includes(KEY) && !shown.toLowerCase().includes(KEY.toLowerCase()), shown);
    assertEquals(JSON.stringify(sm4), '{"key":"[REDACTED]"}');
    sm4.free();
  });
}

const CONFIG = {
  env: "test",
  appCode: "HOSP001",
  appKey: KEY,
  paasId: "paas-hosp-001",
  paasToken: "tok-Zq81-SECRET-TOKEN-77",
  appSecret: "sec-Wm42-SECRET-APPSECRET-99",
} satisfies Omit<YjtConfig, "baseUrl">;

/** A local gateway on 127.0.0.1, port 0, that checks the signature with WebCrypto. */
function startGateway() {
  const hits: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const code = url.searchParams.get("code") ?? "";
    hits.push(code);
    const ts = req.headers.get("x-tsp-timestamp") ?? "";
    const nonce = req.headers.get("x-tsp-nonce") ?? "";
    const ok = req.headers.get("x-tsp-signature") === (await sha256Upper(ts + CONFIG.paasToken + nonce + ts)) &&
      req.headers.get("x-tsp-appsecret") === CONFIG.appSecret &&
      req.headers.get("x-tsp-serviceid") === "DGSP_1911964810465574914" &&
      url.searchParams.get("appCode") === CONFIG.appCode && url.searchParams.get("command") === "01";
    if (!ok) return Response.json({ errcode: 3, errmsg: "bad signature" });
    if (code.startsWith("ec")) return Response.json({ errcode: Number(code.slice(2)), errmsg: "rejected" });
    // the package's own encryptEcb is fine here: SM4 itself is checked by the vectors above
    return Response.json({
      errcode: 0,
      errmsg: "SUCCESS",
      data: {
        userId: "u-1",
        name: "张三丰",
        phone: npm.encryptEcb(KEY, "13800138000"),
        certificateNo: npm.encryptEcb(KEY, "11010519491231002X"),
        certificateType: "01",
        healthCardNo: "",
        gender: 2,
        nation: "29",
        channel: "1",
      },
    });
  });
  const { port } = server.addr as Deno.NetAddr;
  return { server, hits, baseUrl: `http://127.0.0.1:${port}/data_center/gateway/common/api` };
}

Deno.test("exchange against a local Deno.serve gateway: success and an errcode", async () => {
  const gw = startGateway();
  try {
    const client = new YjtClient({ ...CONFIG, baseUrl: gw.baseUrl, timeoutMs: 5000 });
    const user: YjtUser = await client.exchangeCode("abc-123");
    assertEquals(user.certificateNo, "11010519491231002X");
    assertEquals(user.phone, "13800138000");
    assertEquals(user.gender, 2);
    assertEquals(user.labels, { certificateType: "居民身份证", gender: "女", nation: "柯尔克孜族", channel: "内地" });
    const shown = Deno.inspect(user);
    assert(!shown.includes("13800138000") && !shown.includes("11010519491231002X"), `inspect is masked: ${shown}`);
    assert(JSON.stringify(user).includes("11010519491231002X"), "JSON is the full data");

    let err: unknown;
    try {
      await client.exchangeCode("ec2");
    } catch (e) {
      err = e;
    }
    assert(err instanceof YjtError, "errcode 2 → YjtError");
    assertEquals([err.code, err.errcode, err.retryable], ["GATEWAY_INVALID_PARAMS", 2, false]);
    assertEquals(gw.hits, ["abc-123", "ec2"]);
    const view = Deno.inspect(client) + JSON.stringify(client) + String(client) + Deno.inspect(err);
    for (const s of [CONFIG.paasToken, CONFIG.appSecret, KEY]) assert(!view.includes(s), "no secret in views");
    client.free();
  } finally {
    await gw.server.shutdown();
  }
});

Deno.test("two clients sharing a store: one gateway request, the same identity; values sealed (Web Crypto in Deno)", async () => {
  const gw = startGateway();
  const seen: string[] = [];
  const inner = npm.memoryStore();
  const store = { get: inner.get, delete: inner.delete, set: (k: string, v: string, o: { ttlMs: number; onlyIfAbsent?: boolean }) => { seen.push(k + v); return inner.set(k, v, o); } };
  try {
    const mk = () => new YjtClient({ ...CONFIG, baseUrl: gw.baseUrl, timeoutMs: 5000, store, storeKey: "deno-store-key-0123456789abcdefghij" });
    const [a, b] = [mk(), mk()];
    const [u1, u2] = await Promise.all([a.exchangeCode("tap-1"), b.exchangeCode("tap-1")]);
    assertEquals(gw.hits, ["tap-1"]);
    assertEquals(JSON.stringify(u1), JSON.stringify(u2));
    assert(seen.every((x) => !x.includes("tap-1") && !x.includes("13800138000")), "no code or PII in the store");
    let err: unknown;
    try {
      await b.exchangeCode("ec2");
      await a.exchangeCode("ec2");
    } catch (e) {
      err = e;
    }
    assert(err instanceof YjtError);
    a.free();
    b.free();
  } finally {
    await gw.server.shutdown();
  }
});

Deno.test("NETWORK errors in Deno carry the errno (ECONNREFUSED, ENOTFOUND), never the URL with its code", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  for (const [baseUrl, errno] of [[`http://127.0.0.1:${port}/api`, "ECONNREFUSED"], ["http://no-such-host.invalid/api", "ENOTFOUND"]]) {
    const client = new YjtClient({ ...CONFIG, baseUrl, allowInsecureHttp: true, timeoutMs: 5000 });
    let err: unknown;
    try {
      await client.exchangeCode("secret-code-42");
    } catch (e) {
      err = e;
    }
    assert(err instanceof YjtError, "a YjtError");
    assertEquals(err.code, "NETWORK");
    assert(err.message.includes(`(${errno})`), `errno in: ${err.message}`);
    assert(!(err.message + String(err.cause) + Deno.inspect(err)).includes("secret-code-42"), "no code");
    client.free();
  }
});
