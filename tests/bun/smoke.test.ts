// Bun smoke suite: yjt-sso from the installed tarball (.tmp/consumer, or $YJT_CONSUMER),
// resolved with the package's own exports map — ESM via Bun.resolveSync from the consumer
// directory, CJS via require — plus the ESM entry imported by path.
import { test, expect, afterAll } from "bun:test";
import { createRequire } from "node:module";
import path from "node:path";
import { createHash } from "node:crypto";

const CONSUMER = process.env.YJT_CONSUMER || path.resolve(import.meta.dir, "../../.tmp/consumer");
const esmPath = Bun.resolveSync("yjt-sso", CONSUMER);
const esm = await import(esmPath);
const cjs = createRequire(path.join(CONSUMER, "package.json"))("yjt-sso");
const direct = await import(path.join(CONSUMER, "node_modules/yjt-sso/index.mjs"));

const KEY = "A7E2D00B4058086CBD3D4B8A5E0B2697";
const GB_KEY = "0123456789abcdeffedcba9876543210";

test("resolves into the consumer's node_modules", () => {
  expect(esmPath.startsWith(path.join(CONSUMER, "node_modules", "yjt-sso"))).toBe(true);
  expect(esmPath.endsWith(".mjs")).toBe(true);
});

for (const [name, m] of [["esm", esm], ["cjs", cjs], ["index.mjs by path", direct]] as const) {
  test(`${name}: SM4 vectors`, () => {
    const sm4 = new m.Sm4(GB_KEY);
    const ct: Uint8Array = sm4.encryptBytes(Buffer.from(GB_KEY, "hex"));
    expect(Buffer.from(ct.subarray(0, 16)).toString("hex")).toBe("681edf34d206965e86b3e94f536e4246");
    sm4.free();
    expect(m.encryptEcb(KEY, "小明")).toBe("0a504c329ff631c16bd487b2fdc3489f");
    expect(m.encryptEcb(KEY, "")).toBe("a6e32659fba0e9185851b7411d8e1f16");
    expect(m.encryptEcb(KEY, "13800138000")).toBe("791410f8740fede1ad58d8ebd8ba1b0d");
    expect(m.decryptEcb(KEY, "791410F8740FEDE1AD58D8EBD8BA1B0D")).toBe("13800138000");
    let err: any;
    try {
      new m.Sm4("too-short");
    } catch (e) {
      err = e;
    }
    expect(err instanceof esm.YjtError).toBe(true);
    expect(err instanceof cjs.YjtError).toBe(true);
    expect(err.code).toBe("INVALID_KEY");
  });
}

const CONFIG = {
  env: "test" as const,
  appCode: "HOSP001",
  appKey: KEY,
  paasId: "paas-hosp-001",
  paasToken: "tok-Zq81-SECRET-TOKEN-77",
  appSecret: "sec-Wm42-SECRET-APPSECRET-99",
};
const sig = (ts: string, nonce: string) =>
  createHash("sha256").update(ts + CONFIG.paasToken + nonce + ts).digest("hex").toUpperCase();

const hits: string[] = [];
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const url = new URL(req.url);
    const code = url.searchParams.get("code") ?? "";
    hits.push(code);
    const ts = req.headers.get("x-tsp-timestamp") ?? "";
    const nonce = req.headers.get("x-tsp-nonce") ?? "";
    const ok = req.headers.get("x-tsp-signature") === sig(ts, nonce) &&
      req.headers.get("x-tsp-appsecret") === CONFIG.appSecret &&
      req.headers.get("x-tsp-serviceid") === "DGSP_1911964810465574914" &&
      url.searchParams.get("appCode") === CONFIG.appCode && url.searchParams.get("command") === "01";
    if (!ok) return Response.json({ errcode: 3, errmsg: "bad signature" });
    if (code.startsWith("ec")) return Response.json({ errcode: Number(code.slice(2)), errmsg: "rejected" });
    return Response.json({
      errcode: 0,
      errmsg: "SUCCESS",
      data: {
        userId: "u-1",
        name: "张三丰",
        phone: esm.encryptEcb(KEY, "13800138000"),
        certificateNo: esm.encryptEcb(KEY, "11010519491231002X"),
        certificateType: "01",
        healthCardNo: "",
        gender: 1,
        nation: "31",
        channel: "2",
      },
    });
  },
});
afterAll(() => server.stop(true));
const baseUrl = `http://127.0.0.1:${server.port}/data_center/gateway/common/api`;

test("exchange against a local Bun.serve gateway: success and an errcode", async () => {
  const client = new esm.YjtClient({ ...CONFIG, baseUrl, timeoutMs: 5000 });
  const user = await client.exchangeCode("abc-123");
  expect(user.certificateNo).toBe("11010519491231002X");
  expect(user.phone).toBe("13800138000");
  expect({ ...user.labels }).toEqual({ certificateType: "居民身份证", gender: "男", nation: "达斡尔族", channel: "港澳" });
  const shown = Bun.inspect(user);
  expect(shown).not.toContain("13800138000");
  expect(shown).not.toContain("11010519491231002X");
  expect(JSON.stringify(user)).toContain("11010519491231002X");

  let err: any;
  try {
    await client.exchangeCode("ec400000429");
  } catch (e) {
    err = e;
  }
  expect(err instanceof esm.YjtError).toBe(true);
  expect([err.code, err.errcode, err.retryable]).toEqual(["GATEWAY_REJECTED", 400000429, true]);
  expect(hits).toEqual(["abc-123", "ec400000429"]);
  const views = Bun.inspect(client) + JSON.stringify(client) + String(client) + Bun.inspect(err);
  for (const s of [CONFIG.paasToken, CONFIG.appSecret, KEY]) expect(views).not.toContain(s);
  client.free();
});

test("the CJS build talks to the same gateway", async () => {
  const client = new cjs.YjtClient({ ...CONFIG, baseUrl });
  expect((await client.exchangeCode("cjs-1")).userId).toBe("u-1");
  client.free();
});

test("two clients sharing a store: one gateway request, the same identity (Web Crypto in Bun)", async () => {
  const store = esm.memoryStore();
  const mk = () => new esm.YjtClient({ ...CONFIG, baseUrl, timeoutMs: 5000, store, storeKey: "bun-store-key-0123456789abcdefghijk" });
  const [a, b] = [mk(), mk()];
  const before = hits.length;
  const [u1, u2] = await Promise.all([a.exchangeCode("tap-bun"), b.exchangeCode("tap-bun")]);
  expect(hits.slice(before)).toEqual(["tap-bun"]);
  expect(JSON.stringify(u1)).toBe(JSON.stringify(u2));
  a.free();
  b.free();
});
