/**
 * The session store method by method, with connect-redis's own test (src/RedisStore_test.ts) as the
 * checklist: defaults, get/set, the one-day and cookie-derived TTLs, touch, length, ids, all, destroy,
 * clear, 1,000 sessions, and a cookie already expired. Called node-style through `promisify`, as there.
 */
import { promisify } from "node:util";
import type { KvConfigError, KvNamespaceClient } from "@telnyx-kv/core";
import session, { Cookie, type SessionData } from "express-session";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createSessionStore,
  KV_SESSION_DEFAULT_TTL_SECONDS,
  type KvSessionStore,
} from "../src/express-session/index.js";
import { fakeClock, startTestKv, storedKeys, type TestKv } from "./helpers.js";

const clock = fakeClock();
let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  kv = await startTestKv({ now: clock.now });
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});

/** A session as connect-redis's test writes it: any object, a cookie only when the test needs one. */
const sess = (data: Record<string, unknown>) => data as unknown as SessionData;
const iso = (ms: number) => new Date(clock.now() + ms).toISOString();

function methods(store: KvSessionStore) {
  const promised = <A extends unknown[]>(
    f: (...args: [...A, (error: unknown, value?: unknown) => void]) => unknown,
  ) => promisify(f).bind(store) as (...args: A) => Promise<unknown>;
  return {
    get: promised<[string]>(store.get),
    set: promised<[string, SessionData]>(store.set),
    touch: promised<[string, SessionData]>(store.touch),
    destroy: promised<[string]>(store.destroy),
    length: promised<[]>(store.length),
    ids: promised<[]>(store.ids),
    all: promised<[]>(store.all),
    clear: promised<[]>(store.clear),
  };
}

/** Seconds until the stored session expires (the envelope's expiry, on the shared clock). */
async function ttlOf(store: KvSessionStore, sid: string): Promise<number | undefined> {
  const expiresAt = (await store.cache.getEntry(sid))?.expiresAt;
  return expiresAt === undefined ? undefined : (expiresAt - clock.now()) / 1000;
}

describe("session store: connect-redis's checklist", () => {
  it("defaults: an express-session Store, prefix sess/, one day, JSON, touch on every call", () => {
    const store = createSessionStore(ns);
    expect(store).toBeInstanceOf(session.Store);
    expect(store.prefix).toBe("sess/");
    expect(KV_SESSION_DEFAULT_TTL_SECONDS).toBe(86_400);
  });

  it("the lifecycle, for both stores' ways of expiring (server TTL listing, or envelope reads)", async () => {
    for (const serverTtl of [true, false]) {
      const scoped = await kv.namespace();
      const store = createSessionStore(scoped, { now: clock.now, serverTtl });
      const P = methods(store);
      await P.clear();

      const data = { foo: "bar" };
      await P.set("123", sess(data));
      expect(await P.get("123")).toEqual(data);
      expect(await ttlOf(store, "123")).toBe(86_400);

      const expires = iso(60_000);
      await P.set("456", sess({ cookie: { expires } }));
      expect(await ttlOf(store, "456")).toBeLessThanOrEqual(60);
      await P.touch("456", sess({ cookie: { expires: iso(90_000) } }));
      expect(await ttlOf(store, "456")).toBeGreaterThan(60);

      expect(await P.length()).toBe(2);
      expect(((await P.ids()) as string[]).sort()).toEqual(["123", "456"]);
      const all = (await P.all()) as Array<{ id: string }>;
      all.sort((a, b) => (a.id > b.id ? 1 : -1));
      expect(all).toEqual([
        { id: "123", foo: "bar" },
        { id: "456", cookie: { expires: iso(90_000) } },
      ]);

      await P.destroy("456");
      expect(await P.length()).toBe(1);
      await P.clear();
      expect(await P.length()).toBe(0);

      // 1,000 sessions, written through the promise API as connect-redis's `load` does.
      const cookie = new Cookie();
      for (let sid = 0; sid < 1000; sid++) {
        cookie.expires = new Date(clock.now() + 1000);
        await store.set(`s${sid}`, { cookie });
      }
      expect(await P.length()).toBe(1000);
      expect(await store.all()).toHaveLength(1000);
      await P.clear();
      expect(await P.length()).toBe(0);

      await P.set("789", sess({ cookie: { expires: iso(90_000) } }));
      expect(await P.length()).toBe(1);
      // A cookie already expired deletes the session.
      await P.set("789", sess({ cookie: { expires: iso(-90_000) } }));
      expect(await P.length()).toBe(0);
      expect(await storedKeys(scoped)).toEqual([]);
    }
  });

  it("on a namespace without TTL support, length does not count expired sessions the server kept", async () => {
    const noTtl = await startTestKv({ now: clock.now, ttlSupport: false });
    try {
      const store = createSessionStore(await noTtl.namespace(), { now: clock.now });
      await store.set("short", sess({ cookie: { maxAge: 1000 } }));
      await store.set("long", sess({ cookie: { maxAge: 60_000 } }));
      clock.advance(1000);
      // The 409 fallback stored both without ttl_secs: the expired one is still listed, but not counted.
      expect((await store.ids()).sort()).toEqual(["long", "short"]);
      expect(await store.length()).toBe(1);
    } finally {
      await noTtl.close();
    }
  });

  it("all, length and clear see only this store's prefix", async () => {
    const store = createSessionStore(ns, { now: clock.now });
    const admin = createSessionStore(ns, { now: clock.now, prefix: "admin-sess/" });
    await ns.put("sessions-report", "not a session");
    await store.set("a", sess({ n: 1 }));
    await admin.set("a", sess({ n: 2 }));
    expect(await store.length()).toBe(1);
    expect(await store.all()).toEqual([{ id: "a", n: 1 }]);
    await store.clear();
    expect(await admin.get("a")).toEqual({ n: 2 });
    expect((await storedKeys(ns)).sort()).toEqual(["admin-sess/a", "sessions-report"]);
  });
});

