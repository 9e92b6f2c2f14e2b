// Every 2xx body is checked against its wire shape: a wrong shape is a KvProtocolError that names the
// operation and status and quotes a redacted snippet; never a TypeError and never a silently empty result.
import { describe, expect, it } from "vitest";
import { caught, collect, fakeFetch, NAMESPACE_ID, namespaceRecord, respond } from "../test/fake-fetch.js";
import { createKvClient } from "./client.js";
import { KvHttpError, KvNetworkError, KvProtocolError } from "./errors.js";
import { keyListProblem, namespaceEnvelopeProblem, namespaceListProblem } from "./protocol/shapes.js";

const API_KEY = "KEYsecret-shape-1234";

function clientAnswering(body: string | object, status = 200) {
  const fake = fakeFetch(respond(status, body));
  const kv = createKvClient({ apiKey: API_KEY, fetch: fake.fetch, retry: false });
  return { kv, fake };
}

async function protocolError(fn: () => Promise<unknown>): Promise<KvProtocolError> {
  const error = await caught(fn);
  expect(error).not.toBeInstanceOf(TypeError);
  expect(KvProtocolError.isInstance(error), String(error)).toBe(true);
  return error as KvProtocolError;
}

const keyListBodies: [string, object | string][] = [
  ["an empty object", {}],
  ["data that is not an array", { data: { key: "a" }, meta: { has_more: false } }],
  ["an entry without its key", { data: [{ size_bytes: 1, updated_at: "t" }], meta: { has_more: false } }],
  [
    "a size that is not a number",
    { data: [{ key: "a", size_bytes: "1", updated_at: "t" }], meta: { has_more: false } },
  ],
  ["has_more with no cursor", { data: [], meta: { has_more: true } }],
  ["has_more with an empty cursor", { data: [], meta: { has_more: true, cursor: "" } }],
  ["no meta", { data: [] }],
  ["a JSON array", []],
  ["HTML from a proxy", `<html><body>Welcome ${API_KEY}</body></html>`],
];

describe("keys.list", () => {
  it.each(keyListBodies)("refuses %s", async (_what, body) => {
    const { kv } = clientAnswering(body);
    const error = await protocolError(() => collect(kv.namespace(NAMESPACE_ID).list()));
    expect(error.operation).toBe("keys.list");
    expect(error.status).toBe(200);
    expect(error.namespaceId).toBe(NAMESPACE_ID);
    expect(error.message).toContain("keys.list got HTTP 200");
    expect(error.message).toContain("baseUrl");
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(error.message).not.toContain(API_KEY);
  });

  it("reads a well-formed page", async () => {
    const { kv } = clientAnswering({
      data: [{ key: "a", size_bytes: 1, updated_at: "2026-01-01T00:00:00.000000000Z" }],
      meta: { has_more: false },
    });
    expect(await collect(kv.namespace(NAMESPACE_ID).list())).toHaveLength(1);
  });
});

const namespaceBodies: [string, object | string][] = [
  ["data: null", { data: null }],
  ["an empty object", {}],
  ["data without an id", { data: { ...(namespaceRecord("a") as object), id: undefined } }],
  ["a status that is not a string", { data: { ...(namespaceRecord("a") as object), status: 1 } }],
  ["not JSON", "ok"],
];

describe.each([
  ["namespaces.get", (kv: ReturnType<typeof createKvClient>) => kv.namespaces.get(NAMESPACE_ID)],
  ["namespaces.delete", (kv: ReturnType<typeof createKvClient>) => kv.namespaces.delete(NAMESPACE_ID)],
  ["namespaces.create", (kv: ReturnType<typeof createKvClient>) => kv.namespaces.create("shape-test")],
])("%s", (operation, call) => {
  it.each(namespaceBodies)("refuses %s", async (_what, body) => {
    const { kv } = clientAnswering(body, operation === "namespaces.create" ? 201 : 200);
    const error = await protocolError(() => call(kv));
    expect(error.operation).toBe(operation);
    expect(error.bodySnippet).toBeDefined();
  });
});

describe("namespaces.list", () => {
  it.each([
    ["an empty object", {}],
    ["data that is not an array", { data: null, meta: {} }],
    ["an entry that is not a namespace", { data: [{ id: 1 }], meta: { total_pages: 1 } }],
    ["no meta", { data: [] }],
    ["meta without total_pages", { data: [], meta: {} }],
    ["total_pages that is not a number", { data: [], meta: { total_pages: "1" } }],
  ])("refuses %s", async (_what, body) => {
    const { kv } = clientAnswering(body);
    const error = await protocolError(() => collect(kv.namespaces.list()));
    expect(error.operation).toBe("namespaces.list");
  });
});

describe("the guards", () => {
  it("accept the shapes the API documents", () => {
    expect(namespaceEnvelopeProblem({ data: namespaceRecord("a") })).toBeUndefined();
    expect(
      namespaceListProblem({
        data: [namespaceRecord("a")],
        meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 1 },
      }),
    ).toBeUndefined();
    expect(keyListProblem({ data: [], meta: { has_more: true, cursor: "c" } })).toBeUndefined();
    expect(
      keyListProblem({ record_type: "storage_kv_key", data: [], meta: { has_more: false } }),
    ).toBeUndefined();
  });

  it("say where the shape breaks", () => {
    expect(keyListProblem({ data: [{ key: 1 }], meta: { has_more: false } })).toBe(
      "data[0].key is not a string",
    );
    expect(namespaceEnvelopeProblem({ data: null })).toBe("data is not an object");
  });
});

describe("HTTP errors carry the response headers", () => {
  it("without set-cookie, and redacted", async () => {
    const fake = fakeFetch(
      respond(
        404,
        { errors: [{ code: "10005", title: "Not found" }] },
        { "x-request-id": "req-1", "set-cookie": "session=abc", "x-echo": `Bearer ${API_KEY}` },
      ),
    );
    const kv = createKvClient({ apiKey: API_KEY, fetch: fake.fetch, retry: false });
    const error = await caught(() => kv.namespaces.get(NAMESPACE_ID));
    expect(KvHttpError.isInstance(error)).toBe(true);
    const headers = (error as KvHttpError).responseHeaders;
    expect(headers["x-request-id"]).toBe("req-1");
    expect(headers).not.toHaveProperty("set-cookie");
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });
});

describe("a body cut off while it is read", () => {
  it("is a KvNetworkError that says the answer was lost, not a TypeError", async () => {
    const broken = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"data":['));
            controller.error(new TypeError("terminated"));
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    const fake = fakeFetch(broken);
    const kv = createKvClient({ apiKey: API_KEY, fetch: fake.fetch, retry: false });
    const error = await caught(() => collect(kv.namespace(NAMESPACE_ID).list()));
    expect(KvNetworkError.isInstance(error), String(error)).toBe(true);
    expect((error as KvNetworkError).message).toContain("lost the connection while reading the answer");
    expect((error as KvNetworkError).operation).toBe("keys.list");
  });
});
