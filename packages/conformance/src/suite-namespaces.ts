import { KvHttpError, KvValidationError } from "@telnyx-kv/core";
import { expect } from "./assert.js";
import { type ConformanceCase, group } from "./case.js";
import { collect, freshName, freshToken } from "./fixtures.js";

/** Namespace endpoints: create, wait, get, list, delete, and their errors. */
export const namespaceCases: ConformanceCase[] = group("namespaces", {
  async "creates a pending namespace that becomes ready"(target) {
    const kv = target.createClient({ apiKey: freshToken("ns-create") });
    const name = freshName("create");
    const created = await kv.namespaces.create(name);
    expect(created).toMatchObject({ name, status: "pending" });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(created.createdAt)).not.toBeNaN();
    const ready = await kv.namespaces.waitUntilReady(created.id, { intervalMs: 10 });
    expect(ready.status).toBe("provision_ok");
    expect(await kv.namespaces.get(created.id)).toMatchObject({
      id: created.id,
      name,
      status: "provision_ok",
    });
  },

  async "lists every namespace of the account across pages, oldest first"(target) {
    const kv = target.createClient({ apiKey: freshToken("ns-list") });
    const names: string[] = [];
    for (let index = 0; index < 5; index++) {
      const name = freshName(`list${index}`);
      names.push(name);
      await kv.namespaces.create(name);
    }
    const listed = await collect(kv.namespaces.list({ pageSize: 2 }));
    const mine = new Set(names);
    expect(listed.map((namespace) => namespace.name).filter((name) => mine.has(name))).toEqual(names);
    if (!target.sharedAccount) {
      expect(listed).toHaveLength(5);
      const pages = await collect(kv.namespaces.list({ pageSize: 2 }).pages());
      expect(pages.map((page) => page.namespaces.length)).toEqual([2, 2, 1]);
      expect(pages[0]).toMatchObject({ pageNumber: 1, pageSize: 2, totalPages: 3, totalResults: 5 });
    }
  },

  "keeps accounts apart": {
    needs: ["own-accounts"],
    async run(target) {
      const a = target.createClient({ apiKey: freshToken("ns-a") });
      const b = target.createClient({ apiKey: freshToken("ns-b") });
      const created = await a.namespaces.create(freshName("mine"));
      expect(await collect(b.namespaces.list())).toEqual([]);
      await expect(b.namespaces.get(created.id)).rejects.toMatchObject({ status: 404, code: "10005" });
    },
  },

  async "refuses a duplicate name with 409 10012"(target) {
    const kv = target.createClient({ apiKey: freshToken("ns-dup") });
    const name = freshName("dup");
    await kv.namespaces.create(name);
    const error = await kv.namespaces.create(name).catch((thrown: unknown) => thrown);
    expect(KvHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 409,
      code: "10012",
      operation: "namespaces.create",
      isRetryable: false,
    });
    expect((error as Error).message).toMatch(/already exists/);
  },

  async "deletes a namespace: deleting, then gone"(target) {
    const kv = target.createClient({ apiKey: freshToken("ns-del") });
    const created = await kv.namespaces.create(freshName("del"));
    await kv.namespaces.waitUntilReady(created.id, { intervalMs: 10 });
    const deleting = await kv.namespaces.delete(created.id);
    expect(deleting).toMatchObject({ id: created.id, status: "deleting" });
    await expect(kv.namespaces.get(created.id)).rejects.toMatchObject({ status: 404 });
    expect((await collect(kv.namespaces.list())).map((namespace) => namespace.id)).not.toContain(created.id);
  },

  async "validates names and ids before any request"(target) {
    const kv = target.createClient({ apiKey: freshToken("ns-valid") });
    await expect(kv.namespaces.create("Not Valid")).rejects.toSatisfy(KvValidationError.isInstance);
    await expect(kv.namespaces.get("not-a-uuid")).rejects.toMatchObject({
      kind: "validation",
      code: "10006",
    });
    expect(() => kv.namespace("my-cache")).toThrow(/UUID/);
  },

  async "answers 404 for an unknown namespace id"(target) {
    const kv = target.createClient({ apiKey: freshToken("ns-404") });
    const error = await kv.namespaces
      .get("00000000-0000-4000-8000-000000000000")
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ kind: "http", status: 404, code: "10005" });
    expect(typeof (error as KvHttpError).requestId).toBe("string");
  },
});
