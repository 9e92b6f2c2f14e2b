/** API-FACTS rows: wire basics (auth) and namespaces, on both stores. */
import { expect, it } from "vitest";
import { Api, expectError, freshName, freshToken, keyPath, UUID } from "./helpers.js";
import { describeStores } from "./stores.js";

describeStores("auth", (ctx) => {
  it("answers 401 10009 without an Authorization header", async () => {
    const api = ctx.api();
    expectError(await api.req("GET", "/storage/kvs", { token: null }), 401, "10009");
    expectError(await api.req("POST", "/storage/kvs", { token: null, body: '{"name":"x"}' }), 401, "10009");
  });

  it("answers 401 10009 for an empty bearer token or another scheme", async () => {
    const api = ctx.api();
    for (const authorization of ["Bearer ", "Bearer", "Basic dXNlcjpwYXNz", "token-without-scheme"]) {
      const res = await api.req("GET", "/storage/kvs", { token: null, headers: { authorization } });
      expectError(res, 401, "10009");
    }
  });

  it("treats each token as its own account", async () => {
    const a = ctx.api();
    const b = ctx.api();
    const id = await a.readyNamespace();
    expect((await a.put(id, "k", "v")).status).toBe(201);
    expectError(await b.getNamespace(id), 404, "10005");
    expectError(await b.get(id, "k"), 404, "10005");
    expectError(await b.put(id, "k", "other"), 404, "10005");
    const listB = (await b.req("GET", "/storage/kvs")).namespaceList();
    expect(listB.data.map((n) => n.id)).not.toContain(id);
    expect(listB.meta.total_results).toBe(0);
    expect(new TextDecoder().decode((await a.get(id, "k")).bytes)).toBe("v");
  });

  it("accepts only the configured tokens when `tokens` is set", async () => {
    const emu = await ctx.start({ tokens: ["alpha-token", "beta-token"] });
    expect((await new Api(emu, "alpha-token").req("GET", "/storage/kvs")).status).toBe(200);
    expect((await new Api(emu, "beta-token").req("GET", "/storage/kvs")).status).toBe(200);
    expectError(await new Api(emu, "gamma-token").req("GET", "/storage/kvs"), 401, "10009");
    expectError(await new Api(emu, "alpha-token-x").req("GET", "/storage/kvs"), 401, "10009");
    expectError(await new Api(emu, "alpha").req("GET", "/storage/kvs"), 401, "10009");
  });

  it("never writes the token into a log line", async () => {
    const lines: string[] = [];
    const emu = await ctx.start({ logger: (line) => lines.push(line) });
    const secret = `secret-${freshToken()}`;
    const api = new Api(emu, secret);
    const id = await api.readyNamespace();
    await api.put(id, "k", "v");
    await api.get(id, "missing");
    await api.req("GET", "/nope");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(secret);
  });
});

