// getJson with zod 4 and valibot 1 schemas in real Chromium, through the proxy to the emulator.
import * as v from "valibot";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  createKvClient,
  createKvNamespace,
  type KvNamespaceClient,
  KvValidationError,
} from "../src/index.js";

let ns: KvNamespaceClient;

beforeAll(async () => {
  const admin = createKvClient({ baseUrl: "/kv" });
  const { id } = await admin.namespaces.create(`schema-${Date.now()}`);
  await admin.namespaces.waitUntilReady(id, { intervalMs: 20 });
  ns = createKvNamespace(id, { baseUrl: "/kv" });
  await ns.putJson("user/good", { name: "Ada", age: 36 });
  await ns.putJson("user/bad", { name: "Ada", age: "thirty-six", tags: [1] });
});

describe.each([
  ["zod 4", z.object({ name: z.string(), age: z.number(), tags: z.array(z.string()).optional() })],
  ["valibot 1", v.object({ name: v.string(), age: v.number(), tags: v.optional(v.array(v.string())) })],
] as const)("getJson with a %s schema in Chromium", (_, schema) => {
  it("returns a matching value, typed by the schema", async () => {
    const user = await ns.getJson("user/good", { schema });
    expectTypeOf(user).toEqualTypeOf<{ name: string; age: number; tags?: string[] | undefined } | null>();
    expect(user).toEqual({ name: "Ada", age: 36 });
    expect(await ns.getJson("user/none", { schema })).toBeNull();
  });

  it("throws KvValidationError with the key and the issues", async () => {
    const error = (await ns.getJson("user/bad", { schema }).catch((e: unknown) => e)) as KvValidationError;
    expect(KvValidationError.isInstance(error)).toBe(true);
    expect(error.key).toBe("user/bad");
    expect(error.issues?.map((issue) => issue.path)).toEqual(["age", "tags.0"]);
    expect(error.message).toContain('getJson("user/bad")');
  });
});
