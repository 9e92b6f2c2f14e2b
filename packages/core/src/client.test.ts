import { describe, expect, it } from "vitest";
import { caught, fakeFetch, hang, NAMESPACE_ID, namespaceRecord, respond } from "../test/fake-fetch.js";
import { normalizeBaseUrl } from "./base-url.js";
import { createKvClient } from "./client.js";
import {
  KvAbortError,
  KvConfigError,
  KvHttpError,
  KvNamespaceStateError,
  KvTimeoutError,
  KvValidationError,
} from "./errors.js";

describe("normalizeBaseUrl", () => {
  it.each([
    ["https://api.telnyx.com/v2", "https://api.telnyx.com/v2"],
    ["https://api.telnyx.com/v2/", "https://api.telnyx.com/v2"],
    ["https://api.telnyx.com", "https://api.telnyx.com/v2"],
    ["https://api.telnyx.com/", "https://api.telnyx.com/v2"],
    ["https://proxy.example/telnyx//", "https://proxy.example/telnyx/v2"],
    ["  https://api.telnyx.com/v2  ", "https://api.telnyx.com/v2"],
    ["/kv", "/kv/v2"],
    ["/kv/v2/", "/kv/v2"],
    ["", "/v2"],
  ])("%j → %j", (input, expected) => {
    expect(normalizeBaseUrl(input)).toBe(expected);
  });

  it("the client reports and uses the normalised base URL", async () => {
    const fake = fakeFetch([respond(204)]);
    const kv = createKvClient({ apiKey: "key-1234", baseUrl: "http://localhost:8787/", fetch: fake.fetch });
    expect(kv.baseUrl).toBe("http://localhost:8787/v2");
    expect(createKvClient({ apiKey: "key-1234" }).baseUrl).toBe("https://api.telnyx.com/v2");
    await kv.namespace(NAMESPACE_ID).delete("k");
    expect(fake.calls[0]!.url.href).toBe(`http://localhost:8787/v2/storage/kvs/${NAMESPACE_ID}/keys/k`);
  });
});

