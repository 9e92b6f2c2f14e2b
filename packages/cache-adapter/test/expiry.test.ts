/** Expiry: the envelope on a fake clock, and server-side TTL where the namespace supports it. */
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKvCache } from "../src/index.js";
import { serverTtlSupported } from "../src/server-ttl.js";
import { fakeClock, startTestKv, storedKeys, type TestKv } from "./helpers.js";

describe("with TTL support on the namespace", () => {
  const clock = fakeClock();
  let kv: TestKv;
  let ns: KvNamespaceClient;

  beforeAll(async () => {
    // One clock for the adapter and the emulator, so server-side expiry is tested without sleeping.
    kv = await startTestKv({ now: clock.now, ttlSupport: true });
    ns = await kv.namespace();
  });
  afterAll(() => kv.close());

  it("a value written with a 2-second TTL is a hit before and a miss after expiry, and gone server-side", async () => {
    const cache = createKvCache(ns, { now: clock.now, serverTtl: true });
    await cache.set("session:42", "alive", { ttlMs: 2000 });
    clock.advance(1999);
    expect(await cache.getText("session:42")).toBe("alive");
    expect(await storedKeys(ns)).toEqual(["session=3a42"]);
    clock.advance(1);
    expect(await cache.getText("session:42")).toBeUndefined();
    expect(await cache.has("session:42")).toBe(false);
    // The server collected it: ttl_secs went with the write.
    expect(await ns.getBytes("session=3a42")).toBeNull();
    expect(await storedKeys(ns)).toEqual([]);
    expect(serverTtlSupported(ns.id)).toBe(true);
  });

  it("without serverTtl the envelope alone expires it: a miss, though the server still holds the bytes", async () => {
    const cache = createKvCache(ns, { now: clock.now });
    await cache.set("envelope-only", "x", { ttlMs: 2000 });
    clock.advance(2500);
    expect(await cache.getText("envelope-only")).toBeUndefined();
    expect(await storedKeys(ns)).toEqual(["envelope-only"]);
  });

  it("an expiry already past deletes the key instead of writing it", async () => {
    const cache = createKvCache(ns, { now: clock.now });
    await cache.set("k", "v");
    await cache.set("k", "v2", { expiresAt: clock.now() - 1 });
    expect(await ns.getBytes("k")).toBeNull();
  });
});

describe("on a namespace without TTL support", () => {
  const clock = fakeClock();
  let kv: TestKv;
  let ns: KvNamespaceClient;

  beforeAll(async () => {
    kv = await startTestKv({ now: clock.now, ttlSupport: false, recordRequests: true });
    ns = await kv.namespace();
  });
  afterAll(() => kv.close());

  it("falls back to the envelope on the 409, remembers it per namespace, and still expires the value", async () => {
    const cache = createKvCache(ns, { now: clock.now, serverTtl: true });
    const puts = () => kv.requestsOf(ns.id).filter((request) => request.method === "PUT");
    await cache.set("a", "1", { ttlMs: 2000 });
    expect(puts().map((request) => request.status)).toEqual([409, 201]);
    expect(serverTtlSupported(ns.id)).toBe(false);
    // A second cache on the same namespace does not try ttl_secs again.
    const other = createKvCache(ns, { now: clock.now, serverTtl: true });
    await other.set("b", "2", { ttlMs: 2000 });
    expect(puts().map((request) => request.status)).toEqual([409, 201, 201]);
    clock.advance(1000);
    expect(await cache.getText("a")).toBe("1");
    clock.advance(1000);
    expect(await cache.getText("a")).toBeUndefined();
    expect(await other.getText("b")).toBeUndefined();
  });
});
