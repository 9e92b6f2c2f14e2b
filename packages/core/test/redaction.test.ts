import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createKvClient, type KvClientOptions } from "../src/client.js";
import { KvError } from "../src/errors.js";
import {
  collect,
  envelope,
  type FakeStep,
  fail,
  fakeFetch,
  hang,
  NAMESPACE_ID,
  respond,
} from "./fake-fetch.js";

const SECRET = "KEY0123456789abcdefSECRETxyz";

/** Every string reachable from an error: own properties (hidden ones too), causes, and each way it prints. */
function serialize(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (value === null || value === undefined || depth > 8) return;
    if (typeof value !== "object" && typeof value !== "function") {
      parts.push(String(value));
      return;
    }
    if (seen.has(value)) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      parts.push(String(key));
      let inner: unknown;
      try {
        inner = Reflect.get(value, key);
      } catch {
        continue;
      }
      visit(inner, depth + 1);
    }
  };
  visit(error, 0);
  const e = error as Error;
  parts.push(e.message, String(e.stack), String(error), JSON.stringify(error));
  parts.push(inspect(error, { depth: 10, showHidden: true }));
  for (let c: unknown = e.cause; c; c = (c as Error).cause)
    parts.push(String((c as Error).stack), inspect(c));
  return parts.join("\n");
}

async function failureOf(
  step: FakeStep,
  call: (kv: ReturnType<typeof createKvClient>) => unknown,
  options: KvClientOptions = {},
) {
  const fake = fakeFetch(step);
  const logged: string[] = [];
  const kv = createKvClient({
    apiKey: SECRET,
    fetch: fake.fetch,
    retry: false,
    logger: { debug: (message, fields) => logged.push(message, JSON.stringify(fields)) },
    ...options,
  });
  let thrown: unknown;
  try {
    await call(kv);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "the call should have failed").toBeDefined();
  return { error: thrown, calls: fake.calls, logged };
}

const get = (kv: ReturnType<typeof createKvClient>) => kv.namespace(NAMESPACE_ID).get("k");

const echo = `<html><body><pre>GET /v2/storage/kvs\nAuthorization: Bearer ${SECRET}\nX-Key: ${SECRET}</pre></body></html>`;

const reaching: Array<[string, FakeStep, KvClientOptions?]> = [
  [
    "an HTTP error with an envelope",
    envelope(401, [{ code: "10009", title: "Authentication failed", detail: "The API key is invalid" }]),
  ],
  ["an HTML body that echoes the header", respond(502, echo, { "content-type": "text/html" })],
  ["an empty body", respond(500)],
  ["truncated JSON that echoes the key", respond(400, `{"errors":[{"code":"10015","detail":"key ${SECRET}`)],
  [
    "a network TypeError whose cause holds the key",
    fail(
      new TypeError(`fetch failed (${SECRET})`, {
        cause: Object.assign(new Error(`connect ECONNREFUSED Bearer ${SECRET}`), {
          code: "ECONNREFUSED",
          headers: { authorization: `Bearer ${SECRET}` },
        }),
      }),
    ),
  ],
  ["a timeout", hang, { timeoutMs: 10 }],
  ["a 429 whose wait is too long", envelope(429, [{ code: "10011" }], { "x-ratelimit-reset": "600" })],
  ["a 200 that is not JSON, on a JSON endpoint", respond(200, "<html>ok</html>")],
];

describe("the API key never appears in an error", () => {
  it.each(reaching)("%s", async (_name, step, options) => {
    const isJsonCase = _name.includes("not JSON");
    const { error, calls, logged } = await failureOf(
      step,
      isJsonCase ? (kv) => collect(kv.namespace(NAMESPACE_ID).list()) : get,
      options,
    );
    expect(KvError.isInstance(error)).toBe(true);
    // The test can only fail if the key really travelled.
    expect(calls[0]!.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
    expect(serialize(error)).not.toContain(SECRET);
    expect(logged.join("\n")).not.toContain(SECRET);
  });

  it("an envelope whose detail echoes the key", async () => {
    const { error, calls } = await failureOf(
      envelope(401, [
        { code: "10009", title: "Authentication failed", detail: `Invalid token Bearer ${SECRET}` },
      ]),
      get,
    );
    expect(calls[0]!.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
    expect(serialize(error)).not.toContain(SECRET);
  });

  it("a 200 non-JSON body that echoes the key (KvProtocolError)", async () => {
    const body = `Authorization: Bearer ${SECRET}; X-Key: ${SECRET}`;
    const { error, calls } = await failureOf(respond(200, body, { "content-type": "text/plain" }), (kv) =>
      kv.namespaces.get(NAMESPACE_ID),
    );
    expect(error).toMatchObject({ kind: "protocol" });
    expect(calls[0]!.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
    expect(serialize(error)).not.toContain(SECRET);
  });

  it("no part of the key survives where a body is cut short", async () => {
    // The snippet is cut at 200 characters; the key straddles the cut.
    const body = `${"x".repeat(182)} X-Key: ${SECRET}`;
    const { error } = await failureOf(respond(502, body), get);
    expect((error as { bodySnippet?: string }).bodySnippet).toBeDefined();
    expect(serialize(error)).not.toContain(SECRET.slice(0, 6));
  });

  it("an abort whose reason mentions the key", async () => {
    const controller = new AbortController();
    const { error, calls } = await failureOf(
      (call) => {
        setTimeout(() => controller.abort(new Error(`cancelled while using ${SECRET}`)), 5);
        return hang(call);
      },
      (kv) => kv.namespace(NAMESPACE_ID).get("k", { signal: controller.signal }),
    );
    expect(error).toMatchObject({ kind: "abort" });
    expect(calls[0]!.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
    expect(serialize(error)).not.toContain(SECRET);
  });

  it("a validation error and a config error", async () => {
    const { error, calls } = await failureOf(respond(201), (kv) =>
      kv.namespace(NAMESPACE_ID).put("_reserved", "v"),
    );
    expect(error).toMatchObject({ kind: "validation" });
    expect(calls).toHaveLength(0);
    expect(serialize(error)).not.toContain(SECRET);
    let config: unknown;
    try {
      createKvClient({ apiKey: SECRET, timeoutMs: -1 });
    } catch (e) {
      config = e;
    }
    expect(config).toMatchObject({ kind: "config" });
    expect(serialize(config)).not.toContain(SECRET);
  });

  it("a token from getToken is redacted like an apiKey", async () => {
    const fake = fakeFetch(respond(502, echo));
    const kv = createKvClient({ getToken: () => SECRET, fetch: fake.fetch, retry: false });
    const error = await get(kv).catch((e: unknown) => e);
    expect(fake.calls[0]!.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
    expect(serialize(error)).not.toContain(SECRET);
  });
});
