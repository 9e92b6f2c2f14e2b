import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOk, freshNamespace, startService, tempDir, useTestService } from "./helpers.js";

const ctx = useTestService();

describe("key put and get", () => {
  it("put VALUE stores text; get prints the raw bytes", async () => {
    const ns = await freshNamespace(ctx.service.client);
    const put = await ctx.service.run(["key", "put", ns.name, "greeting", "héllo wörld"]);
    expectOk(put);
    expect(put.stderr).toContain("Created greeting.");
    const value = await ctx.service.client.namespace(ns.id).get("greeting");
    expect(await value!.text()).toBe("héllo wörld");
    expect(value!.contentType).toBe("text/plain; charset=utf-8");
    const get = await ctx.service.run(["key", "get", ns.name, "greeting"]);
    expectOk(get);
    expect(get.stdout.toString("utf8")).toBe("héllo wörld");
  });

  it("put --file and get --out move binary bytes unaltered, with --content-type", async () => {
    const ns = await freshNamespace(ctx.service.client);
    const bytes = randomBytes(200_000);
    const input = join(ctx.scratch.dir, "in.bin");
    writeFileSync(input, bytes);
    const put = await ctx.service.run([
      "key",
      "put",
      ns.id,
      "blob/1",
      "--file",
      input,
      "--content-type",
      "image/png",
    ]);
    expectOk(put);
    const value = await ctx.service.client.namespace(ns.id).get("blob/1");
    expect(value!.contentType).toBe("image/png");
    expect(Buffer.from(await value!.bytes()).equals(bytes)).toBe(true);
    const out = join(ctx.scratch.dir, "out.bin");
    const get = await ctx.service.run(["key", "get", ns.id, "blob/1", "--out", out]);
    expectOk(get);
    expect(readFileSync(out).equals(bytes)).toBe(true);
    const raw = await ctx.service.run(["key", "get", ns.id, "blob/1"]);
    expect(raw.stdout.equals(bytes)).toBe(true);
  });

  it("put with neither VALUE nor --file reads stdin", async () => {
    const ns = await freshNamespace(ctx.service.client);
    const bytes = new Uint8Array([0, 1, 2, 255, 254, 10, 13]);
    const put = await ctx.service.run(["key", "put", ns.id, "piped"], { input: bytes });
    expectOk(put);
    expect(
      Buffer.from((await ctx.service.client.namespace(ns.id).getBytes("piped"))!).equals(Buffer.from(bytes)),
    ).toBe(true);
  });

  it("put --ttl takes 30s, 5m, 1h and plain seconds, and sends ttl_secs", async () => {
    let now = Date.now();
    const timed = await startService({ now: () => now });
    try {
      const ns = await freshNamespace(timed.client);
      for (const [key, ttl] of [
        ["s", "30s"],
        ["m", "5m"],
        ["h", "1h"],
        ["n", "90"],
      ] as const) {
        const put = await timed.run(["key", "put", ns.id, key, "v", "--ttl", ttl]);
        expectOk(put);
      }
      const keys = timed.client.namespace(ns.id);
      now += 31_000;
      expect(await keys.getText("s")).toBeNull();
      expect(await keys.getText("n")).toBe("v");
      now += 60_000;
      expect(await keys.getText("n")).toBeNull();
      expect(await keys.getText("m")).toBe("v");
      now += 5 * 60_000;
      expect(await keys.getText("m")).toBeNull();
      expect(await keys.getText("h")).toBe("v");
      now += 3600_000;
      expect(await keys.getText("h")).toBeNull();
    } finally {
      await timed.close();
    }
  });

  it("get of a missing key exits 2 and says so on stderr, printing nothing on stdout", async () => {
    const ns = await freshNamespace(ctx.service.client);
    const get = await ctx.service.run(["key", "get", ns.id, "nope"]);
    expect(get.status).toBe(2);
    expect(get.stdout.length).toBe(0);
    expect(get.stderr).toMatch(/^telnyx-kv: Key "nope" not found in namespace/m);
  });

  it("a bad key is refused before any request, exit 2", async () => {
    const ns = await freshNamespace(ctx.service.client);
    const before = ctx.service.puts();
    const put = await ctx.service.run(["key", "put", ns.id, "bad key", "v"]);
    expect(put.status).toBe(2);
    expect(put.stderr).toMatch(/^telnyx-kv: .*key/m);
    expect(ctx.service.puts()).toBe(before);
  });
});

