import { describe, expect, it } from "vitest";
import {
  caught,
  envelope,
  type FakeCall,
  type FakeStep,
  fail,
  fakeFetch,
  hang,
  NAMESPACE_ID,
  namespaceList,
  namespaceRecord,
  networkError,
  respond,
} from "../test/fake-fetch.js";
import { createKvClient } from "./client.js";
import { KvAbortError, KvHttpError, KvNetworkError, KvTimeoutError } from "./errors.js";

const quick = { baseDelayMs: 1 };

function client(steps: FakeStep[] | FakeStep, options: { timeoutMs?: number; retry?: object | false } = {}) {
  const fake = fakeFetch(steps);
  const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: quick, ...options });
  return { fake, kv, ns: kv.namespace(NAMESPACE_ID) };
}

describe("retries of key operations", () => {
  it("GET 503, 503, 200 succeeds after 3 calls", async () => {
    const { fake, ns } = client([respond(503), respond(503), respond(200, "v")]);
    expect(await ns.getText("k")).toBe("v");
    expect(fake.calls).toHaveLength(3);
  });

  it("gives up after 1 + 2 retries and says how many attempts were made", async () => {
    const { fake, ns } = client([respond(503), respond(502), respond(504)]);
    const error = (await caught(() => ns.get("k"))) as KvHttpError;
    expect(error).toBeInstanceOf(KvHttpError);
    expect(error.status).toBe(504);
    expect(error.message).toMatch(/after 3 attempts/);
    expect(fake.calls).toHaveLength(3);
  });

  it("`retry: 0` and `retry: false` make one call", async () => {
    for (const retry of [0, false] as const) {
      const fake = fakeFetch([respond(503)]);
      const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry });
      await expect(kv.namespace(NAMESPACE_ID).get("k")).rejects.toBeInstanceOf(KvHttpError);
      expect(fake.calls).toHaveLength(1);
    }
  });

  it("a 404 on get is null after 1 call", async () => {
    const { fake, ns } = client([envelope(404, [{ code: "10005" }])]);
    expect(await ns.get("k")).toBeNull();
    expect(await client([respond(404)]).ns.getText("k")).toBeNull();
    expect(fake.calls).toHaveLength(1);
  });

  it("a PUT 409 is a KvHttpError after 1 call", async () => {
    const { fake, ns } = client([envelope(409, [{ code: "10021" }])]);
    const error = (await caught(() => ns.put("k", "v"))) as KvHttpError;
    expect(error).toBeInstanceOf(KvHttpError);
    expect(error.status).toBe(409);
    expect(error.isRetryable).toBe(false);
    expect(fake.calls).toHaveLength(1);
  });

  it("a 429 with x-ratelimit-reset 120 fails fast with retryAfterMs and the wait in the message", async () => {
    const { fake, ns } = client([envelope(429, [{ code: "10011" }], { "x-ratelimit-reset": "120" })]);
    const error = (await caught(() => ns.get("k"))) as KvHttpError;
    expect(error).toBeInstanceOf(KvHttpError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toMatch(/120 s/);
    expect(error.message).toMatch(/maxRetryAfterMs/);
    expect(fake.calls).toHaveLength(1);
  });

  it("a 429 with a short hint is waited out and retried", async () => {
    const { fake, ns } = client([envelope(429, [], { "retry-after-ms": "1" }), respond(204)]);
    await ns.delete("k");
    expect(fake.calls).toHaveLength(2);
  });

  it("network errors and timeouts retry a GET", async () => {
    const { fake, ns } = client([fail(networkError("ECONNRESET")), hang, respond(200, "ok")], {
      timeoutMs: 30,
    });
    expect(await ns.getText("k")).toBe("ok");
    expect(fake.calls).toHaveLength(3);
  });

  it("exhausted network errors surface as KvNetworkError with reachedServer", async () => {
    const { fake, ns } = client([
      fail(networkError("ECONNREFUSED")),
      fail(networkError("ECONNREFUSED")),
      fail(networkError("ECONNREFUSED")),
    ]);
    const error = (await caught(() => ns.get("k"))) as KvNetworkError;
    expect(error).toBeInstanceOf(KvNetworkError);
    expect(error.reachedServer).toBe(false);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toMatch(/baseUrl/);
    expect(fake.calls).toHaveLength(3);
  });

  it("an exhausted timeout is a KvTimeoutError with timeoutMs", async () => {
    const { fake, ns } = client([hang], { timeoutMs: 20, retry: false });
    const error = (await caught(() => ns.get("k"))) as KvTimeoutError;
    expect(error).toBeInstanceOf(KvTimeoutError);
    expect(error.timeoutMs).toBe(20);
    expect(error.message).toMatch(/20 ms/);
    expect(fake.calls).toHaveLength(1);
  });

  it("aborting during a retry wait rejects with KvAbortError without another call", async () => {
    const controller = new AbortController();
    const { fake, ns } = client(
      [
        () => {
          setTimeout(() => controller.abort(), 5);
          return respond(503)({} as FakeCall);
        },
      ],
      { retry: { baseDelayMs: 60_000 } },
    );
    const error = await caught(() => ns.get("k", { signal: controller.signal }));
    expect(error).toBeInstanceOf(KvAbortError);
    expect(fake.calls).toHaveLength(1);
  });
});

