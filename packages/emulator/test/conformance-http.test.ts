/** HTTP-level rows: routing errors, CORS, rate limit, faults and request records, on both stores. */

import type { KvErrorEnvelope } from "@telnyx-kv/core/protocol";
import { expect, it } from "vitest";
import { Api, expectEnvelope, expectError, rawRequest } from "./helpers.js";
import { describeStores } from "./stores.js";

describeStores("http: routing errors", (ctx) => {
  it("answers unknown routes with a 404 envelope", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    for (const path of [
      "/nope",
      "/storage",
      "/storage/kvsx",
      `/storage/kvs/${id}/values`,
      `/storage/kvs/${id}/keys-x`,
    ]) {
      expectError(await api.req("GET", path), 404);
    }
    const outside = await rawRequest(ctx.emu().origin, {
      method: "GET",
      path: "/not-v2/storage/kvs",
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(outside.status).toBe(404);
    expectEnvelope(outside);
  });

  it("answers a wrong method with 405 and an Allow header", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    const cases: Array<[string, string, string[]]> = [
      ["PATCH", "/storage/kvs", ["GET", "POST"]],
      ["PUT", "/storage/kvs", ["GET", "POST"]],
      ["POST", `/storage/kvs/${id}`, ["GET", "DELETE"]],
      ["PUT", `/storage/kvs/${id}`, ["GET", "DELETE"]],
      ["POST", `/storage/kvs/${id}/keys`, ["GET"]],
      ["POST", `/storage/kvs/${id}/keys/k`, ["GET", "PUT", "DELETE"]],
      ["PATCH", `/storage/kvs/${id}/keys/k`, ["GET", "PUT", "DELETE"]],
    ];
    for (const [method, path, allowed] of cases) {
      const res = await api.req(method, path, { body: method === "GET" ? undefined : "x" });
      expectError(res, 405);
      const allow = (res.headers.get("allow") ?? "").split(",").map((m) => m.trim());
      for (const m of allowed) expect(allow, `${method} ${path}`).toContain(m);
      expect(allow).not.toContain(method);
    }
  });

  it("answers invalid percent-encoding with a 400 envelope", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    for (const key of ["%zz", "a%", "%E0%A4%A", "%C3%28", "%FF"]) {
      const res = await rawRequest(ctx.emu().origin, {
        method: "GET",
        path: `/v2/storage/kvs/${id}/keys/${key}`,
        headers: { authorization: `Bearer ${api.token}` },
      });
      expect(res.status, key).toBe(400);
      expectEnvelope(res);
    }
  });

  it("decodes a key exactly once", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    const put = (rawKey: string) =>
      rawRequest(ctx.emu().origin, {
        method: "PUT",
        path: `/v2/storage/kvs/${id}/keys/${rawKey}`,
        headers: { authorization: `Bearer ${api.token}` },
        body: rawKey,
      });
    const doubled = await put("a%252Fb");
    expect(doubled.status).toBe(400);
    expect(JSON.parse(doubled.text).errors[0].code).toBe("10015");
    expect((await put("%41%2d%5A")).status).toBe(201);
    expect(new TextDecoder().decode((await api.get(id, "A-Z")).bytes)).toBe("%41%2d%5A");
    const empty = await put("");
    expect(empty.status).toBeGreaterThanOrEqual(400);
    expect(empty.status).toBeLessThan(500);
    expectEnvelope(empty);
    expect((await api.listAll(id)).keys).toEqual(["A-Z"]);
  });

  it("answers very long headers with a 4xx envelope and keeps serving", async () => {
    const api = ctx.api();
    const res = await rawRequest(ctx.emu().origin, {
      method: "GET",
      path: "/v2/storage/kvs",
      headers: { authorization: `Bearer ${api.token}`, "x-long": "a".repeat(64 * 1024) },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectEnvelope(res);
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
  });

  it("tags every response with an x-request-id", async () => {
    const api = ctx.api();
    const ok = await api.req("GET", "/storage/kvs");
    const err = await api.req("GET", "/storage/kvs/not-a-uuid");
    const a = ok.headers.get("x-request-id");
    const b = err.headers.get("x-request-id");
    expect(a).toBeTruthy();
    expect(b).toBeTruthy();
    expect(a).not.toBe(b);
  });

  it("gives every error a string code, a title and a detail", async () => {
    const api = ctx.api();
    const body = expectError(await api.getNamespace("00000000-0000-4000-8000-000000000000"), 404, "10005");
    expect(Object.keys(body)).toEqual(["errors"]);
  });
});

