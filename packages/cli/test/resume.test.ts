import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sample } from "./data.js";
import {
  expectOk,
  finished,
  freshNamespace,
  start,
  startService,
  type TestService,
  tempDir,
} from "./helpers.js";

const COUNT = 2000;
const CONCURRENCY = 8;

let service: TestService;
let scratch: ReturnType<typeof tempDir>;
beforeAll(async () => {
  // Latency on every answer, so an import of COUNT keys takes long enough to be killed midway.
  service = await startService({ faults: { latencyMs: 4 } });
  scratch = tempDir();
});
afterAll(async () => {
  await service?.close();
  scratch?.remove();
});

function writeSample(name: string) {
  const entries = sample(COUNT, name);
  const file = join(scratch.dir, `${name}.ndjson`);
  writeFileSync(
    file,
    entries
      .map((e) =>
        JSON.stringify({
          key: e.key,
          value: Buffer.from(e.bytes).toString("base64"),
          base64: true,
          content_type: e.contentType,
        }),
      )
      .join("\n"),
  );
  return { entries, file };
}

/** Successful PUTs per key in namespace `id`, from the emulator's request log. */
function putsPerKey(id: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of service.emulator.requests) {
    if (r.method === "PUT" && r.namespaceId === id && r.key !== undefined && r.status < 300)
      counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  }
  return counts;
}

async function waitForPuts(id: string, atLeast: number): Promise<void> {
  while ([...putsPerKey(id).values()].reduce((a, b) => a + b, 0) < atLeast) await sleep(5);
}

async function expectEqualToFile(id: string, entries: ReturnType<typeof sample>) {
  const keys = service.client.namespace(id);
  const listed = [];
  for await (const info of keys.list()) listed.push(info.key);
  expect(listed.sort()).toEqual(entries.map((e) => e.key).sort());
  for (const entry of entries.filter((_, i) => i % 50 === 0)) {
    const value = await keys.get(entry.key);
    expect(Buffer.from(await value!.bytes()).equals(Buffer.from(entry.bytes))).toBe(true);
    expect(value!.contentType).toBe(entry.contentType);
  }
}

describe("import --resume", () => {
  it("after a SIGKILL midway, ends equal to the file and rewrites at most the writes in flight", async () => {
    const ns = await freshNamespace(service.client, "killed");
    const { entries, file } = writeSample("killed");
    const args = ["import", ns.id, file, "--concurrency", String(CONCURRENCY)];
    const child = start(args, { env: service.env });
    const done = finished(child);
    await waitForPuts(ns.id, COUNT / 3);
    child.kill("SIGKILL");
    const killed = await done;
    expect(killed.signal).toBe("SIGKILL");
    // Requests the dead process had sent may still land: let them.
    await sleep(100);
    const firstRun = putsPerKey(ns.id);
    expect(firstRun.size).toBeGreaterThanOrEqual(COUNT / 3);
    expect(firstRun.size).toBeLessThan(COUNT);
    expect(readdirSync(scratch.dir).some((name) => name.endsWith(".telnyx-kv-checkpoint"))).toBe(true);

    const resumed = await service.run([...args, "--resume"]);
    expectOk(resumed);
    expect(resumed.stderr).toMatch(/Resuming: \d+ entries were already imported/);
    const counts = putsPerKey(ns.id);
    const rewritten = [...counts.values()].filter((n) => n > 1).length;
    expect(rewritten).toBeLessThanOrEqual(CONCURRENCY);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect(counts.size).toBe(COUNT);
    await expectEqualToFile(ns.id, entries);
    // A finished import leaves no checkpoint behind.
    expect(readdirSync(scratch.dir).some((name) => name.startsWith("killed.ndjson."))).toBe(false);
  });

  it("after Ctrl-C, says how to resume; --resume then writes only the rest", async () => {
    const ns = await freshNamespace(service.client, "interrupted");
    const { entries, file } = writeSample("interrupted");
    const args = ["import", ns.id, file, "--concurrency", String(CONCURRENCY)];
    const child = start(args, { env: service.env });
    const done = finished(child);
    await waitForPuts(ns.id, COUNT / 4);
    child.kill("SIGINT");
    const stopped = await done;
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toContain("--resume");
    const before = putsPerKey(ns.id);
    const resumed = await service.run([...args, "--resume"]);
    expectOk(resumed);
    const after = putsPerKey(ns.id);
    // A clean stop waits for the writes in flight, so nothing is written twice.
    expect([...after.values()].every((n) => n === 1)).toBe(true);
    expect(resumed.stderr).toMatch(new RegExp(`${COUNT - before.size} written`));
    await expectEqualToFile(ns.id, entries);
  });

  it("--resume retries only the failed writes, and a checkpoint never carries over to another namespace", async () => {
    const ns = await freshNamespace(service.client, "flaky");
    const other = await freshNamespace(service.client, "flaky-other");
    const file = join(scratch.dir, "flaky.ndjson");
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ key: `f/${i}`, value: `v${i}` }));
    writeFileSync(file, lines.join("\n"));
    // Each attempt fails 70% of the time, so after the client's retries some writes fail and most succeed.
    // The import's first request (reading the namespace) can fail too, and then nothing is written: try again.
    service.emulator.setFaults({ latencyMs: 4, failureRate: 0.7, failureKinds: ["500"] });
    let flaky = await service.run(["import", ns.id, file]);
    for (let tries = 1; tries < 10 && flaky.stderr.includes("reading the namespace"); tries++) {
      expect(putsPerKey(ns.id).size).toBe(0);
      flaky = await service.run(["import", ns.id, file]);
    }
    service.emulator.setFaults({ latencyMs: 4 });
    expect(flaky.status).toBe(1);
    expect(flaky.stderr).toMatch(/\d+ writes failed; run the same command with --resume/);
    const stored = putsPerKey(ns.id).size;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(30);

    // The checkpoint belongs to the import into `ns`: resuming it into another namespace is refused by name.
    const elsewhere = await service.run(["import", other.id, file, "--resume"]);
    expect(elsewhere.status).toBe(2);
    expect(elsewhere.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          `^telnyx-kv: Cannot resume from the checkpoint .*flaky\\.ndjson\\.telnyx-kv-checkpoint: it was an import into namespace ${ns.id}\\. Nothing was written\\. Pass --restart`,
        ),
      ),
    ]);
    expect(putsPerKey(other.id).size).toBe(0);

    const resumed = await service.run(["import", ns.id, file, "--resume"]);
    expectOk(resumed);
    expect(resumed.stderr).toContain(`Resuming: ${stored} entries were already imported`);
    expect(resumed.stderr).toMatch(new RegExp(`${30 - stored} written, ${stored} unchanged, 0 failed`));
    expect([...putsPerKey(ns.id).values()].every((n) => n === 1)).toBe(true);
  });
});

