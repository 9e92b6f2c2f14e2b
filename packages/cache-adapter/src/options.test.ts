import { KvConfigError, type KvNamespaceClient } from "@telnyx-kv/core";
import { describe, expect, it } from "vitest";
import { createApolloCache } from "./apollo.js";
import { createKvCache } from "./kv-cache.js";
import { createUnstorageDriver } from "./unstorage.js";

// Never called: a bad setting is refused before any request.
const unused = () => Promise.reject(new Error("no request expected"));
const client = {
  id: "ns",
  getBytes: unused,
  put: unused,
  delete: unused,
  list: unused,
} as unknown as KvNamespaceClient;

/** The option a KvConfigError names, with its message; the thrown thing when it is not one. */
function refusal(make: () => unknown): { option: string; message: string } | unknown {
  try {
    make();
  } catch (error) {
    return KvConfigError.isInstance(error) ? { option: error.option, message: error.message } : error;
  }
  return "nothing thrown";
}

describe("every bad setting is a KvConfigError naming the option", () => {
  it.each([
    ["prefix", { prefix: "a b" }],
    ["prefix", { prefix: "_x" }],
    ["prefix", { prefix: 7 }],
    ["concurrency", { concurrency: 0 }],
    ["concurrency", { concurrency: 1.5 }],
    ["serverTtl", { serverTtl: "yes" }],
    ["readErrors", { readErrors: "thorw" }],
    ["memory", { memory: true }],
    ["memory.max", { memory: { max: 0 } }],
    ["memory.ttlMs", { memory: { ttlMs: -1 } }],
    ["memory.staleWhileRevalidateMs", { memory: { staleWhileRevalidateMs: Number.NaN } }],
    ["now", { now: 5 }],
    ["onError", { onError: "log" }],
  ])("%s: %j", (option, options) => {
    expect(refusal(() => createKvCache(client, options as never))).toMatchObject({ option });
  });

  it("the message says what the option takes and what it got", () => {
    expect(refusal(() => createKvCache(client, { readErrors: "thorw" as "miss" }))).toEqual({
      option: "readErrors",
      message: 'readErrors must be "throw" or "miss" (got "thorw").',
    });
  });

  it("a missing or wrong client, without showing it (a client may hold an API key)", () => {
    const secretive = { apiKey: "KEY-secret", id: "ns" } as unknown as KvNamespaceClient;
    const result = refusal(() => createApolloCache(secretive)) as { option: string; message: string };
    expect(result.option).toBe("client");
    expect(result.message).not.toContain("KEY-secret");
    expect(refusal(() => createKvCache(undefined as unknown as KvNamespaceClient))).toMatchObject({
      option: "client",
    });
  });

  it("unstorage's base and ttl", () => {
    expect(refusal(() => createUnstorageDriver(client, { base: 1 as unknown as string }))).toMatchObject({
      option: "base",
    });
    expect(refusal(() => createUnstorageDriver(client, { ttl: -5 }))).toMatchObject({ option: "ttl" });
    expect(refusal(() => createUnstorageDriver(client, { ttl: 60, base: "ok" }))).toBe("nothing thrown");
  });
});
