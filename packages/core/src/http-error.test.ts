import { describe, expect, it } from "vitest";
import type { FakeStep } from "../test/fake-fetch.js";
import { caught, envelope, fakeFetch, NAMESPACE_ID, respond } from "../test/fake-fetch.js";
import { createKvClient } from "./client.js";
import { KvHttpError } from "./errors.js";
import { parseErrorEnvelope } from "./protocol/errors.js";

describe("parseErrorEnvelope", () => {
  it("keeps every entry, turning numeric codes into strings", () => {
    const text = JSON.stringify({
      errors: [
        { code: 10015, title: "Bad request", detail: "key", source: { pointer: "/key" }, meta: { url: "u" } },
        { code: "10005", title: "Not found" },
      ],
    });
    expect(parseErrorEnvelope(text)).toEqual([
      { code: "10015", title: "Bad request", detail: "key", source: { pointer: "/key" }, meta: { url: "u" } },
      { code: "10005", title: "Not found" },
    ]);
  });

  it("drops junk entries and fields of the wrong type", () => {
    const text = JSON.stringify({ errors: [null, 7, "x", { title: 5, detail: "d", source: "s" }] });
    expect(parseErrorEnvelope(text)).toEqual([{ code: "", detail: "d" }]);
  });

  it.each([
    "",
    "<html>oops</html>",
    '{"errors":[{"code":"100',
    "null",
    "[]",
    '{"error":"x"}',
    '{"errors":{}}',
  ])("returns undefined for %j", (text) => {
    expect(parseErrorEnvelope(text)).toBeUndefined();
  });
});

/** Runs `ns.get("k")` against one scripted answer (retries off) and returns the KvHttpError. */
async function httpErrorOf(step: FakeStep, run?: (kv: ReturnType<typeof createKvClient>) => unknown) {
  const fake = fakeFetch([step]);
  const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: false });
  const error = await caught(() => (run ? run(kv) : kv.namespace(NAMESPACE_ID).get("k")));
  expect(error).toBeInstanceOf(KvHttpError);
  expect(fake.calls).toHaveLength(1);
  return error as KvHttpError;
}

describe("createHttpError through client calls", () => {
  it("an empty body still names the operation, key, status and advice", async () => {
    const error = await httpErrorOf(respond(500));
    expect(error.status).toBe(500);
    expect(error.errors).toEqual([]);
    expect(error.code).toBeUndefined();
    expect(error.bodySnippet).toBeUndefined();
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain("keys.get");
    expect(error.message).toContain('"k"');
    expect(error.message).toContain("HTTP 500");
    expect(error.message).toContain("empty body");
    expect(error.message).toMatch(/try again later/);
    expect(error).toMatchObject({
      operation: "keys.get",
      method: "GET",
      namespaceId: NAMESPACE_ID,
      key: "k",
      url: `https://api.telnyx.com/v2/storage/kvs/${NAMESPACE_ID}/keys/k`,
    });
  });

  it("an HTML body gives a bodySnippet with whitespace collapsed", async () => {
    const html = "<html>\n  <body>\n    <h1>502 Bad Gateway</h1>\n  </body>\n</html>";
    const error = await httpErrorOf(respond(502, html, { "content-type": "text/html" }));
    expect(error.bodySnippet).toBe("<html> <body> <h1>502 Bad Gateway</h1> </body> </html>");
    expect(error.message).toContain("unexpected body");
    expect(error.message).toContain("502 Bad Gateway");
    expect(error.errors).toEqual([]);
  });

  it("a huge HTML body is cut to a short snippet", async () => {
    const error = await httpErrorOf(respond(503, `<p>${"x".repeat(200_000)}</p>`));
    expect(error.bodySnippet!.length).toBeLessThanOrEqual(200);
    expect(error.message.length).toBeLessThan(1000);
  });

  it("truncated JSON is treated as an unexpected body", async () => {
    const error = await httpErrorOf(respond(400, '{"errors":[{"code":"10015","ti'));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([]);
    expect(error.bodySnippet).toBe('{"errors":[{"code":"10015","ti');
    expect(error.isRetryable).toBe(false);
  });

  it("an envelope with several errors keeps them all and reports the first", async () => {
    const error = await httpErrorOf(
      envelope(
        400,
        [
          { code: "10015", title: "Bad Request", detail: "key is invalid" },
          { code: 10004, title: "Missing parameter" },
        ],
        { "x-request-id": "req-abc" },
      ),
    );
    expect(error.errors).toEqual([
      { code: "10015", title: "Bad Request", detail: "key is invalid" },
      { code: "10004", title: "Missing parameter" },
    ]);
    expect(error).toMatchObject({ code: "10015", title: "Bad Request", detail: "key is invalid" });
    expect(error.requestId).toBe("req-abc");
    expect(error.bodySnippet).toBeUndefined();
    expect(error.message).toContain("code 10015: Bad Request: key is invalid");
    expect(error.message).toMatch(/256 characters/);
  });

  it.each([
    [401, /apiKey|TELNYX_API_KEY/],
    [403, /permissions/],
    [413, /1 MiB/],
  ])("%i gives specific advice", async (status, advice) => {
    const error = await httpErrorOf(envelope(status, [{ code: "10009" }]));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(advice);
    expect(error.isRetryable).toBe(false);
  });

  it("409 advice depends on the operation", async () => {
    const put = await httpErrorOf(envelope(409, [{ code: "10021" }]), (kv) =>
      kv.namespace(NAMESPACE_ID).put("k", "v", { ttlSeconds: 5 }),
    );
    expect(put.message).toMatch(/keys\.put/);
    expect(put.message).toMatch(/TTL/);
    const del = await httpErrorOf(envelope(409, [{ code: "10021" }]), (kv) =>
      kv.namespaces.delete(NAMESPACE_ID),
    );
    expect(del.message).toMatch(/already being deleted/);
    const create = await httpErrorOf(envelope(409, [{ code: "10012" }]), (kv) =>
      kv.namespaces.create("taken"),
    );
    expect(create.message).toMatch(/already exists/);
  });

  it("404 on namespaces.get is an error, not null", async () => {
    const error = await httpErrorOf(envelope(404, [{ code: "10005", title: "Not found" }]), (kv) =>
      kv.namespaces.get(NAMESPACE_ID),
    );
    expect(error.status).toBe(404);
    expect(error.code).toBe("10005");
    expect(error.message).toMatch(/namespaces\.get/);
    expect(error.message).toMatch(/No namespace has this id/);
  });

  it("a 429 with a hint under the cap and retries off reports retryAfterMs and the wait", async () => {
    const error = await httpErrorOf(envelope(429, [{ code: "10011" }], { "x-ratelimit-reset": "7" }));
    expect(error.retryAfterMs).toBe(7000);
    expect(error.message).toMatch(/try again in 7 s/);
    expect(error.isRetryable).toBe(true);
  });
});