describe("key list and delete", () => {
  async function seeded() {
    const ns = await freshNamespace(ctx.service.client);
    await ctx.service.client
      .namespace(ns.id)
      .putMany(["a/1", "a/2", "a/3", "b/1", "c"].map((key) => ({ key, value: `value of ${key}` })));
    return ns;
  }

  it("list prints key, size and time; --prefix, --limit and --json", async () => {
    const ns = await seeded();
    const all = await ctx.service.run(["key", "list", ns.id]);
    expectOk(all);
    const rows = all.stdout
      .toString()
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(rows.map((row) => row[0])).toEqual(["a/1", "a/2", "a/3", "b/1", "c"]);
    expect(rows[0]![1]).toBe(String("value of a/1".length));
    const some = await ctx.service.run(["key", "list", ns.name, "--prefix", "a/", "--limit", "2", "--json"]);
    const objects = some.stdout
      .toString()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(objects.map((o) => o.key)).toEqual(["a/1", "a/2"]);
    expect(objects[0]).toEqual({
      key: "a/1",
      size_bytes: 12,
      updated_at: expect.stringMatching(/^\d{4}-.*Z$/),
    });
  });

  it("delete removes the named keys", async () => {
    const ns = await seeded();
    const result = await ctx.service.run(["key", "delete", ns.id, "a/1", "c"]);
    expectOk(result);
    const keys = [];
    for await (const info of ctx.service.client.namespace(ns.id).list()) keys.push(info.key);
    expect(keys).toEqual(["a/2", "a/3", "b/1"]);
  });

  it("delete --prefix needs --yes off a terminal, then deletes only that prefix", async () => {
    const ns = await seeded();
    const refused = await ctx.service.run(["key", "delete", ns.id, "--prefix", "a/"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("pass --yes");
    const deleted = await ctx.service.run(["key", "delete", ns.id, "--prefix", "a/", "--yes"]);
    expectOk(deleted);
    expect(deleted.stderr).toContain("Deleted 3 keys, 0 failed.");
    const keys = [];
    for await (const info of ctx.service.client.namespace(ns.id).list()) keys.push(info.key);
    expect(keys).toEqual(["b/1", "c"]);
  });

  it("--binding works with key commands (the positionals move left)", async () => {
    const ns = await seeded();
    const cwd = tempDir();
    try {
      writeFileSync(join(cwd.dir, "telnyx.toml"), `[storage.kv.DATA]\nid = "${ns.id}"\n`);
      const put = await ctx.service.run(["key", "put", "--binding", "DATA", "bound", "yes"], {
        cwd: cwd.dir,
      });
      expectOk(put);
      const get = await ctx.service.run(["key", "get", "--binding", "DATA", "bound"], { cwd: cwd.dir });
      expect(get.stdout.toString()).toBe("yes");
      const list = await ctx.service.run(["key", "list", "--binding", "DATA", "--prefix", "b"], {
        cwd: cwd.dir,
      });
      expect(list.stdout.toString()).toMatch(/^b\/1\t.*\nbound\t3\t/);
      expectOk(await ctx.service.run(["key", "delete", "--binding", "DATA", "bound", "c"], { cwd: cwd.dir }));
      const left = await ctx.service.run(["key", "list", "--binding", "DATA", "--json"], { cwd: cwd.dir });
      expect(left.stdout.toString()).not.toMatch(/"key":"(bound|c)"/);
    } finally {
      cwd.remove();
    }
  });
});
