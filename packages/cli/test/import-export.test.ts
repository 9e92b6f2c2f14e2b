import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asPuts, sample } from "./data.js";
import { expectOk, freshNamespace, startService, tempDir, useTestService } from "./helpers.js";

const ctx = useTestService();

interface Line {
  key: string;
  value: string;
  content_type: string;
  base64?: boolean;
}

function lines(ndjson: string): Line[] {
  return ndjson
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Line);
}

function bytesOf(line: Line): Buffer {
  return line.base64 ? Buffer.from(line.value, "base64") : Buffer.from(line.value, "utf8");
}

describe("export and import", () => {
  it("round-trips 10,000 keys with binary and text values and mixed content types, byte for byte", async () => {
    const source = await freshNamespace(ctx.service.client, "source");
    const entries = sample(10_000);
    const written = await ctx.service.client
      .namespace(source.id)
      .putMany(asPuts(entries), { concurrency: 32 });
    expect(written.every((result) => result.ok)).toBe(true);

    const file = join(ctx.scratch.dir, "backup.ndjson");
    const exported = await ctx.service.run(["export", source.name, "--out", file, "--concurrency", "32"]);
    expectOk(exported);
    expect(exported.stderr).toMatch(/10000 written, 0 unchanged, 0 failed/);
    const backup = lines(readFileSync(file, "utf8"));
    expect(backup).toHaveLength(10_000);
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    for (const line of backup) {
      const entry = byKey.get(line.key)!;
      expect(bytesOf(line).equals(Buffer.from(entry.bytes))).toBe(true);
      expect(line.content_type).toBe(entry.contentType);
    }
    // Binary values travel as base64, text ones as text.
    expect(backup.some((line) => line.base64)).toBe(true);
    expect(backup.some((line) => !line.base64 && line.value.includes("🦊"))).toBe(true);

    const target = await freshNamespace(ctx.service.client, "restored");
    const imported = await ctx.service.run(["import", target.id, file, "--concurrency", "32"]);
    expectOk(imported);
    expect(imported.stderr).toMatch(/10000 written, 0 unchanged, 0 failed/);

    const again = await ctx.service.run(["export", target.id, "--concurrency", "32"]);
    expectOk(again);
    expect(again.stdout.equals(readFileSync(file))).toBe(true);
  });

  it("export --prefix writes only those keys, in key order, to stdout", async () => {
    const ns = await freshNamespace(ctx.service.client, "prefixed");
    await ctx.service.client.namespace(ns.id).putMany([
      { key: "a/2", value: "two" },
      { key: "a/1", value: new Uint8Array([0xff, 0x00]) },
      { key: "b/1", value: "other" },
    ]);
    const result = await ctx.service.run(["export", ns.id, "--prefix", "a/"]);
    expectOk(result);
    expect(lines(result.stdout.toString())).toEqual([
      { key: "a/1", value: "/wA=", base64: true, content_type: "application/octet-stream" },
      { key: "a/2", value: "two", content_type: "text/plain; charset=utf-8" },
    ]);
  });

  it("imports a wrangler bulk file as documented: base64, expiration_ttl and expiration as ttl_secs", async () => {
    // A clock of our own, so the TTLs the import sent can be watched expiring.
    let now = Date.now();
    const timed = await startService({ now: () => now });
    try {
      const ns = await freshNamespace(timed.client, "wrangler");
      const fixture = new URL("./fixtures/wrangler-bulk.json", import.meta.url).pathname;
      const result = await timed.run(["import", ns.name, fixture]);
      expectOk(result);
      expect(result.stderr).toMatch(/4 written, 0 unchanged, 0 failed/);
      const keys = timed.client.namespace(ns.id);
      expect(await keys.getText("greeting")).toBe("Hello, world!");
      const logo = await keys.get("assets/logo.bin");
      expect(Buffer.from(await logo!.bytes()).toString("hex")).toBe("89504e470d0a1a0a");
      expect(logo!.contentType).toBe("application/octet-stream");
      expect(await keys.getText("session/abc")).toBe('{"user":42}');
      expect(await keys.getText("flags/beta")).toBe("on");
      now += 3601 * 1000; // past expiration_ttl 3600
      expect(await keys.getText("session/abc")).toBeNull();
      expect(await keys.getText("flags/beta")).toBe("on");
      now = 4102444800 * 1000 + 60_000; // past expiration (epoch seconds), give or take the run's own time
      expect(await keys.getText("flags/beta")).toBeNull();
      expect(await keys.getText("greeting")).toBe("Hello, world!");
    } finally {
      await timed.close();
    }
  });

  it("--dry-run checks the file, prints the plan and writes nothing", async () => {
    const ns = await freshNamespace(ctx.service.client, "dry");
    const file = join(ctx.scratch.dir, "dry.ndjson");
    writeFileSync(file, '{"key":"a","value":"1"}\n{"key":"b","value":"AAE=","base64":true}\n');
    const before = ctx.service.puts();
    const result = await ctx.service.run(["import", ns.id, file, "--dry-run"]);
    expectOk(result);
    expect(result.stdout.toString()).toMatch(
      /Would write 2 entries \(3 bytes\).*ndjson.*Nothing was written/,
    );
    expect(ctx.service.puts()).toBe(before);
  });

  it("a key twice in one file keeps the last value, as a sequential import would", async () => {
    const ns = await freshNamespace(ctx.service.client, "dupes");
    const file = join(ctx.scratch.dir, "dupes.ndjson");
    writeFileSync(file, '{"key":"k","value":"first"}\n{"key":"x","value":"x"}\n{"key":"k","value":"last"}\n');
    const result = await ctx.service.run(["import", ns.id, file]);
    expectOk(result);
    expect(await ctx.service.client.namespace(ns.id).getText("k")).toBe("last");
  });

  it("export --out leaves no file (and no partial) when the export fails", async () => {
    const ns = await freshNamespace(ctx.service.client, "failing");
    await ctx.service.client.namespace(ns.id).putMany([{ key: "a", value: "1" }]);
    const file = join(ctx.scratch.dir, "failed.ndjson");
    ctx.service.emulator.setFaults({ failureRate: 1, failureKinds: ["503"] });
    try {
      const result = await ctx.service.run(["export", ns.id, "--out", file]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^telnyx-kv: .*503/m);
    } finally {
      ctx.service.emulator.setFaults(undefined);
    }
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it("import and export take --binding instead of <ns>", async () => {
    const ns = await freshNamespace(ctx.service.client, "bound-io");
    const cwd = tempDir();
    try {
      writeFileSync(join(cwd.dir, "func.toml"), `[storage.kv.STORE]\nid = "${ns.id}"\n`);
      writeFileSync(join(cwd.dir, "in.ndjson"), '{"key":"b","value":"bound"}\n');
      const imported = await ctx.service.run(["import", "--binding", "STORE", "in.ndjson"], { cwd: cwd.dir });
      expectOk(imported);
      const exported = await ctx.service.run(["export", "--binding", "STORE"], { cwd: cwd.dir });
      expect(exported.stdout.toString()).toBe(
        '{"key":"b","value":"bound","content_type":"text/plain; charset=utf-8"}\n',
      );
    } finally {
      cwd.remove();
    }
  });

  it("reads the file from stdin with -", async () => {
    const ns = await freshNamespace(ctx.service.client, "stdin");
    const result = await ctx.service.run(["import", ns.id, "-"], {
      input: '{"key":"piped","value":"yes"}\n',
    });
    expectOk(result);
    expect(await ctx.service.client.namespace(ns.id).getText("piped")).toBe("yes");
  });
});