describeStores("namespaces: create", (ctx) => {
  it("answers 201 with the documented record, status pending", async () => {
    const api = ctx.api();
    const name = freshName("my-cache");
    const res = await api.createNamespace(name);
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const { data } = res.namespace();
    expect(data.record_type).toBe("storage_kv");
    expect(data.id).toMatch(UUID);
    expect(data.name).toBe(name);
    expect(data.status).toBe("pending");
    expect(Number.isNaN(Date.parse(data.created_at))).toBe(false);
    expect(Number.isNaN(Date.parse(data.updated_at))).toBe(false);
    expect(data.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });

  it("becomes provision_ok on the next request with the default delay", async () => {
    const api = ctx.api();
    const created = (await api.createNamespace()).namespace().data;
    const res = await api.getNamespace(created.id);
    expect(res.status).toBe(200);
    const { data } = res.namespace();
    expect(data.status).toBe("provision_ok");
    expect(data.id).toBe(created.id);
    expect(data.name).toBe(created.name);
    expect(data.record_type).toBe("storage_kv");
    expect(data.created_at).toBe(created.created_at);
  });

  it("refuses invalid names with 400 10015", async () => {
    const api = ctx.api();
    const bodies = [
      { name: "My-Cache" },
      { name: "my_cache" },
      { name: "my cache" },
      { name: "my.cache" },
      { name: "" },
      { name: "caché" },
      { name: 123 },
      { name: null },
      {},
      [],
      "my-cache",
    ];
    for (const body of bodies) {
      const res = await api.req("POST", "/storage/kvs", {
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });
      expectError(res, 400, "10015");
    }
    const list = (await api.req("GET", "/storage/kvs")).namespaceList();
    expect(list.meta.total_results).toBe(0);
  });

  it("accepts names of lowercase letters, digits and hyphens", async () => {
    const api = ctx.api();
    for (const name of ["a", "0", "-", "abc-123", "x-y-z-9"]) {
      expect((await api.createNamespace(name)).status).toBe(201);
    }
  });

  it("refuses malformed JSON with 400 10015", async () => {
    const api = ctx.api();
    for (const body of ["{", '{"name":', "not json", "", '{"name":"a"}}']) {
      const res = await api.req("POST", "/storage/kvs", {
        body,
        headers: { "content-type": "application/json" },
      });
      expectError(res, 400, "10015");
    }
  });

  it("refuses a body that is not sent as JSON with 400 10015", async () => {
    const api = ctx.api();
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      const res = await api.req("POST", "/storage/kvs", {
        body: JSON.stringify({ name: freshName() }),
        headers: { "content-type": type },
      });
      expectError(res, 400, "10015");
    }
    expect((await api.req("GET", "/storage/kvs")).namespaceList().meta.total_results).toBe(0);
  });

  it("answers 409 10012 for a name already used in the account, 201 in another account", async () => {
    const api = ctx.api();
    const name = freshName();
    expect((await api.createNamespace(name)).status).toBe(201);
    expectError(await api.createNamespace(name), 409, "10012");
    expect((await ctx.api().createNamespace(name)).status).toBe(201);
    const list = (await api.req("GET", "/storage/kvs")).namespaceList();
    expect(list.meta.total_results).toBe(1);
  });

  it("answers 409 to key operations while the namespace is pending", async () => {
    const emu = await ctx.start({ provisionDelayMs: 600_000 });
    const api = new Api(emu);
    const { data } = (await api.createNamespace()).namespace();
    expect(data.status).toBe("pending");
    expect((await api.getNamespace(data.id)).namespace().data.status).toBe("pending");
    expectError(await api.put(data.id, "k", "v"), 409);
    expectError(await api.get(data.id, "k"), 409);
    expectError(await api.del(data.id, "k"), 409);
    expectError(await api.list(data.id), 409);
    expect((await api.getNamespace(data.id)).namespace().data.status).toBe("pending");
  });

  it("reaches provision_ok after provisionDelayMs", async () => {
    const emu = await ctx.start({ provisionDelayMs: 150 });
    const api = new Api(emu);
    const started = Date.now();
    const { data } = (await api.createNamespace()).namespace();
    await api.waitForStatus(data.id, "provision_ok");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await api.put(data.id, "k", "v")).status).toBe(201);
  });
});

