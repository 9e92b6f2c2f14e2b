import { KV_MAX_TTL_SECONDS } from "@telnyx-kv/core/protocol";
import { expect } from "./assert.js";
import { type ConformanceCase, group } from "./case.js";
import { collect, freshToken, readyNamespace } from "./fixtures.js";

/** Validation paths the endpoint suites do not reach: list options, page sizes, TTL bounds, value types. */
export const validationCases: ConformanceCase[] = group("validation before any request", {
  async "refuses bad list prefixes and limits, and bad namespace page sizes"(target) {
    const { kv, ns } = await readyNamespace(target, "valid-list");
    for (const prefix of ["has space", "a:b", "a".repeat(257)]) {
      await expect(async () => collect(ns.list({ prefix }))).rejects.toMatchObject({
        kind: "validation",
        input: "prefix",
      });
    }
    for (const limit of [0, 1.5, -1]) {
      await expect(async () => collect(ns.list({ limit }))).rejects.toMatchObject({ input: "limit" });
    }
    expect(await collect(ns.list({ limit: 1000 }))).toEqual([]);
    for (const pageSize of [0, 251, 2.5]) {
      await expect(async () => collect(kv.namespaces.list({ pageSize }))).rejects.toMatchObject({
        kind: "validation",
        input: "page size",
      });
    }
  },

  async "refuses TTLs outside 1..9223372036 whole seconds, and accepts both ends"(target) {
    const { ns } = await readyNamespace(target, "valid-ttl");
    for (const ttlSeconds of [0.5, -1, KV_MAX_TTL_SECONDS + 1, Number.NaN]) {
      await expect(ns.put("k", "v", { ttlSeconds })).rejects.toMatchObject({
        kind: "validation",
        input: "ttlSeconds",
      });
    }
    await ns.put("short", "v", { ttlSeconds: 1 });
    await ns.put("long", "v", { ttlSeconds: KV_MAX_TTL_SECONDS });
    expect(await ns.getText("long")).toBe("v");
  },

  async "refuses values that are not bytes, and JSON cannot represent"(target) {
    const { ns } = await readyNamespace(target, "valid-value");
    await expect(ns.put("k", { not: "bytes" } as unknown as string)).rejects.toThrow(/putJson/);
    // Written as a function so a synchronous throw counts too (core's putJson throws before returning a promise).
    await expect(async () => ns.putJson("k", undefined)).rejects.toThrow(/JSON/);
    expect(await ns.get("k")).toBeNull();
  },

  "refuses an empty API key": {
    needs: ["api-key"],
    async run(target) {
      expect(() => target.createClient({ apiKey: freshToken("x") })).not.toThrow();
      expect(() => target.createClient({ apiKey: " " })).toThrow(/apiKey/);
    },
  },
});
