import { describe, expect, it } from "vitest";
import {
  collect,
  fakeFetch,
  NAMESPACE_ID,
  namespaceList,
  namespaceRecord,
  respond,
} from "../test/fake-fetch.js";
import { createKvClient } from "./client.js";
import { KvProtocolError } from "./errors.js";
import { paginateKeys, paginateNamespaces } from "./pagination.js";
import type { KvKeyPage, KvNamespacePage } from "./types.js";

const info = (key: string) => ({ key, sizeBytes: 1, updatedAt: "2026-01-01T00:00:00.000000001Z" });

/** A key-page fetcher that answers from a script and records the cursors it was asked for. */
function scripted(pages: KvKeyPage[]) {
  const cursors: Array<string | undefined> = [];
  const fetchPage = async (cursor: string | undefined) => {
    cursors.push(cursor);
    const page = pages[cursors.length - 1];
    if (!page) throw new Error(`unexpected page request ${cursors.length} (cursor ${cursor})`);
    return page;
  };
  return { fetchPage, cursors };
}

describe("paginateKeys", () => {
  it("follows cursors, yielding keys in order", async () => {
    const { fetchPage, cursors } = scripted([
      { keys: [info("a"), info("b")], cursor: "c1", hasMore: true },
      { keys: [info("c")], hasMore: false },
    ]);
    expect((await collect(paginateKeys(fetchPage))).map((k) => k.key)).toEqual(["a", "b", "c"]);
    expect(cursors).toEqual([undefined, "c1"]);
  });

  it("keeps going through an empty page that has a cursor and hasMore", async () => {
    const { fetchPage, cursors } = scripted([
      { keys: [], cursor: "c1", hasMore: true },
      { keys: [], cursor: "c2", hasMore: true },
      { keys: [info("z")], hasMore: false },
    ]);
    expect((await collect(paginateKeys(fetchPage))).map((k) => k.key)).toEqual(["z"]);
    expect(cursors).toEqual([undefined, "c1", "c2"]);
  });

  it("stops when hasMore is false even beside a cursor", async () => {
    const { fetchPage, cursors } = scripted([{ keys: [info("a")], cursor: "c1", hasMore: false }]);
    expect(await collect(paginateKeys(fetchPage))).toHaveLength(1);
    expect(cursors).toEqual([undefined]);
  });

  it("stops when the cursor is absent or empty even though hasMore is true", async () => {
    for (const cursor of [undefined, ""]) {
      const page: KvKeyPage = { keys: [info("a")], hasMore: true };
      if (cursor !== undefined) page.cursor = cursor;
      const { fetchPage, cursors } = scripted([page]);
      expect(await collect(paginateKeys(fetchPage))).toHaveLength(1);
      expect(cursors).toHaveLength(1);
    }
  });

  it("throws a KvProtocolError naming the cursor when the server repeats one", async () => {
    const { fetchPage } = scripted([
      { keys: [info("a")], cursor: "c1", hasMore: true },
      { keys: [info("b")], cursor: "c2", hasMore: true },
      { keys: [info("c")], cursor: "c1", hasMore: true },
    ]);
    const seen: string[] = [];
    const error = await collect(paginateKeys(fetchPage))
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KvProtocolError);
    expect((error as Error).message).toContain('"c1"');
    expect((error as Error).message).toMatch(/twice/);
    // The keys of the pages before the repeat were still delivered.
    const again = scripted([
      { keys: [info("a")], cursor: "c1", hasMore: true },
      { keys: [info("b")], cursor: "c1", hasMore: true },
    ]);
    await expect(
      (async () => {
        for await (const entry of paginateKeys(again.fetchPage)) seen.push(entry.key);
      })(),
    ).rejects.toBeInstanceOf(KvProtocolError);
    expect(seen).toEqual(["a", "b"]);
  });

  it("a start cursor is sent first and counts as seen", async () => {
    const { fetchPage, cursors } = scripted([{ keys: [info("x")], cursor: "start", hasMore: true }]);
    await expect(collect(paginateKeys(fetchPage, "start"))).rejects.toBeInstanceOf(KvProtocolError);
    expect(cursors).toEqual(["start"]);
  });

  it("pages() yields whole pages, and each iteration starts over", async () => {
    const pages: KvKeyPage[] = [
      { keys: [info("a")], cursor: "c1", hasMore: true },
      { keys: [info("b")], hasMore: false },
    ];
    const { fetchPage, cursors } = scripted([...pages, ...pages]);
    const list = paginateKeys(fetchPage);
    expect(await collect(list.pages())).toEqual(pages);
    expect((await collect(list)).map((k) => k.key)).toEqual(["a", "b"]);
    expect(cursors).toEqual([undefined, "c1", undefined, "c1"]);
  });
});

