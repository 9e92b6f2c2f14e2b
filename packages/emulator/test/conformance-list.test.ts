/** API-FACTS rows: listing keys (order, limit, prefix, cursor, record shape), on both stores. */

import type { KvKeyListEnvelope } from "@telnyx-kv/core/protocol";
import { beforeAll, expect, it } from "vitest";
import { type Api, expectError, mapLimit, RFC3339_NANOS } from "./helpers.js";
import { describeStores } from "./stores.js";

const pad = (n: number) => String(n).padStart(4, "0");

describeStores("list keys: shape and order", (ctx) => {
  it("lists keys in ascending byte order with size_bytes and updated_at, never values", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    const keys = [
      "b",
      "B",
      "a",
      "A",
      "0",
      "9",
      "-x",
      ".x",
      "=x",
      "a_b",
      "a-b",
      "aa",
      "a.b",
      "Z",
      "z",
      "a/b",
      "a=b",
      "A_",
    ];
    const before = Date.now();
    for (const key of keys) expect((await api.put(id, key, `value-of-${key}!`)).status).toBe(201);
    const res = await api.list(id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = res.keyList();
    expect(body.record_type).toBe("storage_kv_key");
    const expected = [...keys].sort((x, y) => (Buffer.from(x) < Buffer.from(y) ? -1 : 1));
    expect(expected.slice(0, 4)).toEqual(["-x", ".x", "0", "9"]);
    expect(body.data.map((k) => k.key)).toEqual(expected);
    for (const record of body.data) {
      expect(Object.keys(record).sort()).toEqual(["key", "size_bytes", "updated_at"]);
      expect(record.size_bytes).toBe(Buffer.byteLength(`value-of-${record.key}!`));
      expect(record.updated_at).toMatch(RFC3339_NANOS);
      expect(Date.parse(record.updated_at)).toBeGreaterThanOrEqual(before - 5_000);
    }
    expect(body.meta.has_more).toBe(false);
    expect("cursor" in body.meta).toBe(false);
    expect(res.text).not.toContain("value-of-");
  });

  it("reports size_bytes in bytes and moves updated_at on update", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    await api.put(id, "multi", "é日");
    const first = (await api.list(id)).keyList().data[0]!;
    expect(first.size_bytes).toBe(5);
    await new Promise((r) => setTimeout(r, 5));
    await api.put(id, "multi", new Uint8Array(1234));
    const second = (await api.list(id)).keyList().data[0]!;
    expect(second.size_bytes).toBe(1234);
    expect(second.updated_at).toMatch(RFC3339_NANOS);
    expect(second.updated_at > first.updated_at).toBe(true);
  });

  it("lists an empty namespace as an empty last page", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    const body = (await api.list(id)).keyList();
    expect(body).toEqual({ record_type: "storage_kv_key", data: [], meta: { has_more: false } });
  });
});