describe("createKvClient options", () => {
  it("refuses an empty apiKey and a non-positive timeout with a KvConfigError", () => {
    for (const apiKey of ["", "   "]) {
      const error = (() => {
        try {
          createKvClient({ apiKey });
        } catch (e) {
          return e;
        }
      })() as KvConfigError;
      expect(error).toBeInstanceOf(KvConfigError);
      expect(error.option).toBe("apiKey");
      expect(error.envVar).toBe("TELNYX_API_KEY");
    }
    for (const timeoutMs of [0, -1, Number.NaN]) {
      expect(() => createKvClient({ timeoutMs })).toThrow(KvConfigError);
    }
  });

  it("sends the bearer token, a user agent and merged extra headers", async () => {
    const fake = fakeFetch([respond(204)]);
    const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, headers: { "x-extra": "1" } });
    await kv.namespace(NAMESPACE_ID).delete("k");
    const headers = fake.calls[0]!.headers;
    expect(headers.get("authorization")).toBe("Bearer key-1234");
    expect(headers.get("user-agent")).toMatch(/^@telnyx-kv\/core\/\S+$/);
    expect(headers.get("x-extra")).toBe("1");
  });

  it("userAgent overrides or removes the default", async () => {
    const fake = fakeFetch([respond(204), respond(204)]);
    await createKvClient({ apiKey: "key-1234", fetch: fake.fetch, userAgent: "app/1" })
      .namespace(NAMESPACE_ID)
      .delete("k");
    await createKvClient({ apiKey: "key-1234", fetch: fake.fetch, userAgent: false })
      .namespace(NAMESPACE_ID)
      .delete("k");
    expect(fake.calls[0]!.headers.get("user-agent")).toBe("app/1");
    expect(fake.calls[1]!.headers.get("user-agent") ?? "").not.toMatch(/@telnyx-kv/);
  });

  it("without apiKey sends no authorization (a proxy adds it); getToken's token is reused", async () => {
    const fake = fakeFetch([respond(204), respond(204), respond(204)]);
    await createKvClient({ fetch: fake.fetch }).namespace(NAMESPACE_ID).delete("k");
    expect(fake.calls[0]!.headers.get("authorization")).toBeNull();
    let n = 0;
    const ns = createKvClient({ fetch: fake.fetch, getToken: async () => `token-${++n}` }).namespace(
      NAMESPACE_ID,
    );
    await ns.delete("a");
    await ns.delete("b");
    expect(fake.calls.slice(1).map((c) => c.headers.get("authorization"))).toEqual([
      "Bearer token-1",
      "Bearer token-1",
    ]);
  });

  it("asks getToken again once after a 401, then gives up", async () => {
    const fake = fakeFetch([respond(401), respond(204), respond(401), respond(401)]);
    let n = 0;
    const ns = createKvClient({ fetch: fake.fetch, getToken: async () => `token-${++n}` }).namespace(
      NAMESPACE_ID,
    );
    await ns.delete("a");
    await expect(ns.delete("b")).rejects.toMatchObject({ kind: "http", status: 401 });
    expect(fake.calls.map((c) => c.headers.get("authorization"))).toEqual([
      "Bearer token-1",
      "Bearer token-2",
      "Bearer token-2",
      "Bearer token-3",
    ]);
  });

  it("a failing getToken is a KvConfigError and is asked again next time", async () => {
    const fake = fakeFetch([respond(204)]);
    let n = 0;
    const ns = createKvClient({
      fetch: fake.fetch,
      getToken: async () => {
        n += 1;
        if (n === 1) throw new Error("login expired");
        return "token-ok";
      },
    }).namespace(NAMESPACE_ID);
    await expect(ns.delete("a")).rejects.toMatchObject({ kind: "config", option: "getToken" });
    await ns.delete("a");
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.headers.get("authorization")).toBe("Bearer token-ok");
  });

  it("namespace(id) validates the id at once", () => {
    const kv = createKvClient({ apiKey: "key-1234", fetch: fakeFetch([]).fetch });
    expect(() => kv.namespace("my-cache")).toThrow(KvValidationError);
    expect(kv.namespace(NAMESPACE_ID).id).toBe(NAMESPACE_ID);
  });
});

