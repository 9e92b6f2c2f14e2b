// Issue 20, "Cost and time before the job": --dry-run on import, copy and delete prints the requests by
// kind, the time at the account's budget (from the rate headers, or --rate) and the price at Telnyx's
// published rates, and writes nothing.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOk, freshNamespace, startService, type TestService, tempDir } from "./helpers.js";

const WINDOW_MS = 2000;
let service: TestService;
const scratch = tempDir();
beforeAll(async () => {
  service = await startService({ rateLimitPerMinute: 50, rateLimitWindowMs: WINDOW_MS });
});
afterAll(async () => {
  await service.close();
  scratch.remove();
});

const writes = () => service.emulator.requests.filter((r) => r.method !== "GET" && r.status < 300).length;

describe("--dry-run plans", () => {
  it("import: the writes, the time at the budget the rate headers report, the price; nothing written", async () => {
    const setupAt = performance.now();
    const { id } = await freshNamespace(service.client, "plan");
    const file = join(scratch.dir, "plan.ndjson");
    const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ key: `p/${i}`, value: "x" }));
    writeFileSync(file, lines.join("\n"));
    // The dry run's first request opens a window, so its reset tells the window's length.
    await sleep(Math.max(0, setupAt + WINDOW_MS + 100 - performance.now()));
    const before = writes();
    const result = await service.run(["import", id, file, "--dry-run"]);
    expectOk(result);
    const out = result.stdout.toString();
    expect(out).toMatch(/^Would write 500 entries \(500 bytes\) from .* Nothing was written\.$/m);
    expect(out).toContain("  500 writes (PUT of a key)");
    // 500 requests at 50 per 2 s: 20 s.
    expect(out).toContain(
      "Time at the budget of 50 requests per 2 s (from the API's x-ratelimit-* headers): at least 20s for 500 requests.",
    );
    expect(out).toContain("  500 writes × $3.50 per million = $0.0018");
    expect(out).toMatch(
      /Prices read \d{4}-\d{2}-\d{2} from https:\/\/developers\.telnyx\.com\/docs\/edge-compute\/kv\/pricing/,
    );
    expect(writes()).toBe(before);
  });

  it("copy: the list calls, reads and writes, at --rate; --create only says it would create", async () => {
    const { id } = await freshNamespace(service.client, "plan-src");
    await service.client
      .namespace(id)
      .putMany(Array.from({ length: 12 }, (_, i) => ({ key: `k${i}`, value: "v" })));
    const before = writes();
    const result = await service.run(["copy", id, "plan-copy", "--create", "--dry-run", "--rate", "1000/1m"]);
    expectOk(result);
    const out = result.stdout.toString();
    expect(out).toContain("Would copy 12 keys from namespace");
    expect(out).toContain("to namespace plan-copy (which --create would create)");
    expect(out).toContain("  1 list call (GET of a page of up to 1,000 keys)");
    expect(out).toContain("  12 reads (GET of a key)");
    expect(out).toContain("  12 writes (PUT of a key)");
    expect(out).toContain(
      "Time at the budget of 1000 requests per 1 min (from --rate 1000/1m): at least 2s for 25 requests.",
    );
    expect(out).toContain("  12 reads × $0.35 per million = $0.0000042");
    expect(writes()).toBe(before);
    const names: string[] = [];
    for await (const ns of service.client.namespaces.list()) names.push(ns.name);
    expect(names).not.toContain("plan-copy");
  });

  it("delete: the deletes and list calls, and without a budget it says how to give one", async () => {
    const plain = await startService();
    try {
      const { id } = await freshNamespace(plain.client, "plan-del");
      await plain.client.namespace(id).putMany([
        { key: "t/1", value: "v" },
        { key: "t/2", value: "v" },
      ]);
      const result = await plain.run(["key", "delete", id, "--prefix", "t/", "--dry-run"]);
      expectOk(result);
      expect(result.stdout.toString()).toBe("t/1\nt/2\n");
      expect(result.stderr).toContain("  2 deletes (DELETE of a key)");
      expect(result.stderr).toContain("pass --rate N/WINDOW");
      expect(result.stderr).toContain("2 deletes × $3.50 per million");
      expect(plain.emulator.requests.filter((r) => r.method === "DELETE")).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
