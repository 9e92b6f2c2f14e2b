/** API-FACTS rows: key reads, writes and deletes, on both stores. */
import { beforeAll, expect, it } from "vitest";
import { Api, expectError, rawRequest } from "./helpers.js";
import { describeStores } from "./stores.js";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describeStores("keys: put, get, delete", (ctx) => {
  let api: Api;
  let id: string;
  beforeAll(async () => {
    api = ctx.api();
    id = await api.readyNamespace();
  });

  it("answers 201 on create and 200 on update, both with an empty body", async () => {
    const created = await api.put(id, "greeting", "Hello");
    expect(created.status).toBe(201);
    expect(created.bytes.length).toBe(0);
    const updated = await api.put(id, "greeting", "Hello World");
    expect(updated.status).toBe(200);
    expect(updated.bytes.length).toBe(0);
    const got = await api.get(id, "greeting");
    expect(got.status).toBe(200);
    expect(text(got.bytes)).toBe("Hello World");
  });

  it("stores and echoes the request content type, default application/octet-stream", async () => {
    await api.put(id, "typed", '{"a":1}', { headers: { "content-type": "application/json; charset=utf-8" } });
    expect((await api.get(id, "typed")).headers.get("content-type")).toBe("application/json; charset=utf-8");
    await api.put(id, "typed", "plain", { headers: { "content-type": "text/plain" } });
    expect((await api.get(id, "typed")).headers.get("content-type")).toBe("text/plain");
    // A Uint8Array body makes fetch send no Content-Type at all.
    await api.put(id, "untyped", new Uint8Array([1, 2, 3]));
    const got = await api.get(id, "untyped");
    expect(got.headers.get("content-type")).toBe("application/octet-stream");
    expect([...got.bytes]).toEqual([1, 2, 3]);
  });

  it("keeps a 0-byte value", async () => {
    expect((await api.put(id, "empty", new Uint8Array(0))).status).toBe(201);
    const got = await api.get(id, "empty");
    expect(got.status).toBe(200);
    expect(got.bytes.length).toBe(0);
    const listed = (await api.list(id, { prefix: "empty" })).keyList();
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]!.size_bytes).toBe(0);
  });

  it("stores binary values byte-exact (every byte value, invalid UTF-8 included)", async () => {
    const value = new Uint8Array(256 * 4);
    for (let i = 0; i < value.length; i++) value[i] = (i * 7 + (i >> 8)) & 0xff;
    value.set([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xe2, 0x82, 0x0d, 0x0a], 0);
    expect(new Set(value).size).toBe(256);
    expect((await api.put(id, "bin", value)).status).toBe(201);
    const got = await api.get(id, "bin");
    expect(got.bytes.length).toBe(value.length);
    expect(Buffer.from(got.bytes).equals(Buffer.from(value))).toBe(true);
  });

  it("accepts exactly 1,048,576 bytes and refuses 1,048,577 with 413", async () => {
    const max = new Uint8Array(1_048_576).fill(0x61);
    max[max.length - 1] = 0x7a;
    expect((await api.put(id, "max", max)).status).toBe(201);
    const got = await api.get(id, "max");
    expect(got.bytes.length).toBe(1_048_576);
    expect(got.bytes[1_048_575]).toBe(0x7a);
    const tooBig = await api.put(id, "too-big", new Uint8Array(1_048_577));
    expectError(tooBig, 413);
    expectError(await api.get(id, "too-big"), 404, "10005");
    const replaced = await api.put(id, "max", new Uint8Array(1_048_577));
    expectError(replaced, 413);
    expect((await api.get(id, "max")).bytes.length).toBe(1_048_576);
  });

  it("refuses an oversize body streamed without a Content-Length", async () => {
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1_048_576 + 2 * chunk.length) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${ctx.emu().url}/storage/kvs/${id}/keys/streamed`, {
      method: "PUT",
      headers: { authorization: `Bearer ${api.token}` },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(JSON.parse(await res.text()).errors[0].code).toMatch(/^\d+$/);
    expectError(await api.get(id, "streamed"), 404, "10005");
  });

  it("accepts a key with `/` sent as %2F or raw, and both address the same key", async () => {
    expect((await api.put(id, "user/123/profile", "encoded")).status).toBe(201);
    const raw = await api.req("GET", `/storage/kvs/${id}/keys/user/123/profile`);
    expect(raw.status).toBe(200);
    expect(text(raw.bytes)).toBe("encoded");
    const rawPut = await api.req("PUT", `/storage/kvs/${id}/keys/dir/sub/file.txt`, { body: "raw" });
    expect(rawPut.status).toBe(201);
    expect(text((await api.get(id, "dir/sub/file.txt")).bytes)).toBe("raw");
    const lower = await api.req("GET", `/storage/kvs/${id}/keys/dir%2fsub%2ffile.txt`);
    expect(text(lower.bytes)).toBe("raw");
    const listed = (await api.list(id, { prefix: "dir/" })).keyList();
    expect(listed.data.map((k) => k.key)).toEqual(["dir/sub/file.txt"]);
    expect((await api.req("DELETE", `/storage/kvs/${id}/keys/dir/sub/file.txt`)).status).toBe(204);
    expectError(await api.get(id, "dir/sub/file.txt"), 404, "10005");
  });

  it("accepts keys of every allowed character and up to 256 characters", async () => {
    for (const key of ["a", "Z", "0", "-", "=", "a.b", "a_b", "A-Z/0-9=._", "/leading", "x".repeat(256)]) {
      const res = await api.put(id, key, key);
      expect(res.status, key).toBe(201);
      expect(text((await api.get(id, key)).bytes)).toBe(key);
    }
  });

  it("refuses a key of 257 characters with 400 10015", async () => {
    expectError(await api.put(id, "x".repeat(257), "v"), 400, "10015");
    expectError(await api.get(id, "y".repeat(257)), 400, "10015");
    expectError(await api.del(id, "z".repeat(257)), 400, "10015");
  });

  it("refuses keys with characters outside the pattern with 400 10015", async () => {
    for (const key of [
      "a:b",
      "a b",
      "a?b",
      "a#b",
      "a%b",
      "a+b",
      "a~b",
      "a*b",
      "caché",
      "日本",
      "a\u0000b",
      "a\\b",
      "a@b",
    ]) {
      expectError(await api.put(id, key, "v"), 400, "10015");
      expectError(await api.get(id, key), 400, "10015");
    }
    const listed = (await api.list(id, { prefix: "a" })).keyList();
    for (const k of listed.data) expect(k.key).toMatch(/^[-/_=.a-zA-Z0-9]+$/);
  });

  it('refuses the keys "." and ".." (sent encoded) with 400 10015', async () => {
    for (const encoded of ["%2E", "%2e", "%2E%2E", "%2e%2e", ".%2E"]) {
      for (const method of ["PUT", "GET", "DELETE"]) {
        const res = await rawRequest(ctx.emu().origin, {
          method,
          path: `/v2/storage/kvs/${id}/keys/${encoded}`,
          headers: { authorization: `Bearer ${api.token}` },
          body: method === "PUT" ? "v" : undefined,
        });
        expect(res.status, `${method} ${encoded}`).toBe(400);
        expect(JSON.parse(res.text).errors[0].code).toBe("10015");
      }
    }
  });

  it("never stores a key through raw dot segments", async () => {
    for (const tail of [".", ".."]) {
      const res = await rawRequest(ctx.emu().origin, {
        method: "PUT",
        path: `/v2/storage/kvs/${id}/keys/${tail}`,
        headers: { authorization: `Bearer ${api.token}` },
        body: "dot",
      });
      expect(res.status >= 400 && res.status < 500, `${tail} -> ${res.status}`).toBe(true);
    }
    const all = await api.listAll(id);
    expect(all.keys).not.toContain(".");
    expect(all.keys).not.toContain("..");
  });

  it("refuses writes and deletes of `_` keys, allows reads (404)", async () => {
    expectError(await api.put(id, "_system", "v"), 400, "10015");
    expectError(await api.put(id, "_", "v"), 400, "10015");
    expectError(await api.del(id, "_system"), 400, "10015");
    expectError(await api.get(id, "_system"), 404, "10005");
    expect((await api.put(id, "not_reserved", "v")).status).toBe(201);
  });

  it("answers 404 10005 for a missing key and 204 to deletes, existing or not", async () => {
    expectError(await api.get(id, "never-written"), 404, "10005");
    await api.put(id, "doomed", "v");
    const del = await api.del(id, "doomed");
    expect(del.status).toBe(204);
    expect(del.bytes.length).toBe(0);
    expectError(await api.get(id, "doomed"), 404, "10005");
    expect((await api.del(id, "doomed")).status).toBe(204);
    expect((await api.del(id, "never-written")).status).toBe(204);
    expect((await api.put(id, "doomed", "back")).status).toBe(201);
  });
});

describeStores("keys: concurrent writers", (ctx) => {
  it("answers exactly one 201 to racing creates of a key; the last write wins whole", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    const values = Array.from({ length: 24 }, (_, i) => `writer-${i}-`.repeat(50 + i));
    const statuses = await Promise.all(values.map((v) => api.put(id, "raced", v).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(values.length - 1);
    const stored = text((await api.get(id, "raced")).bytes);
    expect(values).toContain(stored);
    const listed = (await api.list(id)).keyList().data;
    expect(listed).toHaveLength(1);
    expect(listed[0]!.size_bytes).toBe(Buffer.byteLength(stored));
  });

  it("answers exactly one 201 to racing creates of a namespace name, 409 to the rest", async () => {
    const api = ctx.api();
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => api.createNamespace("raced-name").then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
  });
});

describeStores("keys: ttl_secs", (ctx) => {
  it("accepts 1 and 9223372036, refuses other values with 400", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    for (const ttl of ["1", "60", "9223372036"]) {
      expect((await api.put(id, `ttl-${ttl}`, "v", { query: { ttl_secs: ttl } })).status).toBe(201);
    }
    for (const ttl of ["0", "-1", "1.5", "9223372037", "99999999999999999999", "abc"]) {
      expectError(await api.put(id, "ttl-bad", "v", { query: { ttl_secs: ttl } }), 400);
    }
    expectError(await api.get(id, "ttl-bad"), 404);
  });

  it("expires a key after ttl_secs on the emulator clock", async () => {
    let clock = Date.parse("2026-06-18T14:00:00Z");
    const emu = await ctx.start({ now: () => clock });
    const api = new Api(emu);
    const id = await api.readyNamespace();
    expect((await api.put(id, "short", "v", { query: { ttl_secs: 10 } })).status).toBe(201);
    expect((await api.put(id, "forever", "v")).status).toBe(201);
    clock += 9_000;
    expect((await api.get(id, "short")).status).toBe(200);
    expect((await api.listAll(id)).keys).toEqual(["forever", "short"]);
    clock += 2_000;
    expectError(await api.get(id, "short"), 404, "10005");
    expect((await api.listAll(id)).keys).toEqual(["forever"]);
    expect((await api.get(id, "forever")).status).toBe(200);
    // An expired key is gone: writing it again creates it.
    expect((await api.put(id, "short", "again")).status).toBe(201);
  });

  it("answers 409 to ttl_secs when the server has no TTL support", async () => {
    const emu = await ctx.start({ ttlSupport: false });
    const api = new Api(emu);
    const id = await api.readyNamespace();
    expectError(await api.put(id, "k", "v", { query: { ttl_secs: 60 } }), 409);
    expectError(await api.get(id, "k"), 404);
    expect((await api.put(id, "k", "v")).status).toBe(201);
    // The namespace is checked first: an unknown one is a 404, not a TTL refusal.
    expectError(
      await api.put("00000000-0000-4000-8000-000000000000", "k", "v", { query: { ttl_secs: 60 } }),
      404,
      "10005",
    );
  });
});