describe("wire paths", () => {
  it("a key with / travels as %2F, on every key operation", async () => {
    const fake = fakeFetch([respond(201), respond(200, "v"), respond(204)]);
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch }).namespace(NAMESPACE_ID);
    await ns.put("user/42=x", "v");
    await ns.get("user/42=x");
    await ns.delete("user/42=x");
    for (const call of fake.calls) {
      expect(call.url.pathname).toBe(`/v2/storage/kvs/${NAMESPACE_ID}/keys/user%2F42%3Dx`);
    }
    expect(fake.calls.map((c) => c.method)).toEqual(["PUT", "GET", "DELETE"]);
  });

  it("namespaces.get and delete address /storage/kvs/{id}", async () => {
    const record = namespaceRecord("my-cache", NAMESPACE_ID, "deleting");
    const fake = fakeFetch([respond(200, { data: record }), respond(200, { data: record })]);
    const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch });
    expect((await kv.namespaces.get(NAMESPACE_ID)).status).toBe("deleting");
    expect((await kv.namespaces.delete(NAMESPACE_ID)).name).toBe("my-cache");
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET storage/kvs/${NAMESPACE_ID}`,
      `DELETE storage/kvs/${NAMESPACE_ID}`,
    ]);
  });

  it("invalid keys and ids are refused before any request", async () => {
    const fake = fakeFetch([]);
    const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch });
    const ns = kv.namespace(NAMESPACE_ID);
    await expect(ns.put("_reserved", "v")).rejects.toBeInstanceOf(KvValidationError);
    await expect(ns.delete("_reserved")).rejects.toBeInstanceOf(KvValidationError);
    await expect(ns.get("..")).rejects.toBeInstanceOf(KvValidationError);
    await expect(ns.put("k", "v", { ttlSeconds: 0 })).rejects.toBeInstanceOf(KvValidationError);
    await expect(kv.namespaces.get("my-cache")).rejects.toMatchObject({ code: "10006" });
    await expect(kv.namespaces.delete("my-cache")).rejects.toBeInstanceOf(KvValidationError);
    expect(fake.calls).toHaveLength(0);
  });

  it("reads of a reserved `_` key are sent", async () => {
    const fake = fakeFetch([respond(404)]);
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch }).namespace(NAMESPACE_ID);
    expect(await ns.get("_meta")).toBeNull();
    expect(fake.calls).toHaveLength(1);
  });
});

describe("signals", () => {
  it("aborting an in-flight request rejects with KvAbortError", async () => {
    const controller = new AbortController();
    const fake = fakeFetch((call) => {
      setTimeout(() => controller.abort(), 5);
      return hang(call);
    });
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch }).namespace(NAMESPACE_ID);
    const error = (await caught(() => ns.get("k", { signal: controller.signal }))) as KvAbortError;
    expect(error).toBeInstanceOf(KvAbortError);
    expect(error.operation).toBe("keys.get");
    expect(error.message).toMatch(/aborted/);
    expect(fake.calls).toHaveLength(1);
  });

  it("an already aborted signal rejects with KvAbortError", async () => {
    const fake = fakeFetch(hang);
    const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch });
    const signal = AbortSignal.abort();
    await expect(kv.namespace(NAMESPACE_ID).put("k", "v", { signal })).rejects.toBeInstanceOf(KvAbortError);
    await expect(kv.namespaces.create("my-cache", { signal })).rejects.toBeInstanceOf(KvAbortError);
  });
});

describe("namespaces.waitUntilReady", () => {
  const answer = (status: string) =>
    respond(200, { data: namespaceRecord("my-cache", NAMESPACE_ID, status) });

  it("polls until provision_ok", async () => {
    const fake = fakeFetch([answer("pending"), answer("pending"), answer("provision_ok")]);
    const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch });
    expect((await kv.namespaces.waitUntilReady(NAMESPACE_ID, { intervalMs: 1 })).status).toBe("provision_ok");
    expect(fake.calls).toHaveLength(3);
  });

  it("fails with KvNamespaceStateError on provision_failed", async () => {
    const fake = fakeFetch([answer("pending"), answer("provision_failed")]);
    const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch });
    const error = (await caught(() =>
      kv.namespaces.waitUntilReady(NAMESPACE_ID, { intervalMs: 1 }),
    )) as KvNamespaceStateError;
    expect(error).toBeInstanceOf(KvNamespaceStateError);
    expect(error.status).toBe("provision_failed");
    expect(error.namespaceId).toBe(NAMESPACE_ID);
  });

  it("fails with KvTimeoutError when still pending after timeoutMs", async () => {
    const fake = fakeFetch(answer("pending"));
    const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch });
    const error = (await caught(() =>
      kv.namespaces.waitUntilReady(NAMESPACE_ID, { timeoutMs: 20, intervalMs: 1 }),
    )) as KvTimeoutError;
    expect(error).toBeInstanceOf(KvTimeoutError);
    expect(error.timeoutMs).toBe(20);
    expect(error.message).toMatch(/pending/);
  });

  it("a namespace that disappears is a 404 KvHttpError; abort ends the wait", async () => {
    const kv = createKvClient({ apiKey: "key-1234", fetch: fakeFetch([respond(404)]).fetch, retry: false });
    await expect(kv.namespaces.waitUntilReady(NAMESPACE_ID)).rejects.toBeInstanceOf(KvHttpError);
    const controller = new AbortController();
    const fake = fakeFetch((call) => {
      setTimeout(() => controller.abort(), 5);
      return answer("pending")(call);
    });
    const waiting = createKvClient({ apiKey: "key-1234", fetch: fake.fetch }).namespaces.waitUntilReady(
      NAMESPACE_ID,
      {
        intervalMs: 60_000,
        signal: controller.signal,
      },
    );
    await expect(waiting).rejects.toBeInstanceOf(KvAbortError);
  });
});
