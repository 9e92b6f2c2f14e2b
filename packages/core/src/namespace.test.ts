import { describe, expect, it } from "vitest";
import { caught, fakeFetch, NAMESPACE_ID, respond } from "../test/fake-fetch.js";
import { createKvClient } from "./client.js";
import { KvConfigError, KvValidationError } from "./errors.js";
import { createKvNamespace } from "./namespace.js";

describe("createKvNamespace", () => {
  it("sends exactly what createKvClient(options).namespace(id) sends", async () => {
    const viaNamespace = fakeFetch(respond(201));
    const viaClient = fakeFetch(respond(201));
    const options = { apiKey: "KEY-ns-1234", baseUrl: "http://127.0.0.1:9/" };
    await createKvNamespace(NAMESPACE_ID, { ...options, fetch: viaNamespace.fetch }).put("a/b", "v", {
      ttlSeconds: 60,
    });
    await createKvClient({ ...options, fetch: viaClient.fetch })
      .namespace(NAMESPACE_ID)
      .put("a/b", "v", {
        ttlSeconds: 60,
      });
    const [a] = viaNamespace.calls;
    const [b] = viaClient.calls;
    expect(a?.url.href).toBe(b?.url.href);
    expect(a?.url.href).toBe(`http://127.0.0.1:9/v2/storage/kvs/${NAMESPACE_ID}/keys/a%2Fb?ttl_secs=60`);
    expect(a?.method).toBe("PUT");
    expect([...(a?.headers ?? [])]).toEqual([...(b?.headers ?? [])]);
  });

  it("refuses apiKey and getToken together: which credential goes out would be a guess", async () => {
    const error = await caught(() =>
      createKvNamespace(NAMESPACE_ID, { apiKey: "KEY-both-1234", getToken: () => "token-5678" }),
    );
    expect(KvConfigError.isInstance(error)).toBe(true);
    expect(String(error)).not.toContain("KEY-both-1234");
  });

  it("refuses a path as baseUrl where there is no page to resolve it against (here: Node)", async () => {
    const error = await caught(() => createKvNamespace(NAMESPACE_ID, { baseUrl: "/kv" }));
    expect(KvConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option: "baseUrl" });
    expect(String(error)).toContain("absolute URL");
  });

  it("refuses a namespace name in place of an id before any request", async () => {
    const fake = fakeFetch([]);
    const error = await caught(() => createKvNamespace("my-cache", { fetch: fake.fetch }));
    expect(KvValidationError.isInstance(error)).toBe(true);
    expect(fake.calls).toHaveLength(0);
  });
});
