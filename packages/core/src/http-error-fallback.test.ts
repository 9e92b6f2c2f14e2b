// When the file with an HTTP error's text cannot be loaded (a page whose deploy replaced its chunks), the
// call still fails with a typed KvHttpError that names the operation and the status, never a bare import error.
import { describe, expect, it, vi } from "vitest";
import { caught, envelope, fakeFetch, NAMESPACE_ID } from "../test/fake-fetch.js";
import { KvHttpError } from "./errors.js";
import { createKvNamespace } from "./namespace.js";

vi.mock("./http-error-text.js", () => {
  throw new Error(
    "Failed to fetch dynamically imported module: /assets/http-error-text-x.js?key=KEY-fb-1234",
  );
});

describe("createHttpError without its text file", () => {
  it("throws a KvHttpError with the status, the response's fields and no secret", async () => {
    const fake = fakeFetch(envelope(503, [{ code: "10007" }], { "x-request-id": "req-9" }));
    const ns = createKvNamespace(NAMESPACE_ID, { apiKey: "KEY-fb-1234", fetch: fake.fetch, retry: false });
    const error = (await caught(() => ns.get("k"))) as KvHttpError;
    expect(error).toBeInstanceOf(KvHttpError);
    expect(error).toMatchObject({ status: 503, requestId: "req-9", isRetryable: true, errors: [] });
    expect(error.message).toMatch(
      /^Telnyx KV keys\.get failed with HTTP 503; the text of this error could not be loaded \(/,
    );
    expect(error.message).not.toContain("KEY-fb-1234");
  });
});
