// Issue 20, "Deletes at scale": --prefix says how many keys before it asks, --dry-run lists what would go,
// and --keys-from takes plain lines, NDJSON (`key list --json`) and wrangler's `kv key list` array, so a
// listing pipes into a delete.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOk, freshNamespace, useTestService } from "./helpers.js";

const ctx = useTestService();
const KEYS = ["a/1", "a/2", "a/3", "b/1", "b/2", "c"];

async function seeded() {
  const ns = await freshNamespace(ctx.service.client, "del");
  const results = await ctx.service.client.namespace(ns.id).putMany(KEYS.map((key) => ({ key, value: key })));
  expect(results.every((r) => r.ok)).toBe(true);
  return ns;
}

async function keysOf(id: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of ctx.service.client.namespace(id).list()) keys.push(info.key);
  return keys;
}

const deletes = (id: string) =>
  ctx.service.emulator.requests.filter((r) => r.method === "DELETE" && r.namespaceId === id).length;

describe("key delete at scale", () => {
  it("--prefix says how many keys it would delete before asking; --dry-run lists them and deletes nothing", async () => {
    const ns = await seeded();
    const refused = await ctx.service.run(["key", "delete", ns.id, "--prefix", "a/"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^telnyx-kv: Delete the 3 keys starting with "a\/" in namespace .* pass --yes/),
    ]);
    const dry = await ctx.service.run(["key", "delete", ns.id, "--prefix", "a/", "--dry-run"]);
    expectOk(dry);
    expect(dry.stdout.toString()).toBe("a/1\na/2\na/3\n");
    expect(dry.stderr).toContain('Would delete the 3 keys starting with "a/"');
    expect(dry.stderr).toContain("3 deletes (DELETE of a key)");
    expect(dry.stderr).toMatch(
      /3 deletes × \$3\.50 per million = \$1\.1e-5|3 deletes × \$3\.50 per million = \$0\.00001/,
    );
    expect(deletes(ns.id)).toBe(0);
    expect(await keysOf(ns.id)).toEqual(KEYS);
  });

  it("a listing piped into --keys-from deletes exactly those keys", async () => {
    const ns = await seeded();
    const listing = await ctx.service.run(["key", "list", ns.id, "--prefix", "b/", "--json"]);
    expectOk(listing);
    const deleted = await ctx.service.run(["key", "delete", ns.id, "--keys-from", "-", "--yes"], {
      input: listing.stdout,
    });
    expectOk(deleted);
    expect(deleted.stderr).toContain("Deleted 2 keys, 0 failed");
    expect(await keysOf(ns.id)).toEqual(["a/1", "a/2", "a/3", "c"]);
    expect(deletes(ns.id)).toBe(2);
  });

  it("--keys-from reads wrangler's kv key list array, plain lines and key list's text output", async () => {
    const ns = await seeded();
    const wrangler = join(ctx.scratch.dir, "wrangler-keys.json");
    writeFileSync(
      wrangler,
      JSON.stringify([{ name: "a/1" }, { name: "c", expiration: 4102444800 }], null, 2),
    );
    expectOk(await ctx.service.run(["key", "delete", ns.id, "--keys-from", wrangler, "--yes"]));
    expect(await keysOf(ns.id)).toEqual(["a/2", "a/3", "b/1", "b/2"]);

    const plain = join(ctx.scratch.dir, "plain.txt");
    writeFileSync(plain, "a/2\r\n\nb/2\n");
    expectOk(await ctx.service.run(["key", "delete", ns.id, "--keys-from", plain, "--yes"]));
    expect(await keysOf(ns.id)).toEqual(["a/3", "b/1"]);

    const text = await ctx.service.run(["key", "list", ns.id, "--prefix", "a/"]);
    const dry = await ctx.service.run(["key", "delete", ns.id, "--keys-from", "-", "--dry-run"], {
      input: text.stdout,
    });
    expectOk(dry);
    expect(dry.stdout.toString()).toBe("a/3\n");
    expect(dry.stderr).toContain("Would delete the 1 key listed in -");
    expect(await keysOf(ns.id)).toEqual(["a/3", "b/1"]);
  });

  it("a --keys-from line that names no valid key refuses the whole delete, naming the line", async () => {
    const ns = await seeded();
    const bad = join(ctx.scratch.dir, "bad.ndjson");
    writeFileSync(bad, '{"key":"a/1"}\n{"size_bytes":3}\n{"key":"bad key"}\n');
    const result = await ctx.service.run(["key", "delete", ns.id, "--keys-from", bad, "--yes"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('line 2: names no key: give a string, or an object with "key" or "name"');
    expect(result.stderr).toContain('line 3: key "bad key"');
    expect(result.stderr).toMatch(
      /^telnyx-kv: 2 lines of .*bad\.ndjson name no valid key; nothing was deleted/m,
    );
    expect(deletes(ns.id)).toBe(0);
  });

  it("deleting named keys says a missing key counts as deleted, in the singular for one", async () => {
    const ns = await seeded();
    const result = await ctx.service.run(["key", "delete", ns.id, "no-such-key"]);
    expectOk(result);
    expect(result.stderr).toContain(
      "Deleted 1 key, 0 failed (a key that did not exist counts too: the API answers both alike).",
    );
  });
});
