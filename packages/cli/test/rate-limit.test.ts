// Issue 13, "Long jobs": against an emulator limited to 60 requests per 5 s, an import of 240 keys and an
// export of 130 pace themselves from the x-ratelimit-* headers (client-node's bulk layer) and get no 429.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, startService, type TestService, tempDir } from "./helpers.js";

const LIMIT = 60;
const WINDOW_MS = 5000;
const KEYS = 240;

describe("import under a rate limit", () => {
  let service: TestService;
  const temp = tempDir();
  beforeAll(async () => {
    service = await startService({ rateLimitPerMinute: LIMIT, rateLimitWindowMs: WINDOW_MS });
  });
  afterAll(async () => {
    await service.close();
    temp.remove();
  });

  it(`imports ${KEYS} keys at ${LIMIT} requests per ${WINDOW_MS / 1000} s with no 429`, async () => {
    const setupAt = performance.now();
    const { id } = await freshNamespace(service.client, "paced");
    const file = join(temp.dir, "entries.ndjson");
    const lines = Array.from({ length: KEYS }, (_, i) =>
      JSON.stringify({ key: `paced/${String(i).padStart(3, "0")}`, value: `value ${i}` }),
    );
    writeFileSync(file, `${lines.join("\n")}\n`);
    // The setup's requests opened the account's first window: let it end, so the import starts on a fresh
    // budget and its time is its own.
    await sleep(Math.max(0, setupAt + WINDOW_MS + 100 - performance.now()));

    const before = service.emulator.requests.length;
    const startedAt = performance.now();
    const result = await service.run(["import", id, file]);
    const elapsedMs = performance.now() - startedAt;
    expect(result.stderr).toMatch(new RegExp(`${KEYS} written, 0 unchanged, 0 failed`));
    expect(result.status).toBe(0);

    const made = service.emulator.requests.slice(before);
    expect(made.filter((record) => record.status === 429)).toEqual([]);
    expect(service.emulator.requests.filter((record) => record.status === 429)).toEqual([]);
    expect(service.puts()).toBe(KEYS);
    const listed: string[] = [];
    for await (const info of service.client.namespace(id).list()) listed.push(info.key);
    expect(listed).toHaveLength(KEYS);

    // A fixed window of 60 requests opens with the import's first request, so its n requests need
    // ceil(n / 60) windows, the last opening (windows - 1) × 5 s after the first: taking longer than that is
    // the pacing at work (without it the excess gets 429s, asserted absent above).
    const floorMs = (Math.ceil(made.length / LIMIT) - 1) * WINDOW_MS;
    expect(elapsedMs).toBeGreaterThan(floorMs);
    console.log(
      `import of ${KEYS} keys at ${LIMIT} requests per ${WINDOW_MS / 1000} s: ${made.length} requests in ` +
        `${(elapsedMs / 1000).toFixed(1)} s (pacing floor ${(floorMs / 1000).toFixed(0)} s), no 429`,
    );
  });
});

describe("export under a rate limit", () => {
  const EXPORTED = 130;
  let service: TestService;
  beforeAll(async () => {
    service = await startService({ rateLimitPerMinute: LIMIT, rateLimitWindowMs: WINDOW_MS });
  });
  afterAll(() => service.close());

  it(`exports ${EXPORTED} keys at ${LIMIT} requests per ${WINDOW_MS / 1000} s with no 429, in key order`, async () => {
    const { id } = await freshNamespace(service.client, "paced-export");
    const keys = Array.from({ length: EXPORTED }, (_, i) => `out/${String(i).padStart(3, "0")}`);
    const seeded = await service.client
      .namespace(id)
      .putMany(keys.map((key) => ({ key, value: `v ${key}` })));
    expect(seeded.every((result) => result.ok)).toBe(true);
    // The seeding spent the current window: let it end, so the export starts on a fresh budget.
    await sleep(WINDOW_MS + 100);

    const before = service.emulator.requests.length;
    const startedAt = performance.now();
    const result = await service.run(["export", id], { env: { TELNYX_KV_PROGRESS_INTERVAL_MS: "1000" } });
    const elapsedMs = performance.now() - startedAt;
    expect(result.stderr).toMatch(new RegExp(`${EXPORTED} written, 0 unchanged, 0 failed`));
    expect(result.status).toBe(0);
    // A listing this small is done before the first read: the progress total is the real one from the start.
    const progress = result.stderr.split("\n").filter((line) => line.startsWith("export: "));
    expect(progress.length).toBeGreaterThan(0);
    for (const line of progress) expect(line).toMatch(new RegExp(`^export: \\d+/${EXPORTED} \\(`));
    // Waiting requests each listen on the interrupt signal: no MaxListenersExceededWarning about it.
    expect(result.stderr).not.toContain("Warning");
    const made = service.emulator.requests.slice(before);
    // Without pacing, reads started faster than the window allows get 429s (and are repeated after them).
    expect(made.filter((record) => record.status === 429)).toEqual([]);
    const lines = result.stdout.toString().trim().split("\n");
    expect(lines.map((line) => (JSON.parse(line) as { key: string }).key)).toEqual(keys);
    const floorMs = (Math.ceil(made.length / LIMIT) - 1) * WINDOW_MS;
    expect(elapsedMs).toBeGreaterThan(floorMs);
    console.log(
      `export of ${EXPORTED} keys at ${LIMIT} requests per ${WINDOW_MS / 1000} s: ${made.length} requests in ` +
        `${(elapsedMs / 1000).toFixed(1)} s (pacing floor ${(floorMs / 1000).toFixed(0)} s), no 429`,
    );
  });
});