/** Routes namespace calls: POSTs answer from `posts` in order; GET /storage/kvs lists `existing()`. */
function namespaceServer(posts: FakeStep[], existing: () => object[] = () => []) {
  let post = 0;
  const fake = fakeFetch((call) => {
    if (call.method === "POST" && call.path === "storage/kvs") {
      const step = posts[post++];
      if (!step) throw new Error(`unexpected POST ${post}`);
      return step(call);
    }
    if (call.method === "GET" && call.path === "storage/kvs")
      return respond(200, namespaceList(existing()))(call);
    throw new Error(`unexpected ${call.method} ${call.path}`);
  });
  const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: quick, timeoutMs: 30 });
  const trace = () => fake.calls.map((c) => c.method);
  return { fake, kv, trace };
}

const created = respond(201, { data: namespaceRecord("my-cache", NAMESPACE_ID, "pending") });

describe("namespaces.create after an ambiguous failure", () => {
  it("sends the name as JSON", async () => {
    const { fake, kv } = namespaceServer([created]);
    const ns = await kv.namespaces.create("my-cache");
    expect(ns).toEqual({
      id: NAMESPACE_ID,
      name: "my-cache",
      status: "pending",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    });
    expect(JSON.parse(new TextDecoder().decode(fake.calls[0]!.body))).toEqual({ name: "my-cache" });
    expect(fake.calls[0]!.headers.get("content-type")).toMatch(/application\/json/);
  });

  it.each([
    ["a timeout", hang],
    ["a 503", respond(503)],
    ["a reset", fail(networkError("ECONNRESET"))],
  ])("after %s, a lookup that finds the name returns it without a second POST", async (_why, first) => {
    const { kv, trace } = namespaceServer([first], () => [
      namespaceRecord("other"),
      namespaceRecord("my-cache"),
    ]);
    const ns = await kv.namespaces.create("my-cache");
    expect(ns.name).toBe("my-cache");
    expect(trace()).toEqual(["POST", "GET"]);
  });

  it("after a 429 (refused before it acted) it POSTs again without a lookup, and a name taken before is a 409", async () => {
    const { kv, trace } = namespaceServer(
      [respond(429, undefined, { "retry-after-ms": "1" }), respond(409, { errors: [{ code: "10012" }] })],
      () => [namespaceRecord("my-cache")],
    );
    const error = await caught(() => kv.namespaces.create("my-cache"));
    expect(error).toMatchObject({ kind: "http", status: 409 });
    expect(trace()).toEqual(["POST", "POST"]);
  });

  it("a lookup that finds nothing POSTs again", async () => {
    const { kv, trace } = namespaceServer([respond(503), created]);
    expect((await kv.namespaces.create("my-cache")).name).toBe("my-cache");
    expect(trace()).toEqual(["POST", "GET", "POST"]);
  });

  it("a 409 on the second POST after an ambiguous first try looks up and returns the existing one", async () => {
    // The lookup right after the timeout misses the namespace (it is not listed yet); the one after the 409 finds it.
    let lookups = 0;
    const { kv, trace } = namespaceServer([hang, envelope(409, [{ code: "10012" }])], () =>
      lookups++ === 0 ? [] : [namespaceRecord("my-cache")],
    );
    const ns = await kv.namespaces.create("my-cache");
    expect(ns.name).toBe("my-cache");
    expect(trace()).toEqual(["POST", "GET", "POST", "GET"]);
  });

  it("ECONNREFUSED retries the POST directly, without a lookup", async () => {
    const { kv, trace } = namespaceServer([fail(networkError("ECONNREFUSED")), created]);
    expect((await kv.namespaces.create("my-cache")).name).toBe("my-cache");
    expect(trace()).toEqual(["POST", "POST"]);
  });

  it("a 409 on the first POST is the caller's conflict: no lookup, no retry", async () => {
    const { kv, trace } = namespaceServer([envelope(409, [{ code: "10012" }])], () => [
      namespaceRecord("my-cache"),
    ]);
    const error = (await caught(() => kv.namespaces.create("my-cache"))) as KvHttpError;
    expect(error).toBeInstanceOf(KvHttpError);
    expect(error.status).toBe(409);
    expect(trace()).toEqual(["POST"]);
  });

  it("a 400 is not retried", async () => {
    const { kv, trace } = namespaceServer([envelope(400, [{ code: "10015" }])]);
    await expect(kv.namespaces.create("my-cache")).rejects.toBeInstanceOf(KvHttpError);
    expect(trace()).toEqual(["POST"]);
  });

  it("gives up after the client's retries, looking up before each repeat", async () => {
    const { kv, trace } = namespaceServer([respond(503), respond(503), respond(503)]);
    const error = (await caught(() => kv.namespaces.create("my-cache"))) as KvHttpError;
    expect(error.status).toBe(503);
    expect(trace()).toEqual(["POST", "GET", "POST", "GET", "POST"]);
  });

  it("a short Retry-After hint on the POST does not produce a 'hint too long' message", async () => {
    // The user's cap is the default 60 s; a 5 ms hint is far below it.
    const busy = envelope(503, [{ code: "10007" }], { "retry-after-ms": "5" });
    const { kv, trace } = namespaceServer([busy, busy, busy]);
    const error = (await caught(() => kv.namespaces.create("my-cache"))) as KvHttpError;
    expect(error.status).toBe(503);
    expect(trace()).toEqual(["POST", "GET", "POST", "GET", "POST"]);
    expect(error.message).not.toMatch(/maxRetryAfterMs/);
    expect(error.message).not.toMatch(/more than/);
  });

  it("refuses an invalid name before any request", async () => {
    const { trace, kv } = namespaceServer([]);
    await expect(kv.namespaces.create("My Cache")).rejects.toThrow(/namespace name/);
    expect(trace()).toEqual([]);
  });
});
