// getJson with a schema, checked by the real libraries people pass: zod 4 and valibot 1 (Standard Schema v1).
import type { StandardSchemaV1 } from "@standard-schema/spec";
import * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { caught, fakeFetch, NAMESPACE_ID, respond } from "../test/fake-fetch.js";
import { createKvClient } from "./client.js";
import { KvValidationError } from "./errors.js";
import { createKvNamespace } from "./namespace.js";
import { type KvSchemaOutput, type KvStandardSchema, validateWithSchema } from "./schema.js";

const zodUser = z.object({ name: z.string(), age: z.number().int(), tags: z.array(z.string()) });
const valibotUser = v.object({ name: v.string(), age: v.number(), tags: v.array(v.string()) });
const good = { name: "Ada", age: 36, tags: ["math"] };
// The secret-looking text stands for personal data: it must not reach the error beyond a schema's short quote.
const bad = { name: "Ada", age: "thirty-six SECRET-PAYLOAD-TEXT".repeat(10), tags: ["math", 7] };

const namespaceAnswering = (body: unknown) =>
  createKvNamespace(NAMESPACE_ID, {
    apiKey: "KEY-schema-1234",
    baseUrl: "http://127.0.0.1:9/",
    fetch: fakeFetch(respond(200, JSON.stringify(body), { "content-type": "application/json" })).fetch,
  });

describe.each([
  ["zod 4", zodUser],
  ["valibot 1", valibotUser],
] as const)("getJson with a %s schema", (_, schema) => {
  it("returns a value that matches", async () => {
    expect(await namespaceAnswering(good).getJson("user/1", { schema })).toEqual(good);
  });

  it("throws KvValidationError naming the key and each issue's path, without the value", async () => {
    const error = (await caught(() =>
      namespaceAnswering(bad).getJson("user/1", { schema }),
    )) as KvValidationError;
    expect(KvValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ key: "user/1", input: "value", code: "schema", status: 422 });
    expect(error.issues?.map((issue) => issue.path)).toEqual(["age", "tags.1"]);
    expect(error.message).toContain('getJson("user/1")');
    expect(error.message).toMatch(/age: .+; tags\.1: /);
    for (const issue of error.issues ?? []) expect(issue.message.length).toBeLessThanOrEqual(100);
    // valibot quotes what it received; at most the schema's cut-short message may carry a piece of it.
    const serialized = JSON.stringify(error);
    expect(serialized.split("SECRET-PAYLOAD-TEXT").length - 1).toBeLessThanOrEqual(3);
    expect(serialized).not.toContain("KEY-schema-1234");
  });

  it("passes null through unchecked: a missing key is not a bad value", async () => {
    const ns = createKvNamespace(NAMESPACE_ID, {
      apiKey: "KEY-schema-1234",
      baseUrl: "http://127.0.0.1:9/",
      fetch: fakeFetch(respond(404, { errors: [] })).fetch,
    });
    expect(await ns.getJson("missing", { schema })).toBeNull();
  });
});

describe("validateWithSchema", () => {
  it("returns the schema's output, so transforms and defaults apply", async () => {
    const schema = z.object({ at: z.string().transform((text) => new Date(text)), n: z.number().default(1) });
    const value = await validateWithSchema(schema, { at: "2026-01-02T00:00:00Z" }, "k");
    expect(value.at).toBeInstanceOf(Date);
    expect(value.n).toBe(1);
  });

  it("awaits an async validator (zod's refine with a promise)", async () => {
    const schema = z.string().refine(async (text) => text === "ok", "must be ok");
    expect(await validateWithSchema(schema, "ok", "k")).toBe("ok");
    const error = (await caught(() => validateWithSchema(schema, "no", "k"))) as KvValidationError;
    expect(error.issues).toEqual([{ path: "", message: "must be ok" }]);
    expect(error.message).toContain("value: must be ok");
  });

  it("takes a hand-written Standard Schema and path segments given as { key }", async () => {
    const schema: KvStandardSchema<number> = {
      "~standard": {
        version: 1,
        vendor: "hand",
        validate: (value) =>
          typeof value === "number"
            ? { value }
            : { issues: [{ message: "not a number", path: [{ key: "a" }, 0, Symbol.for("s")] }] },
      },
    };
    const error = (await caught(() =>
      validateWithSchema(schema, "x", "k", "cache.getJson"),
    )) as KvValidationError;
    expect(error.issues).toEqual([{ path: "a.0.Symbol(s)", message: "not a number" }]);
    expect(error.operation).toBe("cache.getJson");
  });
});

describe("types", () => {
  it("types the value from the schema, and keeps getJson<T>() as it was", () => {
    const ns = createKvClient({ apiKey: "KEY-types-1234" }).namespace(NAMESPACE_ID);
    expectTypeOf(ns.getJson("k", { schema: zodUser })).resolves.toEqualTypeOf<{
      name: string;
      age: number;
      tags: string[];
    } | null>();
    expectTypeOf(ns.getJson("k", { schema: valibotUser })).resolves.toEqualTypeOf<{
      name: string;
      age: number;
      tags: string[];
    } | null>();
    expectTypeOf(ns.getJson<{ id: number }>("k")).resolves.toEqualTypeOf<{ id: number } | null>();
    expectTypeOf(ns.getJson("k")).resolves.toEqualTypeOf<unknown>();
    // A schema and a hand-written type together would disagree: it is one or the other.
    // @ts-expect-error the schema is not `undefined`
    void (() => ns.getJson<{ id: number }>("k", { schema: zodUser }));
    // @ts-expect-error a plain object is no schema
    void (() => ns.getJson("k", { schema: { parse: () => 1 } }));
  });

  it("accepts every schema of the spec's own type (our interface is the spec's shape)", () => {
    expectTypeOf<StandardSchemaV1<unknown, { id: number }>>().toExtend<KvStandardSchema<{ id: number }>>();
    expectTypeOf<KvSchemaOutput<StandardSchemaV1<string, Date>>>().toEqualTypeOf<Date>();
    expectTypeOf<KvSchemaOutput<typeof zodUser>>().toEqualTypeOf<z.output<typeof zodUser>>();
    expectTypeOf<KvSchemaOutput<typeof valibotUser>>().toEqualTypeOf<v.InferOutput<typeof valibotUser>>();
  });
});
