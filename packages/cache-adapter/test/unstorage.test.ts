/**
 * unstorage's real `createStorage` over the driver, against the emulator, exercising the public storage
 * API as unstorage documents it: items, raw values, metadata, keys and bases, mounts, utils, watch.
 */
import type { KvNamespaceClient } from "@telnyx-kv/core";
import {
  createStorage,
  type Driver,
  prefixStorage,
  restoreSnapshot,
  type Storage,
  type StorageValue,
  snapshot,
} from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUnstorageDriver, type KvUnstorageOptions } from "../src/unstorage.js";
import { fakeClock, startTestKv, storedKeys, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  kv = await startTestKv();
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});

function storageOver(options?: KvUnstorageOptions): Storage {
  const driver: Driver = createUnstorageDriver(ns, options);
  return createStorage({ driver });
}

describe("unstorage driver", () => {
  it("items: set, get (JSON round trip), has, remove, and the short aliases", async () => {
    const storage = storageOver();
    await storage.setItem("user:1", { name: "Ada", tags: ["math"] });
    await storage.setItem("count", 3);
    await storage.set("flag", true);
    expect(await storage.getItem("user:1")).toEqual({ name: "Ada", tags: ["math"] });
    expect(await storage.get("count")).toBe(3);
    expect(await storage.hasItem("flag")).toBe(true);
    expect(await storage.has("nope")).toBe(false);
    expect(await storage.getItem("nope")).toBeNull();
    await storage.removeItem("count");
    await storage.del("flag");
    await storage.remove("user:1");
    expect(await storage.getKeys()).toEqual([]);
  });

  it("keys use ':' separators; '/' is the same separator, and the stored key stays readable", async () => {
    const storage = storageOver({ base: "app" });
    await storage.setItem("posts/2026/hello world.md", "# hi");
    expect(await storage.getItem("posts:2026:hello world.md")).toBe("# hi");
    expect(await storage.getKeys()).toEqual(["posts:2026:hello world.md"]);
    expect(await storedKeys(ns)).toEqual(["app=3aposts=3a2026=3ahello=20world.md"]);
  });

  it("getItems and setItems in batches", async () => {
    const storage = storageOver();
    const items: { key: string; value: StorageValue }[] = [
      { key: "a", value: "1" },
      { key: "b", value: { two: 2 } },
    ];
    await storage.setItems(items);
    expect(await storage.getItems(["a", "b", "c"])).toEqual([
      { key: "a", value: 1 },
      { key: "b", value: { two: 2 } },
      { key: "c", value: null },
    ]);
  });

  it("raw values: bytes in, bytes out, without a base64 detour", async () => {
    const storage = storageOver();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await storage.setItemRaw("blob", bytes);
    expect(await storage.getItemRaw("blob")).toEqual(bytes);
    expect(await ns.getBytes("blob")).toEqual(bytes);
    await storage.setItemRaw("buffer", Buffer.from("hé"));
    expect(new TextDecoder().decode((await storage.getItemRaw("buffer")) as Uint8Array)).toBe("hé");
    expect(await storage.getItemRaw("missing")).toBeNull();
  });

  it("ttl in seconds per call or by default, reported by getMeta, and expiring on the adapter clock", async () => {
    const clock = fakeClock();
    const storage = storageOver({ now: clock.now, ttl: 60 });
    await storage.setItem("short", "x", { ttl: 2 });
    await storage.setItem("default", "y");
    await storage.setItem("forever", "z", { ttl: 0 });
    expect(await storage.getMeta("short")).toMatchObject({ ttl: 2, size: 1 });
    expect(await storage.getMeta("default")).toMatchObject({ ttl: 60 });
    expect((await storage.getMeta("forever")).ttl).toBeUndefined();
    clock.advance(2000);
    expect(await storage.getItem("short")).toBeNull();
    expect(await storage.hasItem("short")).toBe(false);
    expect(await storage.getItem("default")).toBe("y");
  });

  it("getMeta merges native metadata with setMeta's, and removeItem can drop both", async () => {
    const storage = storageOver();
    await storage.setItem("doc", "text");
    await storage.setMeta("doc", { author: "ada" });
    expect(await storage.getMeta("doc")).toEqual({ size: 4, author: "ada" });
    expect(await storage.getMeta("doc", { nativeOnly: true })).toEqual({ size: 4 });
    await storage.removeMeta("doc");
    expect(await storage.getMeta("doc")).toEqual({ size: 4 });
    await storage.setMeta("doc", { author: "ada" });
    await storage.removeItem("doc", { removeMeta: true });
    expect(await storage.getKeys()).toEqual([]);
  });

  it("getKeys(base) and maxDepth; the driver's clear(base) removes only that base", async () => {
    const driver = createUnstorageDriver(ns);
    const storage = createStorage({ driver });
    for (const key of ["a:1", "a:2", "a:b:3", "ab", "c"]) await storage.setItem(key, key);
    expect((await storage.getKeys("a")).sort()).toEqual(["a:1", "a:2", "a:b:3"]);
    expect((await storage.keys("a:b")).sort()).toEqual(["a:b:3"]);
    expect((await storage.getKeys("", { maxDepth: 0 })).sort()).toEqual(["ab", "c"]);
    // storage.clear(base) hands a base only to drivers mounted under it; called with one, the driver scopes.
    await driver.clear?.("a:b:", {});
    expect((await storage.getKeys()).sort()).toEqual(["a:1", "a:2", "ab", "c"]);
    await driver.clear?.("a:", {});
    expect((await storage.getKeys()).sort()).toEqual(["ab", "c"]);
    await storage.clear();
    expect(await storage.getKeys()).toEqual([]);
  });

  it("mounts: Telnyx KV under a base next to an in-memory root, with getMount(s) and unmount", async () => {
    const storage = createStorage({ driver: memoryDriver() });
    storage.mount("cache", createUnstorageDriver(ns, { prefix: "mounted/" }));
    await storage.setItem("cache:page:/home", "<html>");
    await storage.setItem("local", "memory only");
    // unstorage normalises ":/" to a single separator before the driver sees the key.
    expect(await storedKeys(ns)).toEqual(["mounted/page=3ahome"]);
    expect(await storage.getItem("cache/page/home")).toBe("<html>");
    expect((await storage.getKeys()).sort()).toEqual(["cache:page:home", "local"]);
    expect(await storage.getKeys("cache")).toEqual(["cache:page:home"]);
    expect(storage.getMount("cache:x").base).toBe("cache:");
    expect(storage.getMounts().map((mount) => mount.base)).toEqual(["cache:", ""]);
    await storage.clear("cache");
    expect(await storedKeys(ns)).toEqual([]);
    expect(await storage.getItem("local")).toBe("memory only");
    await storage.unmount("cache");
    expect(storage.getMounts().map((mount) => mount.base)).toEqual([""]);
  });

  it("utils: prefixStorage, snapshot and restoreSnapshot", async () => {
    const storage = storageOver();
    const users = prefixStorage(storage, "users");
    await users.setItem("1", { name: "Ada" });
    expect(await storage.getItem("users:1")).toEqual({ name: "Ada" });
    expect(await users.getKeys()).toEqual(["1"]);
    const saved = await snapshot(storage, "");
    expect(saved).toEqual({ "users:1": { name: "Ada" } });
    await storage.clear();
    await restoreSnapshot(storage, saved);
    expect(await users.getItem("1")).toEqual({ name: "Ada" });
  });

  it("watch reports writes made through the storage", async () => {
    const storage = storageOver();
    const events: string[] = [];
    const unwatch = await storage.watch((event, key) => events.push(`${event} ${key}`));
    await storage.setItem("w", 1);
    await storage.removeItem("w");
    await unwatch();
    expect(events).toEqual(["update w", "remove w"]);
    await storage.dispose();
  });

  it("errors reach the caller: a failed write rejects", async () => {
    const storage = storageOver();
    kv.emulator.setFaults({ failureRate: 1, failureKinds: ["500"] });
    try {
      await expect(storage.setItem("k", "v")).rejects.toThrow();
    } finally {
      kv.emulator.setFaults(undefined);
    }
    expect(await storage.hasItem("k")).toBe(false);
  });
});
