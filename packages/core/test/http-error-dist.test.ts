// The built package, both formats: the ESM build loads the text of an HTTP error (the envelope, the
// catalogue's advice) from its own file on the first error, so a page's bundler makes it a lazy chunk
// (issue 19), and the CJS build carries it inline; both must throw errors with the full message.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type * as Core from "../src/index.js";
import { envelope, fakeFetch, NAMESPACE_ID } from "./fake-fetch.js";

const dist = new URL("../dist/", import.meta.url);
const esm = (await import(new URL("index.js", dist).href)) as typeof Core;
const cjs = createRequire(import.meta.url)("../dist/index.cjs") as typeof Core;
// One entry's advice from KV_ERRORS, as only the error's text carries it.
const ADVICE = "check its permissions in the Telnyx portal";

describe.each([
  ["ESM", esm],
  ["CJS", cjs],
])("an HTTP error from the %s build", (_, core) => {
  it("carries the status, the envelope and the catalogue's advice, with the secret redacted", async () => {
    const ns = core.createKvNamespace(NAMESPACE_ID, {
      apiKey: "KEY-dist-1234",
      baseUrl: "http://127.0.0.1:9/",
      retry: false,
      fetch: fakeFetch(
        envelope(403, [{ code: "10010", title: "Authorization failed", detail: "KEY-dist-1234 may not" }], {
          "x-request-id": "req-1",
        }),
      ).fetch,
    });
    const error = await ns.get("user/1").catch((e: unknown) => e);
    expect(core.KvHttpError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(core.KvHttpError);
    expect(error).toMatchObject({
      status: 403,
      code: "10010",
      requestId: "req-1",
      errors: [{ code: "10010", title: "Authorization failed" }],
    });
    const { message } = error as Core.KvHttpError;
    expect(message).toBe(
      'Telnyx KV keys.get of key "user/1" failed with HTTP 403 (code 10010: Authorization failed: [redacted] may not). The API key may not do this; check its permissions in the Telnyx portal.',
    );
    expect(JSON.stringify(error)).not.toContain("KEY-dist-1234");
  });
});

describe("where the error's text lives in the build", () => {
  const text = (file: string) => readFileSync(new URL(file, dist), "utf8");

  it.each(["index.js", "transport.js"])(
    "ESM: not in %s, which imports http-error-text.js on demand",
    (file) => {
      expect(text(file)).not.toContain(ADVICE);
      expect(text(file)).toContain(`import("./http-error-text.js")`.replace(/"/g, "'"));
    },
  );

  it("ESM: in http-error-text.js, which imports nothing (no chunk shared with a page's first load)", () => {
    expect(text("http-error-text.js")).toContain(ADVICE);
    expect(text("http-error-text.js")).not.toMatch(/^import /m);
  });

  it.each(["index.cjs", "transport.cjs"])("CJS: inline in %s, with no dynamic import left", (file) => {
    expect(text(file)).toContain(ADVICE);
    expect(text(file)).not.toContain("import(");
  });
});
