// The built package, both formats: the ESM build loads the schema check from its own file on first use (so a
// page's bundler makes it a lazy chunk, issue 23) and the CJS build carries it inline; both must check values.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type * as Core from "../src/index.js";
import { fakeFetch, NAMESPACE_ID, respond } from "./fake-fetch.js";

const dist = new URL("../dist/", import.meta.url);
const esm = (await import(new URL("index.js", dist).href)) as typeof Core;
const cjs = createRequire(import.meta.url)("../dist/index.cjs") as typeof Core;
const User = z.object({ name: z.string(), age: z.number() });

describe.each([
  ["ESM", esm],
  ["CJS", cjs],
])("getJson with a schema from the %s build", (_, core) => {
  const answering = (body: unknown) =>
    core.createKvNamespace(NAMESPACE_ID, {
      apiKey: "KEY-dist-1234",
      baseUrl: "http://127.0.0.1:9/",
      fetch: fakeFetch(respond(200, JSON.stringify(body), { "content-type": "application/json" })).fetch,
    });

  it("returns a value that matches and refuses one that does not", async () => {
    expect(await answering({ name: "Ada", age: 36 }).getJson("user/1", { schema: User })).toEqual({
      name: "Ada",
      age: 36,
    });
    const error = await answering({ name: "Ada", age: "old" })
      .getJson("user/1", { schema: User })
      .catch((e: unknown) => e);
    // The lazy file gets the package's own error class, so isInstance and instanceof both hold.
    expect(core.KvValidationError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(core.KvValidationError);
    expect(error).toMatchObject({ key: "user/1", code: "schema", issues: [{ path: "age" }] });
  });

  it("checks through validateWithSchema too", async () => {
    await expect(core.validateWithSchema(User, { name: 1 }, "k")).rejects.toMatchObject({
      issues: [{ path: "name" }, { path: "age" }],
    });
  });
});

describe("where the check's code lives in the build", () => {
  const text = (file: string) => readFileSync(new URL(file, dist), "utf8");
  const checkText = "the value does not match the schema";

  it("ESM: in schema-check.js only, imported on demand by index.js", () => {
    expect(text("index.js")).not.toContain(checkText);
    expect(text("index.js")).toContain(`import("./schema-check.js")`.replace(/"/g, "'"));
    expect(text("schema-check.js")).toContain(checkText);
    // The lazy file imports nothing, so a bundler needs no chunk shared with the page's first load.
    expect(text("schema-check.js")).not.toMatch(/^import /m);
  });

  it("CJS: inline, with no dynamic import left for a CommonJS test runner to trip on", () => {
    expect(text("index.cjs")).toContain(checkText);
    expect(text("index.cjs")).not.toContain("import(");
  });
});
