import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOk, freshNamespace, run, startService, type TestService, tempDir } from "./helpers.js";

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service?.close();
});

describe("targets and errors", () => {
  it("a missing API key is one line naming --api-key and TELNYX_API_KEY and suggesting --local, exit 2", async () => {
    const result = await run(["key", "list", "some-ns"], { env: { TELNYX_BASE_URL: service.emulator.url } });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("--api-key");
    expect(lines[0]).toContain("TELNYX_API_KEY");
    expect(lines[0]).toContain("--local");
  });

  it("copy names its own flags when the destination has no key", async () => {
    const scratch = tempDir();
    try {
      const result = await run([
        "copy",
        "a",
        "b",
        "--local",
        scratch.dir,
        "--to-base-url",
        service.emulator.url,
      ]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("pass --to-api-key KEY or set TELNYX_API_KEY, or use --to-local [DIR]");
    } finally {
      scratch.remove();
    }
  });

  it("--base-url and --api-key on the command line work with or without /v2", async () => {
    const ns = await freshNamespace(service.client, "flags");
    const withV2 = await run([
      "namespace",
      "get",
      ns.id,
      "--base-url",
      service.emulator.url,
      "--api-key",
      service.apiKey,
    ]);
    expectOk(withV2);
    const without = await run([
      "namespace",
      "get",
      ns.name,
      "--base-url",
      service.emulator.origin,
      "--api-key",
      service.apiKey,
    ]);
    expectOk(without);
    expect(without.stdout.toString()).toContain(ns.id);
  });

  it("the API key never appears in any output, even when the server refuses it", async () => {
    const locked = await (await import("@telnyx-kv/emulator")).startEmulator({ tokens: ["the-right-one"] });
    try {
      const secret = "sk-super-secret-api-key-123456";
      for (const args of [
        ["namespace", "list"],
        ["key", "get", "00000000-0000-4000-8000-000000000000", "k"],
        ["import", "00000000-0000-4000-8000-000000000000", "-"],
      ]) {
        const result = await run(args, {
          env: { TELNYX_BASE_URL: locked.url, TELNYX_API_KEY: secret },
          input: '{"key":"a","value":"b"}\n',
        });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/^telnyx-kv: .*401/m);
        expect(result.stderr).not.toContain(secret);
        expect(result.stdout.toString()).not.toContain(secret);
      }
      const verbose = await run(["namespace", "list", "--api-key", secret], {
        env: { TELNYX_BASE_URL: locked.url, TELNYX_KV_LOG: "debug" },
      });
      expect(verbose.stderr).not.toContain(secret);
    } finally {
      await locked.close();
    }
  });

  it("--help lists every flag with its default; unknown commands exit 2", async () => {
    const top = await run(["--help"]);
    expectOk(top);
    for (const command of ["namespace", "key", "export", "import", "copy"])
      expect(top.stdout.toString()).toContain(command);
    const help = await run(["import", "--help"]);
    expectOk(help);
    const text = help.stdout.toString().replace(/\s+/g, " ");
    for (const flag of [
      "--concurrency <N>",
      "--resume",
      "--dry-run",
      "--skip-invalid",
      "--local [DIR]",
      "--base-url <URL>",
      "--api-key <KEY>",
      "--binding <NAME>",
    ])
      expect(text).toContain(flag);
    expect(text).toContain("(default: 16)");
    expect(text).toContain('(preset: "./.telnyx-kv")');
    const unknown = await run(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const version = await run(["--version"]);
    expectOk(version);
    expect(version.stdout.toString().trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
