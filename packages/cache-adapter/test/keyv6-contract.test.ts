/**
 * keyv 6 has no published compliance suite, so these are our own contract tests, written from keyv 6's
 * published type definitions (`KeyvStorageAdapter`, `KeyvStorageCapability`) and README: the real keyv 6
 * `Keyv` class drives the store against the emulator. This file runs in the "keyv6" vitest project, where
 * "keyv" resolves to keyv 6 as in an app that installed it, so `contract: "auto"` picks v6.
 */
import { KvConfigError, type KvNamespaceClient } from "@telnyx-kv/core";
import Keyv5 from "keyv5";
import Keyv from "keyv6";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeEnvelope } from "../src/index.js";
import {
  createKeyv,
  createKeyvStore,
  installedKeyvContract,
  KV_ABSOLUTE_TTL_FROM_MS,
  type KvKeyvStore,
} from "../src/keyv/index.js";
import { startTestKv, storedKeys, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  kv = await startTestKv({ recordRequests: true });
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});
afterEach(() => {
  vi.useRealTimers();
  kv.emulator.setFaults(undefined);
});

const keyvOver = (store: KvKeyvStore, namespace?: string) => new Keyv({ store, namespace });

describe("keyv 6 contract", () => {
  it("is adopted directly as a v6 adapter (absolute expiry), not wrapped in keyv's bridge", () => {
    expect(installedKeyvContract()).toBe("v6");
    const store = createKeyvStore(ns);
    const keyv = keyvOver(store);
    expect(keyv.store).toBe(store);
    expect(store.contract).toBe("v6");
  });

  it("reading capabilities changes nothing: the same frozen record every time", () => {
    const store = createKeyvStore(ns, { contract: "v6" });
    const first = store.capabilities;
    expect(store.capabilities).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.expires).toBe(true);
    expect(store.contract).toBe("v6");
    const v5 = createKeyvStore(ns, { contract: "v5" });
    expect("capabilities" in v5).toBe(false);
    expect(v5.contract).toBe("v5");
  });

  it("the footgun: a direct set(key, value, Date.now() + 300) expires with the absolute time it was given", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = createKeyvStore(ns);
    const expires = Date.now() + 300;
    await store.set("direct", "value", expires);
    expect(decodeEnvelope((await ns.getBytes("direct"))!)?.expiresAt).toBe(expires);
    expect(await store.get("direct")).toBe("value");
    vi.advanceTimersByTime(300);
    expect(await store.get("direct")).toBeUndefined();
  });

  it("refuses an expires below KV_ABSOLUTE_TTL_FROM_MS (a keyv 5 relative ttl) and leaves the key as it was", async () => {
    const store = createKeyvStore(ns);
    await store.set("kept", "old");
    const refusal = store.set("kept", "new", 300);
    await expect(refusal).rejects.toBeInstanceOf(KvConfigError);
    await expect(refusal).rejects.toMatchObject({ option: "expires" });
    await expect(refusal).rejects.toThrow(
      /got expires 300, which as an absolute time is 1970-01-01T00:00:00\.300Z/,
    );
    await expect(refusal).rejects.toThrow(
      /absolute expiry in ms since the epoch, e\.g\. Date\.now\(\) \+ ttl/,
    );
    await expect(store.set("kept", "new", KV_ABSOLUTE_TTL_FROM_MS - 1)).rejects.toBeInstanceOf(KvConfigError);
    expect(await store.get("kept")).toBe("old");
    expect(decodeEnvelope((await ns.getBytes("kept"))!)?.expiresAt).toBeUndefined();
  });

  it("setMany with one relative expires writes nothing; with absolute ones it expires each on time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-01T00:00:00Z"));
    // Typed as keyv 6's store (the workspace's keyv types are keyv 5's, whose setMany differs).
    const store = createKeyvStore(ns, { contract: "v6" });
    const now = Date.now();
    await expect(
      store.setMany([
        { key: "good", value: "g", expires: now + 60_000 },
        { key: "bad", value: "b", expires: 60_000 },
      ]),
    ).rejects.toThrow(/got expires 60000/);
    expect(await storedKeys(ns)).toEqual([]);
    expect(
      await store.setMany([
        { key: "short", value: "s", expires: now + 1000 },
        { key: "long", value: "l", expires: now + 60_000 },
        { key: "forever", value: "f" },
      ]),
    ).toEqual([true, true, true]);
    expect(decodeEnvelope((await ns.getBytes("long"))!)?.expiresAt).toBe(now + 60_000);
    vi.setSystemTime(now + 1001);
    expect(await store.getMany(["short", "long", "forever"])).toEqual([undefined, "l", "f"]);
  });

  it("createKeyv returns a ready keyv 6 Keyv with iteration", async () => {
    // Typed with the workspace's keyv (5); in this project it is keyv 6's.
    const keyv = createKeyv(ns, { keyv: { namespace: "ready" } }) as unknown as Keyv;
    expect(keyv).toBeInstanceOf(Keyv);
    await keyv.set("a", 1);
    const seen: unknown[] = [];
    for await (const entry of keyv.iterator()) seen.push(entry);
    expect(seen).toEqual([["a", 1]]);
  });

  it("round-trips values through get and set", async () => {
    const keyv = keyvOver(createKeyvStore(ns));
    const values = ["bar", 0, false, null, { nested: ["a", 1] }, "quote \" and ' and 中文"];
    for (const [i, value] of values.entries()) {
      expect(await keyv.set(`k${i}`, value)).toBe(true);
      expect(await keyv.get(`k${i}`)).toEqual(value);
    }
    expect(await keyv.get("missing")).toBeUndefined();
  });

  it("set with ttl: a hit before the deadline, a miss after, with the absolute expiry in the envelope", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-01T00:00:00Z"));
    const keyv = keyvOver(createKeyvStore(ns), "ttl");
    await keyv.set("foo", "bar", 2000);
    const stored = decodeEnvelope((await ns.getBytes("ttl=3afoo"))!);
    expect(stored?.expiresAt).toBe(Date.parse("2026-03-01T00:00:02Z"));
    vi.setSystemTime(Date.parse("2026-03-01T00:00:01.999Z"));
    expect(await keyv.get("foo")).toBe("bar");
    vi.setSystemTime(Date.parse("2026-03-01T00:00:02.001Z"));
    expect(await keyv.get("foo")).toBeUndefined();
    expect(await keyv.has("foo")).toBe(false);
  });

  it("getMany returns values in order with undefined for missing keys", async () => {
    const keyv = keyvOver(createKeyvStore(ns));
    await keyv.setMany([
      { key: "a", value: 1 },
      { key: "c", value: 3, ttl: 60_000 },
    ]);
    expect(await keyv.getMany(["a", "b", "c"])).toEqual([1, undefined, 3]);
    expect(await keyv.get(["c", "a"])).toEqual([3, 1]);
  });

  it("has and hasMany", async () => {
    const keyv = keyvOver(createKeyvStore(ns));
    await keyv.set("here", "x");
    expect(await keyv.has("here")).toBe(true);
    expect(await keyv.has("gone")).toBe(false);
    expect(await keyv.hasMany(["here", "gone"])).toEqual([true, false]);
  });

  it("delete says whether the key existed; deleteMany answers per key", async () => {
    const keyv = keyvOver(createKeyvStore(ns));
    await keyv.set("a", 1);
    await keyv.set("b", 2);
    expect(await keyv.delete("a")).toBe(true);
    expect(await keyv.delete("a")).toBe(false);
    expect(await keyv.deleteMany(["b", "nope"])).toEqual([true, false]);
    expect(await keyv.get("b")).toBeUndefined();
  });

  it("namespaces: same key, separate values; clear only empties its own namespace", async () => {
    const users = keyvOver(createKeyvStore(ns, { prefix: "app/" }), "users");
    const cache = keyvOver(createKeyvStore(ns, { prefix: "app/" }), "cache");
    await users.set("foo", "users");
    await cache.set("foo", "cache");
    await users.set("bar", "users");
    expect(await users.get("foo")).toBe("users");
    expect(await cache.get("foo")).toBe("cache");
    expect(await storedKeys(ns)).toEqual(["app/cache=3afoo", "app/users=3abar", "app/users=3afoo"]);
    await users.clear();
    expect(await users.get("foo")).toBeUndefined();
    expect(await cache.get("foo")).toBe("cache");
    expect(await storedKeys(ns)).toEqual(["app/cache=3afoo"]);
  });

  it("takes the store's namespace when Keyv has none", async () => {
    const keyv = keyvOver(createKeyvStore(ns, { namespace: "from-store" }));
    expect(keyv.namespace).toBe("from-store");
    await keyv.set("k", "v");
    expect(await storedKeys(ns)).toEqual(["from-store=3ak"]);
  });

  it("iterator yields this namespace's live entries with unprefixed keys", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const mine = keyvOver(createKeyvStore(ns), "mine");
    const other = keyvOver(createKeyvStore(ns), "other");
    await mine.set("a:1", { n: 1 });
    await mine.set("b 2", "two");
    await mine.set("short", "lived", 1000);
    await other.set("a:1", "not mine");
    vi.advanceTimersByTime(1500);
    const seen = new Map<string, unknown>();
    for await (const [key, value] of mine.iterator()) seen.set(key, value);
    expect(seen).toEqual(
      new Map<string, unknown>([
        ["a:1", { n: 1 }],
        ["b 2", "two"],
      ]),
    );
  });

  it("a failed write is reported as not stored and emits error", async () => {
    const keyv = keyvOver(createKeyvStore(ns));
    const errors: unknown[] = [];
    keyv.on("error", (error) => errors.push(error));
    kv.emulator.setFaults({ failureRate: 1, failureKinds: ["500"] });
    expect(await keyv.set("k", "v")).toBe(false);
    expect(await keyv.setMany([{ key: "m", value: 1 }])).toEqual([false]);
    kv.emulator.setFaults(undefined);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(await keyv.get("k")).toBeUndefined();
  });

  it("reads what keyv 5 wrote under the same namespace (same layout, so upgrades keep the cache)", async () => {
    const old = new Keyv5({ store: createKeyvStore(ns, { contract: "v5" }), namespace: "shared" });
    await old.set("user:1", { name: "Ada" }, 60_000);
    const upgraded = keyvOver(createKeyvStore(ns), "shared");
    expect(await upgraded.get("user:1")).toEqual({ name: "Ada" });
    await upgraded.set("user:2", { name: "Grace" });
    expect(await old.get("user:2")).toEqual({ name: "Grace" });
  });
});
