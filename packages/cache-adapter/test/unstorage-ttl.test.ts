/**
 * unstorage's own driver suite has no TTL tests, so these check the driver's `ttl` option and the per-call
 * `{ ttl }` through unstorage's `createStorage`: expiry at the right moment on a fake clock shared with
 * the emulator, and the key gone server-side when `serverTtl` is on.
 */
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { createStorage } from "unstorage";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUnstorageDriver, telnyxKvDriver } from "../src/unstorage.js";
import { fakeClock, startTestKv, storedKeys, type TestKv } from "./helpers.js";

const clock = fakeClock();
let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  // One clock for the driver and the emulator, so server-side expiry is tested without sleeping.
  kv = await startTestKv({ now: clock.now, ttlSupport: true });
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});

describe("unstorage TTL", () => {
  it("the driver's ttl option: a hit until the last millisecond, a miss from the deadline on", async () => {
    const storage = createStorage({ driver: createUnstorageDriver(ns, { now: clock.now, ttl: 5 }) });
    await storage.setItem("session", { user: 1 });
    clock.advance(4999);
    expect(await storage.getItem("session")).toEqual({ user: 1 });
    expect(await storage.getMeta("session")).toMatchObject({ ttl: 1 });
    clock.advance(1);
    expect(await storage.getItem("session")).toBeNull();
    expect(await storage.hasItem("session")).toBe(false);
    // Without serverTtl only the envelope knows: the bytes are still there.
    expect(await storedKeys(ns)).toEqual(["session"]);
  });

  it("a per-call ttl wins over the driver's, both ways, and ttl: 0 never expires", async () => {
    const storage = createStorage({ driver: createUnstorageDriver(ns, { now: clock.now, ttl: 60 }) });
    await storage.setItem("short", "s", { ttl: 1 });
    await storage.setItem("long", "l", { ttl: 120 });
    await storage.setItem("default", "d");
    await storage.setItem("forever", "f", { ttl: 0 });
    await storage.setItemRaw("raw", new Uint8Array([1, 2]), { ttl: 2 });
    clock.advance(1000);
    expect(await storage.getItem("short")).toBeNull();
    expect(await storage.getItemRaw("raw")).toEqual(new Uint8Array([1, 2]));
    clock.advance(1000);
    expect(await storage.getItemRaw("raw")).toBeNull();
    clock.advance(58_000);
    expect(await storage.getItem("default")).toBeNull();
    expect(await storage.getItem("long")).toBe("l");
    clock.advance(60_000);
    expect(await storage.getItem("long")).toBeNull();
    clock.advance(10 * 365 * 24 * 3600 * 1000);
    expect(await storage.getItem("forever")).toBe("f");
  });

  it("with serverTtl the key is gone server-side at the deadline, not just hidden", async () => {
    const driver = telnyxKvDriver({ client: ns, now: clock.now, serverTtl: true, base: "app" });
    const storage = createStorage({ driver });
    await storage.setItem("token", "t", { ttl: 3 });
    await storage.setItem("kept", "k");
    clock.advance(2999);
    expect(await ns.getBytes("app=3atoken")).not.toBeNull();
    clock.advance(1);
    expect(await storage.getItem("token")).toBeNull();
    // The emulator (on the same clock) collected it: ttl_secs went with the write.
    expect(await ns.getBytes("app=3atoken")).toBeNull();
    expect(await storedKeys(ns)).toEqual(["app=3akept"]);
  });
});
