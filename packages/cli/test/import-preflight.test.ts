import { spawn } from "node:child_process";
import { chmodSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIN,
  type CliRun,
  cleanEnv,
  expectOk,
  finished,
  freshNamespace,
  startService,
  type TestService,
  tempDir,
} from "./helpers.js";

const scratch = tempDir();
let pending: TestService;
let quick: TestService;
let noTtl: TestService;
beforeAll(async () => {
  [pending, quick, noTtl] = await Promise.all([
    // Provisioning that outlasts the test: the namespace stays pending.
    startService({ provisionDelayMs: 600_000 }),
    startService({ provisionDelayMs: 1500 }),
    // A namespace without TTL support refuses the one entry with a TTL, so a checkpoint is left behind.
    startService({ ttlSupport: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([pending?.close(), quick?.close(), noTtl?.close()]);
  scratch.remove();
});

function fileOf(name: string, entries: unknown[]): string {
  const path = join(scratch.dir, name);
  writeFileSync(path, JSON.stringify(entries));
  return path;
}

const ENTRIES = [
  { key: "p/a", value: "1" },
  { key: "p/b", value: "2" },
];
const telnyxLines = (result: CliRun) => result.stderr.split("\n").filter((l) => l.startsWith("telnyx-kv: "));

describe("import preflight", () => {
  it("a namespace still pending fails once, exit 1, nothing written, and says to wait or pass --wait", async () => {
    const { id } = await pending.client.namespaces.create("still-pending");
    const result = await pending.run(["import", id, fileOf("pending.json", ENTRIES)]);
    expect(result.status).toBe(1);
    expect(telnyxLines(result)).toEqual([
      expect.stringMatching(
        /still being provisioned .*nothing was written.*again in a moment, or pass --wait/,
      ),
    ]);
    expect(result.stderr).not.toMatch(/p\/a|p\/b/);
    expect(pending.puts()).toBe(0);
  });

  it("--wait waits for provision_ok, then imports", async () => {
    const { id } = await quick.client.namespaces.create("soon-ready");
    const result = await quick.run(["import", id, fileOf("wait.json", ENTRIES), "--wait"]);
    expectOk(result);
    expect(result.stderr).toContain("waiting for it (--wait)");
    expect(quick.puts()).toBe(2);
  });
});

describe("import checkpoint", () => {
  it("without --resume, an earlier run's checkpoint is replaced, in one line that points at --resume", async () => {
    const ns = await freshNamespace(noTtl.client, "ckpt");
    const file = fileOf("ttl.json", [...ENTRIES, { key: "p/ttl", value: "3", expiration_ttl: 3600 }]);
    const first = await noTtl.run(["import", ns.id, file]);
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(/1 writes failed; run the same command with --resume/);
    expect(
      readdirSync(scratch.dir).filter((f) => f.startsWith("ttl.json.") && f.endsWith("-checkpoint")),
    ).toHaveLength(1);
    expect(first.stderr).not.toContain("Replaced the checkpoint");

    const again = await noTtl.run(["import", ns.id, file]);
    expect(again.status).toBe(1);
    const replaced = again.stderr.split("\n").filter((l) => l.includes("Replaced the checkpoint"));
    expect(replaced).toEqual([
      expect.stringMatching(
        /earlier, unfinished run of this import \(2 entries written\) at .*ttl\.json\.telnyx-kv-checkpoint; --resume continues/,
      ),
    ]);
    const resumed = await noTtl.run(["import", ns.id, file, "--resume"]);
    expect(resumed.stderr).toContain("Resuming: 2 entries were already imported");
    expect(resumed.stderr).not.toContain("Replaced the checkpoint");
  });

  it("a folder the checkpoint cannot be written to is one clear line naming --checkpoint; --checkpoint works", async () => {
    const { dir, remove } = tempDir();
    try {
      const file = join(dir, "locked.json");
      writeFileSync(file, JSON.stringify(ENTRIES));
      chmodSync(dir, 0o555);
      const ns = await freshNamespace(quick.client, "locked");
      const before = quick.puts();
      // As root a read-only folder is still writable, so the bin runs as nobody there, as a user would.
      const root = process.getuid?.() === 0;
      const runAs = (args: string[]) => {
        const child = spawn(process.execPath, [BIN, ...args], {
          cwd: dir,
          env: cleanEnv(quick.env),
          stdio: ["ignore", "pipe", "pipe"],
          ...(root ? { uid: 65534, gid: 65534 } : {}),
        });
        return finished(child);
      };
      const refused = await runAs(["import", ns.id, file]);
      expect(refused.status).toBe(1);
      expect(telnyxLines(refused)).toEqual([
        expect.stringMatching(
          /^telnyx-kv: Cannot write the import checkpoint .*locked\.json\.telnyx-kv-checkpoint \(the folder is not writable\); nothing was written\. .*pass --checkpoint FILE/,
        ),
      ]);
      expect(refused.stderr).not.toContain("EACCES");
      expect(quick.puts()).toBe(before);

      const elsewhere = join(scratch.dir, "chosen.checkpoint");
      chmodSync(scratch.dir, 0o777);
      expectOk(await runAs(["import", ns.id, file, "--checkpoint", elsewhere]));
      expect(quick.puts()).toBe(before + 2);
    } finally {
      chmodSync(dir, 0o755);
      remove();
    }
  });
});
