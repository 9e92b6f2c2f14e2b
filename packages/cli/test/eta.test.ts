// Issue 20, "Progress misleads": under a rate limit the ETA came from the burst at the start of each window
// and was 10–40× too short. Now the progress lines' ETA is checked against the time the import really
// took from each line on: within 25%.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, start, startService, type TestService, tempDir } from "./helpers.js";

const LIMIT = 60;
const WINDOW_MS = 2000;
const KEYS = 600;

let service: TestService;
const scratch = tempDir();
beforeAll(async () => {
  service = await startService({ rateLimitPerMinute: LIMIT, rateLimitWindowMs: WINDOW_MS });
});
afterAll(async () => {
  await service.close();
  scratch.remove();
});

/** `import: 120/600 (30/s, ETA 16s)` → done 120, ETA 16 s. */
function parseProgress(line: string): { done: number; etaSeconds: number } | undefined {
  const match = /^import: (\d+)\/\d+ \([^,]+, ETA (?:(\d+)m )?(\d+)s\)$/.exec(line);
  if (!match) return undefined;
  return { done: Number(match[1]), etaSeconds: Number(match[2] ?? 0) * 60 + Number(match[3]) };
}

describe("progress under a rate limit", () => {
  it(`the ETA of an import of ${KEYS} keys at ${LIMIT} requests per ${WINDOW_MS / 1000} s is within 25% of the time left`, async () => {
    const setupAt = performance.now();
    const { id } = await freshNamespace(service.client, "eta");
    const file = join(scratch.dir, "eta.ndjson");
    const lines = Array.from({ length: KEYS }, (_, i) => JSON.stringify({ key: `eta/${i}`, value: `v${i}` }));
    writeFileSync(file, `${lines.join("\n")}\n`);
    // Start on a fresh window, so the import's time is its own.
    await sleep(Math.max(0, setupAt + WINDOW_MS + 100 - performance.now()));

    const child = start(["import", id, file], {
      env: { ...service.env, TELNYX_KV_PROGRESS_INTERVAL_MS: "500" },
    });
    const seen: Array<{ at: number; line: string }> = [];
    let buffered = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      const at = performance.now();
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) seen.push({ at, line });
    });
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const summary = seen.find(({ line }) => line.includes(`${KEYS} written, 0 unchanged, 0 failed`));
    expect(status, seen.map((s) => s.line).join("\n")).toBe(0);
    expect(summary).toBeDefined();
    const endedAt = summary!.at;

    // The lines from a fifth to three quarters of the way: far enough in for a rate, far enough from the end
    // for the time left to be more than a window or two.
    const checked = seen
      .map(({ at, line }) => ({ at, progress: parseProgress(line) }))
      .filter(({ progress }) => progress && progress.done >= KEYS / 5 && progress.done <= (KEYS * 3) / 4);
    expect(checked.length).toBeGreaterThanOrEqual(3);
    const report = checked.map(({ at, progress }) => {
      const real = (endedAt - at) / 1000;
      return { done: progress!.done, eta: progress!.etaSeconds, real: Number(real.toFixed(1)) };
    });
    console.log(`ETA vs real time left (s): ${JSON.stringify(report)}`);
    for (const { eta, real } of report) {
      // Whole seconds are printed: allow the rounding on top of the 25%.
      expect(Math.abs(eta - real)).toBeLessThanOrEqual(real * 0.25 + 0.5);
    }
  });
});
