// Issue 20, "Errors speak the library's language" and "nothing half-done": every case ends with one line in
// the CLI's words, the exit status of the one rule (2: bad usage, a path or name given that is not there;
// 1: an operation failed), and nothing written or left behind. Every --help page has examples.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "@telnyx-kv/emulator";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../src/program.js";
import { type CliRun, expectOk, freshNamespace, run, tempDir, useTestService } from "./helpers.js";

const ctx = useTestService();
const errorLines = (result: CliRun) => result.stderr.trim().split("\n");

describe("one clear line", () => {
  it("a refused API key names --api-key, whole, with no header text cut by the redaction", async () => {
    // An emulator that knows one key only, as the API does.
    const strict = await startEmulator({ store: "memory", tokens: ["the-right-key"] });
    try {
      const result = await run(["namespace", "list"], {
        env: { TELNYX_BASE_URL: strict.url, TELNYX_API_KEY: "wrong-key-123" },
      });
      expect(result.status, result.stderr).toBe(1);
      expect(errorLines(result)).toEqual([
        expect.stringMatching(
          /^telnyx-kv: The API refused the API key \(401 Unauthorized\): pass a valid one with --api-key KEY or TELNYX_API_KEY \(Telnyx portal > API Keys\)\.( \(request id [\w-]+\))?$/,
        ),
      ]);
    } finally {
      await strict.close();
    }
  });

  it("library advice comes out as CLI commands: a taken name points at telnyx-kv namespace list", async () => {
    const ns = await freshNamespace(ctx.service.client, "taken");
    const result = await ctx.service.run(["namespace", "create", ns.name]);
    expect(result.status).toBe(1);
    expect(errorLines(result)).toHaveLength(1);
    expect(result.stderr).toContain("`telnyx-kv namespace list`");
    expect(result.stderr).not.toMatch(/namespaces\.\w+\(|apiKey|baseUrl/);
  });

  it("a missing file is exit 2 in key put --file as in import", async () => {
    const ns = await freshNamespace(ctx.service.client, "missing");
    const missing = join(ctx.scratch.dir, "nope.bin");
    const put = await ctx.service.run(["key", "put", ns.id, "k", "--file", missing]);
    const imported = await ctx.service.run(["import", ns.id, missing]);
    for (const result of [put, imported]) {
      expect(result.status).toBe(2);
      expect(errorLines(result)).toEqual([`telnyx-kv: Cannot read ${missing}: no such file or folder.`]);
    }
  });

  it("export --out into a folder that does not exist: one line, exit 2, no request, no .partial", async () => {
    const ns = await freshNamespace(ctx.service.client, "out");
    await ctx.service.client.namespace(ns.id).put("k", "v");
    const out = join(ctx.scratch.dir, "no-such-folder", "backup.ndjson");
    const before = ctx.service.emulator.requests.length;
    const result = await ctx.service.run(["export", ns.id, "--out", out]);
    expect(result.status).toBe(2);
    expect(errorLines(result)).toEqual([
      `telnyx-kv: Cannot write ${out}: no such file or folder. Name a file in an existing folder you can write to.`,
    ]);
    expect(ctx.service.emulator.requests.length).toBe(before);
    expect(readdirSync(ctx.scratch.dir).some((name) => name.includes("partial"))).toBe(false);
  });

  it("export --out that fails midway (its folder is a file) leaves no .partial behind", async () => {
    const ns = await freshNamespace(ctx.service.client, "out-ok");
    await ctx.service.client.namespace(ns.id).put("k", "v");
    const out = join(ctx.scratch.dir, "done.ndjson");
    expectOk(await ctx.service.run(["export", ns.id, "--out", out]));
    expect(existsSync(out)).toBe(true);
    const under = join(out, "inside.ndjson");
    const result = await ctx.service.run(["export", ns.id, "--out", under]);
    expect(result.status).toBe(2);
    expect(errorLines(result)).toEqual([
      `telnyx-kv: Cannot write ${under}: a part of the path is a file, not a folder. Name a file in an existing folder you can write to.`,
    ]);
    expect(readdirSync(ctx.scratch.dir).filter((name) => name.endsWith(".partial"))).toEqual([]);
  });

  it("key get --out into a missing folder names the file the user gave, not a temporary one", async () => {
    const ns = await freshNamespace(ctx.service.client, "get-out");
    await ctx.service.client.namespace(ns.id).put("k", "v");
    const out = join(ctx.scratch.dir, "missing-dir", "value.bin");
    const result = await ctx.service.run(["key", "get", ns.id, "k", "--out", out]);
    expect(result.status).toBe(2);
    expect(errorLines(result)).toEqual([
      `telnyx-kv: Cannot write ${out}: no such file or folder. Name a file in an existing folder.`,
    ]);
  });

  it("key list --local of a store that is not there says so and creates nothing", async () => {
    const cwd = tempDir();
    try {
      const result = await run(["key", "list", "some-ns", "--local"], { cwd: cwd.dir });
      expect(result.status).toBe(2);
      expect(errorLines(result)).toEqual([
        expect.stringMatching(
          /^telnyx-kv: There is no local store at .*\.telnyx-kv: `telnyx-kv namespace create NAME --local` makes one/,
        ),
      ]);
      expect(readdirSync(cwd.dir)).toEqual([]);
    } finally {
      cwd.remove();
    }
  });
});

describe("--help", () => {
  it("every command's help page ends with examples", async () => {
    const paths: string[][] = [[]];
    const walk = (command: ReturnType<typeof buildProgram>, path: string[]) => {
      for (const sub of command.commands) {
        paths.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(buildProgram(), []);
    expect(paths.length).toBeGreaterThan(12);
    for (const path of paths) {
      const help = await run([...path, "--help"]);
      expectOk(help);
      const text = help.stdout.toString();
      expect(text, `telnyx-kv ${path.join(" ")} --help`).toMatch(/\nExamples:\n {2}\$ telnyx-kv /);
    }
  });
});