describeStores("http: CORS", (ctx) => {
  const preflight = (emu: { url: string }, origin: string) =>
    fetch(`${emu.url}/storage/kvs`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization, content-type",
      },
    });

  it("answers a preflight from a localhost origin", async () => {
    const res = await preflight(ctx.emu(), "http://localhost:5173");
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(["http://localhost:5173", "*"]).toContain(res.headers.get("access-control-allow-origin"));
    expect((res.headers.get("access-control-allow-methods") ?? "").toUpperCase()).toContain("PUT");
    const allowHeaders = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    expect(
      allowHeaders === "*" ||
        (allowHeaders.includes("authorization") && allowHeaders.includes("content-type")),
    ).toBe(true);
    const loopback = await preflight(ctx.emu(), "http://127.0.0.1:3000");
    expect(["http://127.0.0.1:3000", "*"]).toContain(loopback.headers.get("access-control-allow-origin"));
  });

  it("gives a disallowed origin no allow-origin", async () => {
    const res = await preflight(ctx.emu(), "https://evil.example");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const api = ctx.api();
    const get = await api.req("GET", "/storage/kvs", { headers: { origin: "https://evil.example" } });
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("exposes the headers clients read on actual responses", async () => {
    const api = ctx.api();
    const res = await api.req("GET", "/storage/kvs", { headers: { origin: "http://localhost:5173" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const exposed = (res.headers.get("access-control-expose-headers") ?? "").toLowerCase();
    expect(exposed).toContain("x-request-id");
    const err = await api.req("GET", "/storage/kvs/not-a-uuid", {
      headers: { origin: "http://localhost:5173" },
    });
    expect(err.status).toBe(400);
    expect(err.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });

  it("honours corsOrigins", async () => {
    const emu = await ctx.start({ corsOrigins: ["https://app.example"] });
    expect((await preflight(emu, "https://app.example")).headers.get("access-control-allow-origin")).toBe(
      "https://app.example",
    );
    expect(
      (await preflight(emu, "http://localhost:5173")).headers.get("access-control-allow-origin"),
    ).toBeNull();
    const any = await ctx.start({ corsOrigins: "*" });
    expect(["*", "https://anything.example"]).toContain(
      (await preflight(any, "https://anything.example")).headers.get("access-control-allow-origin"),
    );
  });
});

describeStores("http: rate limit", (ctx) => {
  it("answers 429 10011 with x-ratelimit-* headers past the limit, per token", async () => {
    const emu = await ctx.start({ rateLimitPerMinute: 3 });
    const api = new Api(emu);
    for (let i = 0; i < 3; i++) {
      const ok = await api.req("GET", "/storage/kvs");
      expect(ok.status).toBe(200);
    }
    const limited = await api.req("GET", "/storage/kvs");
    expectError(limited, 429, "10011");
    expect(limited.headers.get("x-ratelimit-limit")).toBe("3");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(limited.headers.get("x-ratelimit-reset"));
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset).toBeGreaterThanOrEqual(0);
    expect(reset).toBeLessThanOrEqual(60);
    expect((await new Api(emu).req("GET", "/storage/kvs")).status).toBe(200);
  });

  it("allows requests again once the minute has passed on the emulator clock", async () => {
    let clock = Date.parse("2026-06-18T14:00:00Z");
    const emu = await ctx.start({ rateLimitPerMinute: 2, now: () => clock });
    const api = new Api(emu);
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
    clock += 30_000;
    const limited = await api.req("GET", "/storage/kvs");
    expectError(limited, 429, "10011");
    const reset = Number(limited.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(30);
    expectError(await api.req("GET", "/storage/kvs"), 429, "10011");
    // x-ratelimit-reset is the number of seconds until requests are allowed again.
    clock += reset * 1000;
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
  });

  it("applies no rate limit by default", async () => {
    const api = ctx.api();
    for (let i = 0; i < 50; i++) expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
  });
});

describeStores("http: faults", (ctx) => {
  it("fails every request with the configured kind and recovers when cleared", async () => {
    const emu = await ctx.start();
    const api = new Api(emu);
    const id = await api.readyNamespace();
    emu.setFaults({ failureRate: 1, failureKinds: ["503"] });
    for (let i = 0; i < 5; i++) expectError(await api.req("GET", "/storage/kvs"), 503);
    expectError(await api.put(id, "k", "v"), 503);
    emu.setFaults({ failureRate: 1, failureKinds: ["408"] });
    expectError(await api.get(id, "k"), 408);
    emu.setFaults({ failureRate: 1, failureKinds: ["429"] });
    const limited = await api.req("GET", "/storage/kvs");
    expectError(limited, 429, "10011");
    expect(limited.headers.get("x-ratelimit-limit")).not.toBeNull();
    expect(limited.headers.get("x-ratelimit-remaining")).not.toBeNull();
    expect(limited.headers.get("x-ratelimit-reset")).not.toBeNull();
    emu.setFaults(undefined);
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
    // Nothing from the failed PUT was stored.
    expectError(await api.get(id, "k"), 404, "10005");
  });

  it("mixes kinds at a failure rate of 1 and answers 500 and 502 with envelopes", async () => {
    const emu = await ctx.start({ faults: { failureRate: 1, failureKinds: ["500", "502"] } });
    const api = new Api(emu);
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const res = await api.req("GET", "/storage/kvs");
      expectEnvelope(res);
      statuses.add(res.status);
    }
    expect([...statuses].sort()).toEqual([500, 502]);
  });

  it("resets the connection for the reset kind", async () => {
    const emu = await ctx.start({ faults: { failureRate: 1, failureKinds: ["reset"] } });
    await expect(new Api(emu).req("GET", "/storage/kvs")).rejects.toThrow();
    emu.setFaults({});
    expect((await new Api(emu).req("GET", "/storage/kvs")).status).toBe(200);
  });

  it("adds latency", async () => {
    const emu = await ctx.start({ faults: { latencyMs: 250 } });
    const api = new Api(emu);
    let started = Date.now();
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(245);
    emu.setFaults({ latencyMs: 150, jitterMs: 50 });
    started = Date.now();
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("forces a fault on one request through the emulator header", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    const header = (value: string) => ({ headers: { "x-telnyx-kv-emulator-fault": value } });
    for (const kind of ["500", "502", "503", "408", "429"]) {
      expectError(await api.req("GET", "/storage/kvs", header(kind)), Number(kind));
    }
    await expect(api.req("GET", "/storage/kvs", header("reset"))).rejects.toThrow();
    const started = Date.now();
    expect((await api.req("GET", "/storage/kvs", header("latency=200"))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expectError(await api.put(id, "faulty", "v", header("500")), 500);
    expectError(await api.get(id, "faulty"), 404, "10005");
    expect((await api.put(id, "faulty", "v")).status).toBe(201);
    expectError(await api.put(id, "faulty", "w", header("503")), 503);
    expect(new TextDecoder().decode((await api.get(id, "faulty")).bytes)).toBe("v");
  });

  it("stores nothing when a randomly injected failure hits a PUT", async () => {
    const emu = await ctx.start();
    const api = new Api(emu);
    const id = await api.readyNamespace();
    emu.setFaults({ failureRate: 0.5, failureKinds: ["500", "503"] });
    const results = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const key = `maybe-${i}`;
      results.set(key, (await api.put(id, key, "v")).status);
    }
    emu.setFaults(undefined);
    expect([...results.values()].some((s) => s >= 500)).toBe(true);
    expect([...results.values()].some((s) => s === 201)).toBe(true);
    const stored = new Set((await api.listAll(id, { prefix: "maybe-" })).keys);
    for (const [key, status] of results) expect(stored.has(key), `${key} (${status})`).toBe(status === 201);
  });
});

describeStores("http: request records", (ctx) => {
  it("records method, path, status, namespace and key when asked", async () => {
    const emu = await ctx.start({ recordRequests: true });
    const api = new Api(emu);
    const id = await api.readyNamespace();
    await api.put(id, "a/b", "v");
    await api.get(id, "missing");
    const put = emu.requests.find((r) => r.method === "PUT");
    expect(put).toMatchObject({ method: "PUT", status: 201, namespaceId: id, key: "a/b" });
    expect(put!.path).toContain(`/storage/kvs/${id}/keys/`);
    expect(emu.requests.find((r) => r.method === "GET" && r.key === "missing")?.status).toBe(404);
    expect(emu.requests.some((r) => r.method === "POST" && r.status === 201)).toBe(true);
    const body = (await api.getNamespace("not-a-uuid")).json<KvErrorEnvelope>();
    expect(body.errors[0]!.code).toBe("10006");
  });
});
