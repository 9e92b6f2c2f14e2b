import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prefixSuccessor } from "../handlers/list-keys.js";
import { MemoryStore } from "./memory.js";
import { openSqliteStore } from "./sqlite.js";
import type { KvStore } from "./types.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const factories: Record<string, () => Promise<KvStore>> = {
  memory: async () => new MemoryStore(),
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), "kv-store-test-"));
    dirs.push(dir);
    return openSqliteStore(dir);
  },
};

function namespace(store: KvStore, name = "ns") {
  return store.createNamespace({ id: crypto.randomUUID(), account: "acct", name, createdAt: 0, readyAt: 0 })!;
}

for (const [kind, open] of Object.entries(factories)) {
  describe(`${kind} store`, () => {
    it("lists in byte order whatever the write order", async () => {
      const store = await open();
      const ns = namespace(store);
      const keys = ["b", "a/2", "A", "a", "a/10", "_x", "-", "a.", "z", "a/1", "Z", "0"];
      for (const key of keys) store.putValue(ns.seq, key, Buffer.from(key), "text/plain", 1, null);
      const listed = store.listKeys(ns.seq, { limit: 100, now: 2 }).map((k) => k.key);
      expect(listed).toEqual([...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
      store.close();
    });

    it("seeks by range: prefix bounds, cursor, limit", async () => {
      const store = await open();
      const ns = namespace(store);
      for (const key of ["a", "a%", "a_", "ab", "ab/1", "ab/2", "ac", "b"]) {
        store.putValue(ns.seq, key, Buffer.alloc(3), "x", 1, null);
      }
      const page = (from: string, after?: string, limit = 100) =>
        store
          .listKeys(ns.seq, { from, before: prefixSuccessor(from), after, limit, now: 2 })
          .map((k) => k.key);
      expect(page("ab")).toEqual(["ab", "ab/1", "ab/2"]);
      expect(page("ab", "ab/1")).toEqual(["ab/2"]);
      expect(page("ab", "a")).toEqual(["ab", "ab/1", "ab/2"]);
      expect(page("ab", undefined, 2)).toEqual(["ab", "ab/1"]);
      expect(page("a_")).toEqual(["a_"]);
    });

    it("created, replaced, expired", async () => {
      const store = await open();
      const ns = namespace(store);
      expect(store.putValue(ns.seq, "k", Buffer.from("1"), "x", 10, 20)).toBe(true);
      expect(store.putValue(ns.seq, "k", Buffer.from("2"), "y", 11, 20)).toBe(false);
      expect(store.getValue(ns.seq, "k", 19)?.value.toString()).toBe("2");
      expect(store.listKeys(ns.seq, { limit: 10, now: 20 })).toEqual([]);
      expect(store.getValue(ns.seq, "k", 20)).toBeUndefined();
      expect(store.putValue(ns.seq, "k", Buffer.alloc(0), "x", 30, null)).toBe(true);
      expect(store.getValue(ns.seq, "k", 99)?.value.length).toBe(0);
    });

    it("keeps names unique per account and purges finished deletions", async () => {
      const store = await open();
      const ns = namespace(store, "same");
      expect(
        store.createNamespace({
          id: crypto.randomUUID(),
          account: "acct",
          name: "same",
          createdAt: 0,
          readyAt: 0,
        }),
      ).toBeUndefined();
      expect(
        store.createNamespace({
          id: crypto.randomUUID(),
          account: "other",
          name: "same",
          createdAt: 0,
          readyAt: 0,
        }),
      ).toBeDefined();
      store.putValue(ns.seq, "k", Buffer.from("v"), "x", 1, null);
      store.markDeleting(ns.seq, 5, 10);
      store.purgeGone(9);
      expect(store.getNamespace("acct", ns.id, 9)?.goneAt).toBe(10);
      store.purgeGone(10);
      expect(store.getNamespace("acct", ns.id, 10)).toBeUndefined();
      expect(store.listNamespaces("acct", 0, 10, 10).total).toBe(0);
    });

    it("treats namespaces gone at `now` as absent without an explicit purge", async () => {
      const store = await open();
      const ns = namespace(store, "gone");
      store.putValue(ns.seq, "k", Buffer.from("v"), "x", 1, null);
      store.markDeleting(ns.seq, 5, 10);
      expect(store.getNamespace("acct", ns.id, 9)?.goneAt).toBe(10);
      expect(store.listNamespaces("acct", 0, 10, 9).total).toBe(1);
      // Creating at the time the old one is gone frees its name.
      const again = store.createNamespace({
        id: crypto.randomUUID(),
        account: "acct",
        name: "gone",
        createdAt: 10,
        readyAt: 10,
      });
      expect(again).toBeDefined();
      expect(store.getNamespace("acct", ns.id, 10)).toBeUndefined();
      expect(store.listNamespaces("acct", 0, 10, 10).rows.map((row) => row.id)).toEqual([again!.id]);
      expect(store.listKeys(again!.seq, { limit: 10, now: 11 })).toEqual([]);
      store.close();
    });
  });
}
