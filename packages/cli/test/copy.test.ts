import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asPuts, sample } from "./data.js";
import { expectOk, freshNamespace, run, tempDir, useTestService } from "./helpers.js";

const ctx = useTestService();

async function exported(args: string[], env?: Record<string, string>) {
  const result = await run(["export", ...args], env ? { env } : {});
  expectOk(result);
  return result.stdout.toString();
}

describe("copy", () => {
  it("copies within the account, --prefix narrowing it", async () => {
    const src = await freshNamespace(ctx.service.client, "copy-src");
    const dst = await freshNamespace(ctx.service.client, "copy-dst");
    await ctx.service.client.namespace(src.id).putMany(asPuts(sample(300, "p")));
    await ctx.service.client.namespace(src.id).putMany([{ key: "q/1", value: "not copied" }]);
    expectOk(await ctx.service.run(["copy", src.name, dst.name, "--prefix", "p/"]));
    const source = await exported([src.id, "--prefix", "p/"], ctx.service.env);
    expect(source.split("\n")).toHaveLength(301);
    expect(await exported([dst.id], ctx.service.env)).toBe(source);
  });

  it("moves data from the API to a local store (--to-local --create) and back (--to-base-url --to-api-key)", async () => {
    const src = await freshNamespace(ctx.service.client, "to-local");
    await ctx.service.client.namespace(src.id).putMany(asPuts(sample(200, "m")));
    const dir = join(ctx.scratch.dir, "local");
    const down = await ctx.service.run(["copy", src.id, "mirror", "--to-local", dir, "--create"]);
    expectOk(down);
    expect(down.stderr).toMatch(/200 written, 0 unchanged, 0 failed/);
    const original = await exported([src.id], ctx.service.env);
    expect(await exported(["mirror", "--local", dir])).toBe(original);

    const back = await freshNamespace(ctx.service.client, "from-local");
    const up = await run([
      "copy",
      "mirror",
      back.name,
      "--local",
      dir,
      "--to-base-url",
      ctx.service.emulator.url,
      "--to-api-key",
      ctx.service.apiKey,
    ]);
    expectOk(up);
    expect(up.stderr).not.toContain(ctx.service.apiKey);
    expect(await exported([back.id], ctx.service.env)).toBe(original);
  });

  it("takes the source from --binding", async () => {
    const src = await freshNamespace(ctx.service.client, "bound-src");
    const dst = await freshNamespace(ctx.service.client, "bound-dst");
    await ctx.service.client.namespace(src.id).put("only", "one");
    const cwd = tempDir();
    try {
      writeFileSync(join(cwd.dir, "func.toml"), `[storage.kv.SRC]\nid = "${src.id}"\n`);
      expectOk(await ctx.service.run(["copy", "--binding", "SRC", dst.name], { cwd: cwd.dir }));
      expect(await ctx.service.client.namespace(dst.id).getText("only")).toBe("one");
    } finally {
      cwd.remove();
    }
  });

  it("an unknown destination name without --create is a usage error; the same namespace is refused", async () => {
    const src = await freshNamespace(ctx.service.client, "copy-self");
    const missing = await ctx.service.run(["copy", src.id, "nowhere"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No namespace named "nowhere"');
    const self = await ctx.service.run(["copy", src.id, src.name]);
    expect(self.status).toBe(2);
    expect(self.stderr).toContain("same namespace");
  });
});