describe("session store: keys, expiry and options", () => {
  it("any session id works, however long or strange", async () => {
    const store = createSessionStore(ns, { now: clock.now });
    const ids = ["a/b:c d", "é中😀", "_leading", ".", "x".repeat(600)];
    for (const [i, sid] of ids.entries()) await store.set(sid, sess({ i }));
    for (const [i, sid] of ids.entries()) expect(await store.get(sid)).toEqual({ i });
    expect((await store.ids()).sort()).toEqual([...ids].sort());
    await store.destroy(ids[4] ?? "");
    expect(await store.get(ids[4] ?? "")).toBeNull();
  });

  it("a session expires with its cookie: maxAge, expires, the one-day default and ttlSeconds", async () => {
    const store = createSessionStore(ns, { now: clock.now, serverTtl: false });
    await store.set("max-age", sess({ cookie: { maxAge: 5000 } }));
    await store.set("expires", sess({ cookie: { expires: new Date(clock.now() + 3000) } }));
    await store.set("browser-session", sess({ cookie: { expires: null } }));
    clock.advance(2999);
    expect(await store.get("expires")).not.toBeNull();
    clock.advance(1);
    expect(await store.get("expires")).toBeNull();
    clock.advance(2000);
    expect(await store.get("max-age")).toBeNull();
    clock.advance(86_400_000 - 5001);
    expect(await store.get("browser-session")).not.toBeNull();
    clock.advance(1);
    expect(await store.get("browser-session")).toBeNull();

    const fixed = createSessionStore(ns, { now: clock.now, ttlSeconds: 10, prefix: "fixed/" });
    await fixed.set("s", sess({ cookie: { maxAge: 3_600_000 } }));
    expect((await fixed.cache.getEntry("s"))?.expiresAt).toBe(clock.now() + 10_000);
    const computed = createSessionStore(ns, {
      now: clock.now,
      ttlSeconds: (s) => ((s as { vip?: boolean }).vip ? 100 : 1),
      prefix: "computed/",
    });
    await computed.set("vip", sess({ vip: true }));
    expect((await computed.cache.getEntry("vip"))?.expiresAt).toBe(clock.now() + 100_000);
  });

  it("touch writes only when it moves the expiry by touchAfterSeconds, reading first when it has not seen the session", async () => {
    const store = createSessionStore(ns, { now: clock.now, touchAfterSeconds: 60, ttlSeconds: 3600 });
    await store.set("s", sess({ user: "ada" }));
    const written = (await store.cache.getEntry("s"))?.expiresAt;
    clock.advance(59_000);
    await store.touch("s", sess({ user: "ada" }));
    expect((await store.cache.getEntry("s"))?.expiresAt).toBe(written);
    // Another instance that never read the session reads its expiry once, then decides the same way.
    const other = createSessionStore(ns, { now: clock.now, touchAfterSeconds: 60, ttlSeconds: 3600 });
    await other.touch("s", sess({ user: "ada" }));
    expect((await store.cache.getEntry("s"))?.expiresAt).toBe(written);
    clock.advance(1000);
    await other.touch("s", sess({ user: "ada" }));
    expect((await store.cache.getEntry("s"))?.expiresAt).toBe(clock.now() + 3_600_000);
  });

  it("a custom serializer; a value it cannot read is no session, reported to onError without an error listener", async () => {
    const reported: unknown[] = [];
    const serializer = {
      stringify: (data: SessionData) => `v1:${JSON.stringify(data)}`,
      parse: (text: string) => {
        if (!text.startsWith("v1:")) throw new SyntaxError("not a v1 session");
        return JSON.parse(text.slice(3));
      },
    };
    const store = createSessionStore(ns, { now: clock.now, serializer, onError: (e) => reported.push(e) });
    await store.set("s", sess({ a: 1 }));
    const stored = await store.cache.getEntry("s");
    expect(new TextDecoder().decode(stored?.value)).toBe('v1:{"a":1}');
    expect(await store.get("s")).toEqual({ a: 1 });
    await ns.put("sess/bad", '{"a":1}');
    await ns.put("sess/array", "v1:[1,2]");
    expect(await store.get("bad")).toBeNull();
    expect(await store.get("array")).toBeNull();
    expect(reported).toHaveLength(2);
    // The listing skips unreadable sessions too (and reports them).
    expect(await store.all()).toEqual([{ id: "s", a: 1 }]);
    expect(reported).toHaveLength(4);
  });

  it("errors of the namespace reach the callback; bad options throw KvConfigError naming the option", async () => {
    const store = createSessionStore(ns, { now: clock.now });
    kv.emulator.setFaults({ failureRate: 1, failureKinds: ["503"] });
    try {
      const error = await new Promise((resolve) => store.get("s", (e) => resolve(e)));
      expect(error).toMatchObject({ name: "KvHttpError", status: 503 });
      await expect(store.set("s", sess({}))).rejects.toMatchObject({ status: 503 });
    } finally {
      kv.emulator.setFaults({ failureRate: 0 });
    }
    for (const [option, value] of [
      ["touchAfterSeconds", -1],
      ["ttlSeconds", 0],
      ["serializer", { parse: JSON.parse }],
      ["prefix", "_x"],
    ] as const) {
      expect(() => createSessionStore(ns, { [option]: value })).toThrow(
        expect.objectContaining({ option }) as unknown as KvConfigError,
      );
    }
  });
});
