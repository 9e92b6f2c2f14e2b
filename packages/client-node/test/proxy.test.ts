import { createKvClient, KvConfigError, KvHttpError } from "@telnyx-kv/core";
import { KV_ERRORS, KV_MAX_VALUE_BYTES } from "@telnyx-kv/core/protocol";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKvProxy, type KvProxyGuardedOptions } from "../src/proxy/index.js";
import {
  binaryValue,
  createNamespace,
  envelopeError,
  listen,
  rawRequest,
  type TestServer,
} from "./proxy-fixtures.js";

const SERVER_KEY = "server-side-key-7f3a9c";

describe("createKvProxy against the emulator", () => {
  let emulator: Emulator;
  let server: TestServer;
  let allowed: string;
  let other: string;
  const seen: Headers[] = [];
  const proxyOptions = (extra: Partial<KvProxyGuardedOptions> = {}): KvProxyGuardedOptions => ({
    apiKey: SERVER_KEY,
    // These tests are about the allowlist: every caller passes the app's check.
    authorize: () => true,
    baseUrl: emulator.url,
    mountPath: "/kv",
    allow: { namespaces: [allowed], prefixes: ["public/", "user/"] },
    fetch: (input, init) => {
      seen.push(new Headers(init?.headers));
      return fetch(input, init);
    },
    ...extra,
  });
  const url = (path: string) => `${server.origin}/kv/v2/storage/kvs/${path}`;
  const reached = () => emulator.requests.length;

  beforeAll(async () => {
    // Only the server's key is accepted, so a forged client token that got through would fail.
    emulator = await startEmulator({ tokens: [SERVER_KEY], recordRequests: true });
    allowed = await createNamespace(emulator.url, SERVER_KEY, "allowed");
    other = await createNamespace(emulator.url, SERVER_KEY, "other");
    server = await listen(createKvProxy(proxyOptions()).node);
  });
  afterAll(async () => {
    await server.close();
    await emulator.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it("passes statuses and bodies through byte-exact, content type kept", async () => {
    const value = binaryValue();
    const headers = { "content-type": "application/x-custom", authorization: "Bearer forged-client-token" };
    const put = (body: Uint8Array<ArrayBuffer>) =>
      fetch(url(`${allowed}/keys/public%2Fbin`), { method: "PUT", headers, body });
    expect((await put(value)).status).toBe(201);
    expect((await put(value)).status).toBe(200);
    const got = await fetch(url(`${allowed}/keys/public%2Fbin`));
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("application/x-custom");
    expect(got.headers.get("x-request-id")).toMatch(/.+/);
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(value))).toBe(true);
    const head = await fetch(url(`${allowed}/keys/public%2Fbin`), { method: "HEAD" });
    expect([head.status, head.headers.get("content-length")]).toEqual([200, String(value.byteLength)]);
    expect((await fetch(url(`${allowed}/keys/public%2Fbin`), { method: "DELETE" })).status).toBe(204);
    const missing = await fetch(url(`${allowed}/keys/public%2Fbin`));
    expect(missing.status).toBe(404);
    expect(envelopeError(Buffer.from(await missing.arrayBuffer())).code).toBe("10005");
  });

  it("replaces the caller's Authorization and forwards no cookies or foreign headers", async () => {
    const answer = await fetch(url(`${allowed}/keys/user%2Fa`), {
      method: "PUT",
      body: "x",
      headers: {
        authorization: "Bearer forged",
        cookie: "session=abc",
        "x-telnyx-kv-emulator-fault": "500",
        "x-forwarded-for": "1.2.3.4",
      },
    });
    expect(answer.status).toBe(201);
    const sent = seen.at(-1)!;
    expect(sent.get("authorization")).toBe(`Bearer ${SERVER_KEY}`);
    for (const name of ["cookie", "x-telnyx-kv-emulator-fault", "x-forwarded-for", "host"])
      expect(sent.has(name)).toBe(false);
    expect(answer.headers.get("set-cookie")).toBeNull();
  });

  it("serves core's client end to end through the node:http adapter", async () => {
    const kv = createKvClient({
      baseUrl: `${server.origin}/kv`,
      apiKey: "forged-client-token",
      retry: false,
    });
    const ns = kv.namespace(allowed);
    expect(await ns.put("user/1", "Hello", { contentType: "text/plain" })).toEqual({ created: true });
    expect(await ns.put("user/1", "Hello again")).toEqual({ created: false });
    expect(await ns.getText("user/1")).toBe("Hello again");
    const max = new Uint8Array(KV_MAX_VALUE_BYTES).fill(7);
    max[KV_MAX_VALUE_BYTES - 1] = 9;
    await ns.put("user/max", max);
    const back = await ns.getBytes("user/max");
    expect(back?.byteLength).toBe(KV_MAX_VALUE_BYTES);
    expect(back?.[KV_MAX_VALUE_BYTES - 1]).toBe(9);
    await ns.put("user/empty", "");
    expect(await ns.getText("user/empty")).toBe("");
    const listed = [];
    for await (const entry of ns.list({ prefix: "user/", limit: 1 })) listed.push(entry.key);
    expect(listed).toEqual(expect.arrayContaining(["user/1", "user/empty", "user/max"]));
    await ns.delete("user/max");
    expect(await ns.get("user/max")).toBeNull();
    expect(await ns.put("user/ttl", "x", { ttlSeconds: 60 })).toEqual({ created: true });
  });

  it("refuses namespaces, keys, listings and methods the allowlist does not cover", async () => {
    const before = reached();
    const cases: Array<[string, RequestInit]> = [
      [`${other}/keys/public%2Fa`, {}],
      [`${other}/keys`, {}],
      [`${other}`, {}],
      [`${allowed}/keys/private%2Fa`, { method: "PUT", body: "x" }],
      [`${allowed}/keys/publicity`, {}],
      [`${allowed}/keys`, {}],
      [`${allowed}/keys?prefix=`, {}],
      [`${allowed}/keys?prefix=secret/`, {}],
      [`${allowed}/keys?cursor=abc`, {}],
      [``, {}],
      [``, { method: "POST", body: JSON.stringify({ name: "sneaky" }) }],
      [`${allowed}`, { method: "DELETE" }],
    ];
    for (const [path, init] of cases) {
      const answer = await fetch(url(path).replace(/\/$/, ""), init);
      expect(answer.status, path).toBe(403);
      expect(envelopeError(Buffer.from(await answer.arrayBuffer()))).toMatchObject({
        code: "10010",
        title: KV_ERRORS.authorizationFailed.title,
      });
    }
    expect(reached()).toBe(before);
    expect((await fetch(url(`${allowed}/keys?prefix=public/`))).status).toBe(200);
  });

  it("applies the method allowlist and namespace management switch", async () => {
    const readOnly = createKvProxy(proxyOptions({ allow: { namespaces: "*", methods: ["GET"] } }));
    const put = await readOnly(new Request(url(`${allowed}/keys/public%2Fa`), { method: "PUT", body: "x" }));
    expect([put.status, envelopeError(await put.text()).code]).toEqual([403, "10010"]);
    expect((await readOnly(new Request(url(`${other}/keys/anything`)))).status).toBe(404);
    const admin = createKvProxy(
      proxyOptions({
        allow: { namespaces: "*", methods: ["GET", "POST", "DELETE"], manageNamespaces: true },
      }),
    );
    const created = await admin(
      new Request(url("").replace(/\/$/, ""), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "made-by-proxy" }),
      }),
    );
    expect(created.status, await created.clone().text()).toBe(201);
    const listed = await admin(new Request(`${url("").replace(/\/$/, "")}?page[size]=250`));
    expect(((await listed.json()) as { data: Array<{ name: string }> }).data.map((ns) => ns.name)).toContain(
      "made-by-proxy",
    );
    expect(
      (await admin(new Request(`${url("").replace(/\/$/, "")}?page[size]=1&page[size]=250`))).status,
    ).toBe(400);
    expect((await admin(new Request(url(`${allowed}/keys/public%2Fa`), { method: "PATCH" }))).status).toBe(
      405,
    );
  });

  it("asks authorize() first and fails closed", async () => {
    const calls: string[] = [];
    const guarded = createKvProxy(
      proxyOptions({
        authorize: (request) => {
          calls.push(request.headers.get("cookie") ?? "");
          return request.headers.get("cookie") === "session=ok";
        },
      }),
    );
    const path = url(`${allowed}/keys/public%2Fa`);
    expect((await guarded(new Request(path, { headers: { cookie: "session=bad" } }))).status).toBe(403);
    expect((await guarded(new Request(path, { headers: { cookie: "session=ok" } }))).status).not.toBe(403);
    expect(calls).toEqual(["session=bad", "session=ok"]);
    const throwing = createKvProxy(proxyOptions({ authorize: () => Promise.reject(new Error("db down")) }));
    const failed = await throwing(new Request(path));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain("db down");
  });

  it("refuses oversize bodies with 413: at once by content-length, or counted while streaming", async () => {
    const before = reached();
    const declared = await rawRequest(server.port, `/kv/v2/storage/kvs/${allowed}/keys/public%2Fbig`, {
      method: "PUT",
      headers: { "content-length": String(2 * KV_MAX_VALUE_BYTES) },
    });
    expect([declared.status, envelopeError(declared.body).code]).toEqual([413, "10015"]);
    expect(reached()).toBe(before);

    const small = createKvProxy(proxyOptions({ maxBodyBytes: 1000 }));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 5000) return controller.close();
        sent += 500;
        controller.enqueue(new Uint8Array(500));
      },
    });
    const streamed = await small(
      new Request(url(`${allowed}/keys/public%2Fstreamed`), {
        method: "PUT",
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    const chunked = await small(
      new Request(url(`${allowed}/keys/public%2Fstreamed`), { method: "PUT", body: new Uint8Array(1000) }),
    );
    expect(chunked.status).toBe(201);
    expect(
      Buffer.from(await (await fetch(url(`${allowed}/keys/public%2Fstreamed`))).arrayBuffer()).length,
    ).toBe(1000);
  });

  it("refuses a streamed upload past the cap through the node adapter and keeps serving", async () => {
    const kv = createKvClient({ baseUrl: `${server.origin}/kv`, retry: false });
    const ns = kv.namespace(allowed);
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 3 * KV_MAX_VALUE_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const error = await ns.put("public/huge", stream).catch((thrown: unknown) => thrown);
    expect(KvHttpError.isInstance(error) ? error.status : (error as { kind?: string }).kind).toSatisfy(
      (outcome: unknown) => outcome === 413 || outcome === "network",
    );
    expect(await ns.get("public/huge")).toBeNull();
  });

  it("answers OPTIONS itself and passes API errors, its 429 included, through unchanged", async () => {
    const before = reached();
    const options = await fetch(url(`${allowed}/keys/public%2Fa`), { method: "OPTIONS" });
    expect([options.status, options.headers.get("allow")]).toEqual([204, "GET, HEAD, PUT, DELETE, OPTIONS"]);
    expect(reached()).toBe(before);
    // A value the protocol's rule for the parameter refuses is answered here, as the API would answer it.
    const badTtl = await fetch(url(`${allowed}/keys/public%2Fa?ttl_secs=0`), { method: "PUT", body: "x" });
    expect([badTtl.status, envelopeError(Buffer.from(await badTtl.arrayBuffer())).code]).toEqual([
      400,
      "10015",
    ]);
    expect(reached()).toBe(before);
    const missing = await fetch(url(`${allowed}/keys/public%2Fnever-written`));
    expect([missing.status, envelopeError(Buffer.from(await missing.arrayBuffer())).code]).toEqual([
      404,
      "10005",
    ]);
    expect(reached()).toBe(before + 1);
    emulator.setFaults({ failureRate: 1, failureKinds: ["429"] });
    const limited = await fetch(url(`${allowed}/keys/public%2Fa`)).finally(() =>
      emulator.setFaults(undefined),
    );
    expect([limited.status, limited.headers.get("x-ratelimit-reset")]).toEqual([429, "1"]);
    expect(envelopeError(Buffer.from(await limited.arrayBuffer())).code).toBe("10011");
  });

  it("answers 502 when the API cannot be reached, and never shows the key", async () => {
    const closed = await listen(() => {});
    await closed.close();
    const down = createKvProxy(proxyOptions({ baseUrl: closed.origin, fetch: undefined }));
    const answer = await down(new Request(url(`${allowed}/keys/public%2Fa`)));
    const text = await answer.text();
    expect([answer.status, envelopeError(text).code]).toEqual([502, "10007"]);
    expect(text).not.toContain(SERVER_KEY);
  });

  it("rejects bad configuration at creation with a KvConfigError naming the option", () => {
    const base = { apiKey: "k", authorize: () => true, allow: {} };
    const cases: Array<[string, () => unknown]> = [
      ["apiKey", () => createKvProxy({ ...base, apiKey: "" })],
      ["allow.namespaces", () => createKvProxy({ ...base, allow: { namespaces: ["my-cache"] } })],
      ["allow.prefixes", () => createKvProxy({ ...base, allow: { prefixes: ["bad prefix"] } })],
      ["allow.methods", () => createKvProxy({ ...base, allow: { methods: ["PATCH" as "GET"] } })],
      ["mountPath", () => createKvProxy({ ...base, mountPath: "/kv/../x" })],
      ["mountPath", () => createKvProxy({ ...base, mountPath: "kv" })],
      ["mountPath", () => createKvProxy({ ...base, mountPath: "/kv%2F" })],
      ["mountPath", () => createKvProxy({ ...base, mountPath: 7 as unknown as string })],
      ["maxBodyBytes", () => createKvProxy({ ...base, maxBodyBytes: 1.5 })],
    ];
    for (const [option, create] of cases) {
      let thrown: unknown;
      try {
        create();
      } catch (error) {
        thrown = error;
      }
      expect(KvConfigError.isInstance(thrown), option).toBe(true);
      expect((thrown as KvConfigError).option).toBe(option);
    }
  });
});