describe("paginateNamespaces", () => {
  const ns = (name: string) => ({
    id: NAMESPACE_ID,
    name,
    status: "provision_ok" as const,
    createdAt: "t",
    updatedAt: "t",
  });
  const page = (names: string[], pageNumber: number, totalPages: number): KvNamespacePage => ({
    namespaces: names.map(ns),
    pageNumber,
    pageSize: 2,
    totalPages,
    totalResults: 5,
  });

  it("pages by number until total_pages", async () => {
    const asked: number[] = [];
    const list = paginateNamespaces(async (n) => {
      asked.push(n);
      return [page(["a", "b"], 1, 3), page(["c", "d"], 2, 3), page(["e"], 3, 3)][n - 1]!;
    });
    expect((await collect(list)).map((n) => n.name)).toEqual(["a", "b", "c", "d", "e"]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it("stops on an empty page before total_pages", async () => {
    const asked: number[] = [];
    const list = paginateNamespaces(async (n) => {
      asked.push(n);
      return n === 1 ? page(["a"], 1, 9) : page([], n, 9);
    });
    expect((await collect(list)).map((n) => n.name)).toEqual(["a"]);
    expect(asked).toEqual([1, 2]);
  });
});

describe("listing through the client", () => {
  const keysResponse = (keys: string[], meta: object) =>
    respond(200, {
      record_type: "storage_kv_key",
      data: keys.map((key) => ({ key, size_bytes: 3, updated_at: "2026-01-01T00:00:00.123456789Z" })),
      meta,
    });

  it("a cursor beside has_more false is dropped and no further request is made", async () => {
    const fake = fakeFetch([respond(200, { data: [], meta: { has_more: false, cursor: "x" } })]);
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: false }).namespace(
      NAMESPACE_ID,
    );
    const pages = await collect(ns.list().pages());
    expect(pages).toEqual([{ keys: [], hasMore: false }]);
    expect(pages[0]).not.toHaveProperty("cursor");
    expect(fake.calls).toHaveLength(1);
  });

  it("sends prefix, limit and cursor; maps entries; list({ cursor }) resumes", async () => {
    const fake = fakeFetch([
      keysResponse(["user/1"], { has_more: true, cursor: "c2" }),
      keysResponse(["user/2"], { has_more: false }),
    ]);
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: false }).namespace(
      NAMESPACE_ID,
    );
    const entries = await collect(ns.list({ prefix: "user/", limit: 1, cursor: "c1" }));
    expect(entries).toEqual([
      { key: "user/1", sizeBytes: 3, updatedAt: "2026-01-01T00:00:00.123456789Z" },
      { key: "user/2", sizeBytes: 3, updatedAt: "2026-01-01T00:00:00.123456789Z" },
    ]);
    expect(fake.calls.map((c) => c.path)).toEqual([
      `storage/kvs/${NAMESPACE_ID}/keys`,
      `storage/kvs/${NAMESPACE_ID}/keys`,
    ]);
    expect(Object.fromEntries(fake.calls[0]!.url.searchParams)).toEqual({
      prefix: "user/",
      limit: "1",
      cursor: "c1",
    });
    expect(Object.fromEntries(fake.calls[1]!.url.searchParams)).toEqual({
      prefix: "user/",
      limit: "1",
      cursor: "c2",
    });
  });

  it("sends no prefix, cursor or limit when none is given", async () => {
    const fake = fakeFetch([keysResponse([], { has_more: false })]);
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: false }).namespace(
      NAMESPACE_ID,
    );
    await collect(ns.list());
    expect(fake.calls[0]!.url.search).toBe("");
  });

  it("a repeated cursor on the wire is a KvProtocolError", async () => {
    const fake = fakeFetch([
      keysResponse(["a"], { has_more: true, cursor: "same" }),
      keysResponse(["b"], { has_more: true, cursor: "same" }),
    ]);
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: false }).namespace(
      NAMESPACE_ID,
    );
    await expect(collect(ns.list())).rejects.toBeInstanceOf(KvProtocolError);
    expect(fake.calls).toHaveLength(2);
  });

  it("invalid list options are refused before any request", () => {
    const fake = fakeFetch([]);
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch }).namespace(NAMESPACE_ID);
    expect(() => ns.list({ limit: 0 })).toThrow(/limit/);
    expect(() => ns.list({ prefix: "a b" })).toThrow(/prefix/);
    expect(fake.calls).toHaveLength(0);
  });

  it("namespaces.list pages by page[number] with page[size] 250 until total_pages", async () => {
    const fake = fakeFetch([
      respond(200, namespaceList([namespaceRecord("a")], 1, 2)),
      respond(200, namespaceList([namespaceRecord("b")], 2, 2)),
    ]);
    const kv = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: false });
    const names = (await collect(kv.namespaces.list())).map((n) => n.name);
    expect(names).toEqual(["a", "b"]);
    expect(
      fake.calls.map((c) => [c.url.searchParams.get("page[number]"), c.url.searchParams.get("page[size]")]),
    ).toEqual([
      ["1", "250"],
      ["2", "250"],
    ]);
    expect(() => kv.namespaces.list({ pageSize: 251 })).toThrow(/page size/);
  });
});

describe("page(): one page only", () => {
  it("sends one request and returns the first page after the cursor", async () => {
    const fake = fakeFetch([
      respond(200, {
        record_type: "storage_kv_key",
        data: [{ key: "b", size_bytes: 1, updated_at: "2026-01-01T00:00:00.000000001Z" }],
        meta: { has_more: true, cursor: "next" },
      }),
    ]);
    const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch }).namespace(NAMESPACE_ID);
    const page = await ns.list({ cursor: "start", limit: 1 }).page();
    expect(page).toMatchObject({ hasMore: true, cursor: "next" });
    expect(page.keys.map((entry) => entry.key)).toEqual(["b"]);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.url.searchParams.get("cursor")).toBe("start");
  });
});