describeStores("namespaces: get and list", (ctx) => {
  it("answers 404 10005 for an unknown uuid and 400 10006 for a non-uuid", async () => {
    const api = ctx.api();
    expectError(await api.getNamespace("550e8400-e29b-41d4-a716-446655440000"), 404, "10005");
    for (const id of [
      "my-cache",
      "123",
      "550e8400-e29b-41d4-a716-44665544000",
      "550e8400e29b41d4a716446655440000",
    ]) {
      expectError(await api.getNamespace(id), 400, "10006");
    }
  });

  it("answers 404 10005 to key operations on an unknown namespace", async () => {
    const api = ctx.api();
    const id = "550e8400-e29b-41d4-a716-446655440000";
    expectError(await api.put(id, "k", "v"), 404, "10005");
    expectError(await api.get(id, "k"), 404, "10005");
    expectError(await api.list(id), 404, "10005");
    expectError(await api.req("GET", keyPath("not-a-uuid", "k")), 400, "10006");
  });

  it("pages with page[number] and page[size], oldest first", async () => {
    const api = ctx.api();
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `ordered-${i}-${freshName("n")}`;
      names.push(name);
      expect((await api.createNamespace(name)).status).toBe(201);
    }
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await api.req("GET", "/storage/kvs", { query: { "page[number]": page, "page[size]": 2 } });
      expect(res.status).toBe(200);
      const body = res.namespaceList();
      expect(body.meta).toEqual({ page_number: page, page_size: 2, total_pages: 3, total_results: 5 });
      expect(body.data.length).toBe(page < 3 ? 2 : 1);
      for (const ns of body.data) {
        expect(ns.record_type).toBe("storage_kv");
        expect(ns.id).toMatch(UUID);
        expect(ns.status).toBe("provision_ok");
      }
      seen.push(...body.data.map((n) => n.name));
    }
    expect(seen).toEqual(names);
  });

  it("defaults to page 1 of 20 and clamps page[size] above 250 to 250", async () => {
    const api = ctx.api();
    for (let i = 0; i < 21; i++) expect((await api.createNamespace()).status).toBe(201);
    const first = (await api.req("GET", "/storage/kvs")).namespaceList();
    expect(first.meta).toEqual({ page_number: 1, page_size: 20, total_pages: 2, total_results: 21 });
    expect(first.data.length).toBe(20);
    const second = (await api.req("GET", "/storage/kvs", { query: "page[number]=2" })).namespaceList();
    expect(second.data.length).toBe(1);
    expect(first.data.map((n) => n.id)).not.toContain(second.data[0]!.id);
    for (const size of [251, 1000]) {
      const res = await api.req("GET", "/storage/kvs", { query: { "page[size]": size } });
      expect(res.status).toBe(200);
      const body = res.namespaceList();
      expect(body.meta.page_size).toBe(250);
      expect(body.meta.total_pages).toBe(1);
      expect(body.data.length).toBe(21);
    }
    const exact = (await api.req("GET", "/storage/kvs", { query: { "page[size]": 250 } })).namespaceList();
    expect(exact.meta.page_size).toBe(250);
  });

  it("refuses invalid page parameters with 400", async () => {
    const api = ctx.api();
    const queries: Array<Record<string, string>> = [
      { "page[size]": "0" },
      { "page[size]": "-1" },
      { "page[size]": "1.5" },
      { "page[size]": "abc" },
      { "page[number]": "0" },
      { "page[number]": "-3" },
      { "page[number]": "2.5" },
      { "page[number]": "x" },
    ];
    for (const query of queries) {
      expectError(await api.req("GET", "/storage/kvs", { query }), 400);
    }
  });
});

describeStores("namespaces: delete", (ctx) => {
  it("answers 200 with status deleting, then 404", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    await api.put(id, "k", "v");
    const res = await api.req("DELETE", `/storage/kvs/${id}`);
    expect(res.status).toBe(200);
    const { data } = res.namespace();
    expect(data.status).toBe("deleting");
    expect(data.id).toBe(id);
    expect(data.record_type).toBe("storage_kv");
    expectError(await api.getNamespace(id), 404, "10005");
    expectError(await api.get(id, "k"), 404, "10005");
    const list = (await api.req("GET", "/storage/kvs")).namespaceList();
    expect(list.data.map((n) => n.id)).not.toContain(id);
    expectError(await api.req("DELETE", `/storage/kvs/${id}`), 404, "10005");
  });

  it("frees the name once the namespace is gone", async () => {
    const api = ctx.api();
    const name = freshName();
    const id = await api.readyNamespace(name);
    expect((await api.req("DELETE", `/storage/kvs/${id}`)).status).toBe(200);
    expectError(await api.getNamespace(id), 404);
    const again = await api.createNamespace(name);
    expect(again.status).toBe(201);
    expect(again.namespace().data.id).not.toBe(id);
  });

  it("answers 409 to a second delete and to key operations while deleting", async () => {
    const emu = await ctx.start({ deleteDelayMs: 600_000 });
    const api = new Api(emu);
    const id = await api.readyNamespace();
    expect((await api.put(id, "k", "v")).status).toBe(201);
    expect((await api.req("DELETE", `/storage/kvs/${id}`)).status).toBe(200);
    const got = await api.getNamespace(id);
    expect(got.status).toBe(200);
    expect(got.namespace().data.status).toBe("deleting");
    expectError(await api.req("DELETE", `/storage/kvs/${id}`), 409);
    expectError(await api.put(id, "k", "w"), 409);
    expectError(await api.get(id, "k"), 409);
    expectError(await api.del(id, "k"), 409);
    expectError(await api.list(id), 409);
  });

  it("answers 400 10006 to deleting a non-uuid", async () => {
    expectError(await ctx.api().req("DELETE", "/storage/kvs/my-cache"), 400, "10006");
  });
});
