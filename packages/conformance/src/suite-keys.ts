import { KvHttpError, KvValidationError } from "@telnyx-kv/core";
import { KV_MAX_VALUE_BYTES } from "@telnyx-kv/core/protocol";
import { expect } from "./assert.js";
import { type ConformanceCase, group } from "./case.js";
import { allBytes, collect, readyNamespace } from "./fixtures.js";

/** Key endpoints: put, get in every form, delete, list with prefixes and cursors. */
export const keyCases: ConformanceCase[] = group("keys", {
  async "puts and gets text, JSON and bytes, reporting created vs updated"(target) {
    const { ns } = await readyNamespace(target, "kv-basic");
    expect(await ns.put("greeting", "Hello World")).toEqual({ created: true });
    expect(await ns.put("greeting", "Hello again")).toEqual({ created: false });
    expect(await ns.getText("greeting")).toBe("Hello again");
    await ns.putJson("user/123", { name: "Ada", tags: ["x"] });
    expect(await ns.getJson("user/123")).toEqual({ name: "Ada", tags: ["x"] });
    await ns.put("binary", allBytes());
    expect(Array.from((await ns.getBytes("binary")) ?? [])).toEqual(Array.from(allBytes()));
  },

  async "stores and echoes the content type"(target) {
    const { ns } = await readyNamespace(target, "kv-ctype");
    await ns.put("a", "x");
    expect((await ns.get("a"))?.contentType).toMatch(/^text\/plain/);
    await ns.put("b", new Uint8Array([1]));
    expect((await ns.get("b"))?.contentType).toBe("application/octet-stream");
    await ns.put("c", "<p/>", { contentType: "text/html" });
    const value = await ns.get("c");
    expect(value?.contentType).toBe("text/html");
    expect(value?.size).toBe(4);
    expect(await value?.text()).toBe("<p/>");
    // A Blob's own type goes out as it is; Bun's text Blobs report "application/json;charset=utf-8".
    const blob = new Blob(["{}"], { type: "application/json" });
    await ns.put("d", blob);
    expect((await ns.get("d"))?.contentType).toBe(blob.type);
    expect(blob.type).toMatch(/^application\/json/);
  },

  async "accepts every value form: empty, ArrayBuffer, Blob, ReadableStream"(target) {
    const { ns } = await readyNamespace(target, "kv-forms");
    await ns.put("empty", "");
    expect(await ns.getText("empty")).toBe("");
    await ns.put("buffer", new Uint8Array([7, 8, 9]).buffer);
    expect(Array.from((await ns.getBytes("buffer")) ?? [])).toEqual([7, 8, 9]);
    await ns.put("blob", new Blob([new Uint8Array([1, 2])]));
    expect(Array.from((await ns.getBytes("blob")) ?? [])).toEqual([1, 2]);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("streamed "));
        controller.enqueue(new TextEncoder().encode("value"));
        controller.close();
      },
    });
    await ns.put("stream", stream);
    const value = await ns.get("stream");
    expect(await new Response(value?.stream).text()).toBe("streamed value");
  },

  async "keeps / inside keys and reads missing keys as null"(target) {
    const { ns } = await readyNamespace(target, "kv-slash");
    await ns.put("a/b/c", "deep");
    expect(await ns.getText("a/b/c")).toBe("deep");
    expect(await ns.get("a/b")).toBeNull();
    expect(await ns.getText("missing")).toBeNull();
    expect(await ns.getJson("missing")).toBeNull();
    expect(await ns.getBytes("missing")).toBeNull();
  },

  async "deletes keys idempotently"(target) {
    const { ns } = await readyNamespace(target, "kv-delete");
    await ns.put("gone", "soon");
    await ns.delete("gone");
    expect(await ns.get("gone")).toBeNull();
    await expect(ns.delete("gone")).resolves.toBeUndefined();
  },

  async "stores exactly 1 MiB and refuses one byte more before sending"(target) {
    const { ns } = await readyNamespace(target, "kv-size");
    const max = new Uint8Array(KV_MAX_VALUE_BYTES).fill(97);
    await ns.put("max", max);
    expect((await ns.getBytes("max"))?.byteLength).toBe(KV_MAX_VALUE_BYTES);
    const error = await ns
      .put("over", new Uint8Array(KV_MAX_VALUE_BYTES + 1))
      .catch((thrown: unknown) => thrown);
    expect(KvValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ input: "value size", status: 413 });
    expect(await ns.get("over")).toBeNull();
  },

  async "answers 413 when a stream turns out larger than 1 MiB"(target) {
    const { ns } = await readyNamespace(target, "kv-stream-413");
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > KV_MAX_VALUE_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const error = await ns.put("big", stream).catch((thrown: unknown) => thrown);
    // The server may answer 413 or close the upload it refused, and a client that counts the bytes it
    // streams may stop first with a 413 validation error; either way nothing is stored.
    const outcome =
      KvHttpError.isInstance(error) || KvValidationError.isInstance(error)
        ? error.status
        : (error as { kind?: string }).kind;
    expect(outcome).toSatisfy((value: unknown) => value === 413 || value === "network");
    expect(await ns.get("big")).toBeNull();
  },

  async "accepts a server TTL"(target) {
    const { ns } = await readyNamespace(target, "kv-ttl");
    await ns.put("session", "x", { ttlSeconds: 3600 });
    expect(await ns.getText("session")).toBe("x");
    await expect(ns.put("session", "x", { ttlSeconds: 0 })).rejects.toMatchObject({ input: "ttlSeconds" });
  },

  async "validates keys before any request"(target) {
    const { ns } = await readyNamespace(target, "kv-valid");
    for (const key of ["", "has:colon", "a".repeat(257), ".", "..", "space key"]) {
      await expect(ns.put(key, "x")).rejects.toMatchObject({ kind: "validation", code: "10015" });
    }
    await expect(ns.put("_system", "x")).rejects.toMatchObject({ kind: "validation" });
    await expect(ns.delete("_system")).rejects.toMatchObject({ kind: "validation" });
    expect(await ns.get("_system")).toBeNull();
    await ns.put("a".repeat(256), "longest");
    expect(await ns.getText("a".repeat(256))).toBe("longest");
  },

  async "lists keys in byte order with prefixes, pages and cursors"(target) {
    const { ns } = await readyNamespace(target, "kv-list");
    const keys = ["user/2", "user/10", "user/1", "User/9", "post/1", "user_x", "user/3"];
    for (const key of keys) await ns.put(key, key);
    const all = await collect(ns.list());
    expect(all.map((entry) => entry.key)).toEqual([...keys].sort());
    expect(all.find((entry) => entry.key === "user/10")).toMatchObject({ sizeBytes: 7 });
    expect(all[0]?.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const users = await collect(ns.list({ prefix: "user/", limit: 2 }));
    expect(users.map((entry) => entry.key)).toEqual(["user/1", "user/10", "user/2", "user/3"]);
    const pages = await collect(ns.list({ prefix: "user/", limit: 2 }).pages());
    expect(pages.map((page) => [page.keys.length, page.hasMore])).toEqual([
      [2, true],
      [2, false],
    ]);
    expect(pages[1]?.cursor).toBeUndefined();
    const resumed = await collect(ns.list({ prefix: "user/", limit: 2, cursor: pages[0]?.cursor }));
    expect(resumed.map((entry) => entry.key)).toEqual(["user/2", "user/3"]);
    expect(await collect(ns.list({ prefix: "nothing/" }))).toEqual([]);
    await expect(async () => collect(ns.list({ limit: 1001 }))).rejects.toMatchObject({ input: "limit" });
  },
});