describeStores("list keys: limit, prefix, cursor", (ctx) => {
  let api: Api;
  let id: string;
  const all: string[] = [];
  beforeAll(async () => {
    api = ctx.api();
    id = await api.readyNamespace();
    for (let i = 0; i < 1001; i++) all.push(`k/${pad(i)}`);
    await mapLimit(all, 16, async (key) => expect((await api.put(id, key, "v")).status).toBe(201));
    for (const key of ["a_1", "a_b", "ab", "aX", "a", "a-1", "a/_", "b"]) await api.put(id, key, "v");
  }, 60_000);

  it("returns 1000 keys by default and clamps larger limits to 1000", async () => {
    for (const query of [{}, { limit: 1001 }, { limit: 5000 }, { limit: 1000 }] as Array<
      Record<string, number>
    >) {
      const body = (await api.list(id, { ...query, prefix: "k/" })).keyList();
      expect(body.data.length).toBe(1000);
      expect(body.meta.has_more).toBe(true);
      expect(typeof body.meta.cursor).toBe("string");
      expect(body.data[0]!.key).toBe("k/0000");
      expect(body.data[999]!.key).toBe("k/0999");
    }
  });

  it("honours small limits", async () => {
    const one = (await api.list(id, { limit: 1, prefix: "k/" })).keyList();
    expect(one.data.map((k) => k.key)).toEqual(["k/0000"]);
    expect(one.meta.has_more).toBe(true);
    const seven = (await api.list(id, { limit: 7, prefix: "k/" })).keyList();
    expect(seven.data.map((k) => k.key)).toEqual(all.slice(0, 7));
  });

  it("refuses limit 0, negative, fractional or non-numeric with 400", async () => {
    for (const limit of ["0", "-1", "1.5", "abc", "-0.5", "ten"]) {
      expectError(await api.list(id, { limit }), 400);
    }
  });

  it("filters by prefix literally: `_` is no wildcard", async () => {
    const underscore = (await api.list(id, { prefix: "a_" })).keyList();
    expect(underscore.data.map((k) => k.key)).toEqual(["a_1", "a_b"]);
    const a = (await api.list(id, { prefix: "a" })).keyList();
    expect(a.data.map((k) => k.key)).toEqual(["a", "a-1", "a/_", "aX", "a_1", "a_b", "ab"]);
    const none = (await api.list(id, { prefix: "k/1001" })).keyList();
    expect(none.data).toEqual([]);
    expect(none.meta.has_more).toBe(false);
    const exact = (await api.list(id, { prefix: "k/1000" })).keyList();
    expect(exact.data.map((k) => k.key)).toEqual(["k/1000"]);
    const reserved = (await api.list(id, { prefix: "_" })).keyList();
    expect(reserved.data).toEqual([]);
    const empty = (await api.list(id, { prefix: "", limit: 3 })).keyList();
    expect(empty.data.map((k) => k.key)).toEqual(["a", "a-1", "a/_"]);
  });

  it("refuses an invalid prefix with 400 10015", async () => {
    for (const prefix of ["a%", "%", "a:b", "a b", "日本", "a*", "x".repeat(257)]) {
      expectError(await api.list(id, { prefix }), 400, "10015");
    }
  });

  it("visits every key exactly once across cursor pages; cursor absent on the last page", async () => {
    const { keys, pages } = await api.listAll(id, { prefix: "k/", limit: 97 });
    expect(keys).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 97));
    let cursor: string | undefined;
    let last: KvKeyListEnvelope | undefined;
    do {
      const res = await api.list(
        id,
        cursor ? { prefix: "k/", limit: 500, cursor } : { prefix: "k/", limit: 500 },
      );
      last = res.keyList();
      if (last.meta.has_more) expect(typeof last.meta.cursor).toBe("string");
      cursor = last.meta.cursor;
    } while (cursor);
    expect(last.meta.has_more).toBe(false);
    expect("cursor" in last.meta).toBe(false);
    expect(last.data.length).toBe(1);
  });

  it("ends with has_more false and no cursor when a page is exactly full", async () => {
    const body = (await api.list(id, { prefix: "a_", limit: 2 })).keyList();
    expect(body.data.length).toBe(2);
    if (body.meta.has_more) {
      const next = (await api.list(id, { prefix: "a_", limit: 2, cursor: body.meta.cursor! })).keyList();
      expect(next.data).toEqual([]);
      expect("cursor" in next.meta).toBe(false);
    } else {
      expect("cursor" in body.meta).toBe(false);
    }
  });

  it("refuses an invalid cursor with 400", async () => {
    for (const cursor of ["not a cursor!", "!!!!", "%%%", "\u00ff\u00fe", "{}"]) {
      expectError(await api.list(id, { cursor }), 400);
    }
  });

  it("bounds a page by the prefix even when the cursor points before it", async () => {
    const first = (await api.list(id, { limit: 1 })).keyList();
    expect(first.data.map((k) => k.key)).toEqual(["a"]);
    const scoped = (await api.list(id, { prefix: "k/", limit: 2, cursor: first.meta.cursor! })).keyList();
    expect(scoped.data.map((k) => k.key)).toEqual(["k/0000", "k/0001"]);
    const tail = (await api.list(id, { prefix: "b", cursor: first.meta.cursor! })).keyList();
    expect(tail.data.map((k) => k.key)).toEqual(["b"]);
    expect("cursor" in tail.meta).toBe(false);
  });

  it("keeps a cursor's prefix scope: keys outside the prefix never appear", async () => {
    const first = (await api.list(id, { prefix: "k/", limit: 3 })).keyList();
    const next = (await api.list(id, { prefix: "k/", limit: 3, cursor: first.meta.cursor! })).keyList();
    expect(next.data.map((k) => k.key)).toEqual(["k/0003", "k/0004", "k/0005"]);
  });
});

describeStores("list keys: stability under writes", (ctx) => {
  it("lists a key that exists for the whole listing exactly once while others change", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    const stable = Array.from({ length: 60 }, (_, i) => `s/${pad(i * 10)}`);
    const churn = Array.from({ length: 60 }, (_, i) => `s/${pad(i * 10 + 5)}`);
    await mapLimit([...stable, ...churn], 16, (key) => api.put(id, key, "v"));
    const seen: string[] = [];
    let cursor: string | undefined;
    let page = 0;
    do {
      const res = await api.list(
        id,
        cursor ? { prefix: "s/", limit: 7, cursor } : { prefix: "s/", limit: 7 },
      );
      expect(res.status).toBe(200);
      const body = res.keyList();
      seen.push(...body.data.map((k) => k.key));
      cursor = body.meta.cursor;
      page++;
      // Between pages: delete churn keys, rewrite stable ones, add keys before and after the position.
      await api.del(id, churn[(page * 3) % churn.length]!);
      await api.put(id, stable[(page * 7) % stable.length]!, `rewritten-${page}`);
      await api.put(id, `s/${pad(page * 13)}x`, "new");
      await api.put(id, `s/${pad(599 - page)}y`, "new");
    } while (cursor);
    for (const key of stable)
      expect(
        seen.filter((k) => k === key),
        key,
      ).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    for (let i = 1; i < seen.length; i++) expect(seen[i]! > seen[i - 1]!).toBe(true);
  });
});
