/**
 * The keyv store where the suites do not look: used directly (no Keyv in between), the default contract
 * with keyv 5 installed, `createKeyv`'s ready Keyv, and option errors.
 */
import { KvConfigError, type KvNamespaceClient } from "@telnyx-kv/core";
import Keyv from "keyv";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeEnvelope } from "../src/index.js";
import {
  createKeyv,
  createKeyvStore,
  installedKeyvContract,
  KV_ABSOLUTE_TTL_FROM_MS,
  KvKeyv5Store,
} from "../src/keyv/index.js";
import { startTestKv, storedKeys, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  kv = await startTestKv();
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => vi.useRealTimers());

const expiryOf = async (key: string) => decodeEnvelope((await ns.getBytes(key))!)?.expiresAt;

describe("the default contract with keyv 5 installed", () => {
  it("is v5, and reading capabilities neither finds any nor changes the contract", () => {
    expect(installedKeyvContract()).toBe("v5");
    const store = createKeyvStore(ns);
    expect(store).toBeInstanceOf(KvKeyv5Store);
    expect((store as { capabilities?: unknown }).capabilities).toBeUndefined();
    expect((store as { capabilities?: unknown }).capabilities).toBeUndefined();
    expect(store.contract).toBe("v5");
  });

  it("the footgun: set(key, value, Date.now() + 300) expires at that time, never in 56 years", async () => {
    const store = createKeyvStore(ns);
    const expires = Date.now() + 300;
    await store.set("direct", "value", expires);
    expect(await expiryOf("direct")).toBe(expires);
    expect(await store.get("direct")).toBe("value");
    vi.advanceTimersByTime(300);
    expect(await store.get("direct")).toBeUndefined();
  });

  it("a ttl below the absolute threshold stays relative; at it, it is an absolute time", async () => {
    const store = createKeyvStore(ns, { contract: "v5" });
    const now = Date.now();
    await store.set("relative", "r", 2000);
    await store.set("largest-relative", "l", KV_ABSOLUTE_TTL_FROM_MS - 1);
    await store.set("absolute", "a", KV_ABSOLUTE_TTL_FROM_MS);
    expect(await expiryOf("relative")).toBe(now + 2000);
    expect(await expiryOf("largest-relative")).toBe(now + KV_ABSOLUTE_TTL_FROM_MS - 1);
    // 1e12 ms after the epoch (2001) is already past: the write deletes instead of storing.
    expect(await ns.getBytes("absolute")).toBeNull();
  });

  it("through keyv 5, a ttl passed as Date.now() + 300 expires too", async () => {
    const keyv = new Keyv({ store: createKeyvStore(ns) });
    await keyv.set("k", "v", Date.now() + 300);
    expect(await keyv.get("k")).toBe("v");
    vi.advanceTimersByTime(300);
    expect(await keyv.get("k")).toBeUndefined();
  });
});

describe("createKeyv with keyv 5", () => {
  it("returns a ready Keyv whose iterator works without any other step", async () => {
    const keyv = createKeyv(ns, { prefix: "it/", keyv: { namespace: "users" } });
    const other = createKeyv(ns, { prefix: "it/", keyv: { namespace: "other" } });
    expect(keyv).toBeInstanceOf(Keyv);
    await keyv.set("1", { name: "Ada" });
    await keyv.set("2", { name: "Grace" }, 1000);
    await keyv.set("3", "soon gone", 100);
    await other.set("1", "not mine");
    vi.advanceTimersByTime(500);
    const seen = new Map<string, unknown>();
    for await (const [key, value] of keyv.iterator!(undefined)) seen.set(key, value);
    expect(seen).toEqual(
      new Map<string, unknown>([
        ["1", { name: "Ada" }],
        ["2", { name: "Grace" }],
      ]),
    );
    expect(await storedKeys(ns)).toContain("it/users=3a1");
  });

  it("refuses a contract the installed keyv cannot drive, with a KvConfigError that says what to do", () => {
    const error = (() => {
      try {
        createKeyv(ns, { contract: "v6" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(KvConfigError.isInstance(error) && error.option).toBe("contract");
    expect((error as Error).message).toMatch(/installed keyv \(v5\).*leave contract out/);
  });
});

describe("bad settings are KvConfigError", () => {
  const optionOf = (make: () => unknown): unknown => {
    try {
      make();
    } catch (error) {
      return KvConfigError.isInstance(error) ? error.option : error;
    }
    return "no error";
  };

  it("names the option at fault", () => {
    expect(optionOf(() => createKeyvStore(ns, { contract: "v7" as "v5" }))).toBe("contract");
    expect(optionOf(() => createKeyvStore(ns, { prefix: "_reserved" }))).toBe("prefix");
    expect(optionOf(() => createKeyvStore(ns, { prefix: "a b" }))).toBe("prefix");
    expect(optionOf(() => createKeyvStore(ns, { concurrency: 0 }))).toBe("concurrency");
    expect(optionOf(() => createKeyvStore(ns, { namespace: 5 as unknown as string }))).toBe("namespace");
  });

  it("a value Keyv did not serialize is refused with how to fix it", async () => {
    const store = createKeyvStore(ns, { contract: "v5" });
    const error = await store.set("k", { raw: true }).catch((caught: unknown) => caught);
    expect(KvConfigError.isInstance(error) && error.option).toBe("serialize");
    expect((error as Error).message).toMatch(/leave Keyv's serialization on/);
  });
});