describe("import --resume of a changed file", () => {
  it("is refused by name, exit 2, nothing written and the checkpoint kept; --restart discards it and imports", async () => {
    const ns = await freshNamespace(service.client, "changed");
    const file = join(scratch.dir, "changed.ndjson");
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ key: `c/${i}`, value: `v${i}` }));
    writeFileSync(file, lines.join("\n"));
    service.emulator.setFaults({ latencyMs: 4, failureRate: 0.7, failureKinds: ["500"] });
    let first = await service.run(["import", ns.id, file]);
    for (let tries = 1; tries < 10 && first.stderr.includes("reading the namespace"); tries++)
      first = await service.run(["import", ns.id, file]);
    service.emulator.setFaults({ latencyMs: 4 });
    expect(first.status).toBe(1);
    const checkpoint = join(scratch.dir, "changed.ndjson.telnyx-kv-checkpoint");
    expect(readdirSync(scratch.dir)).toContain("changed.ndjson.telnyx-kv-checkpoint");
    const before = putsPerKey(ns.id);

    writeFileSync(file, [...lines, JSON.stringify({ key: "c/new", value: "new" })].join("\n"));
    const refused = await service.run(["import", ns.id, file, "--resume"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^telnyx-kv: Cannot resume from the checkpoint .*changed\.ndjson\.telnyx-kv-checkpoint: the input changed since \(\d+ bytes, sha256 [0-9a-f]{12}… then; \d+ bytes, sha256 [0-9a-f]{12}… now\)\. Nothing was written\. Pass --restart/,
      ),
    ]);
    expect(putsPerKey(ns.id)).toEqual(before);
    expect(readdirSync(scratch.dir)).toContain("changed.ndjson.telnyx-kv-checkpoint");

    const restarted = await service.run(["import", ns.id, file, "--restart"]);
    expectOk(restarted);
    expect(restarted.stderr).toContain(`Discarding the checkpoint ${checkpoint}`);
    expect(restarted.stderr).toMatch(/31 written, 0 unchanged, 0 failed/);
    expect(readdirSync(scratch.dir)).not.toContain("changed.ndjson.telnyx-kv-checkpoint");

    const nothing = await service.run(["import", ns.id, file, "--resume"]);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(
      /^telnyx-kv: Nothing to resume: there is no checkpoint at .*changed\.ndjson\.telnyx-kv-checkpoint/m,
    );
  });
});
