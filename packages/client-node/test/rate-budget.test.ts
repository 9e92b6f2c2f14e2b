import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createKvClient, KV_DEFAULT_RETRY, KvHttpError } from "../src/index.js";
import { startRig, TEST_API_KEY, type TestRig } from "./helpers.js";

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL("./fixtures/shared-budget-worker.mjs", import.meta.url));

describe("the account's budget", () => {
  let rig: TestRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it("sends at most retries + 1 requests per call and per bulk item under a sustained 429, within the stated bound", async () => {
    rig = await startRig({ emulator: { recordRequests: true } });
    const { emulator, namespaceId } = rig;
    emulator.setFaults({ failureRate: 1, failureKinds: ["429"] });
    // The defaults, as a user gets them: 2 retries, maxElapsedMs 60 s, timeoutMs 30 s.
    const client = createKvClient({ apiKey: TEST_API_KEY, baseUrl: emulator.url, env: {} });
    const keys = client.namespace(namespaceId);
    const puts = () => emulator.requests.filter((record) => record.method === "PUT");
    const boundMs = KV_DEFAULT_RETRY.maxElapsedMs + 30_000;

    let started = performance.now();
    const error = await keys.put("single", "x").catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(boundMs);
    expect(KvHttpError.isInstance(error) && error.status).toBe(429);
    expect(puts()).toHaveLength(KV_DEFAULT_RETRY.retries + 1);

    emulator.requests.length = 0;
    const entries = Array.from({ length: 20 }, (_, i) => ({ key: `many/${i}`, value: "x" }));
    started = performance.now();
    const results = await keys.putMany(entries, { concurrency: 8 });
    // Items start as workers free up: ceil(20 / 8) rounds, each item within its own bound.
    expect(performance.now() - started).toBeLessThan(Math.ceil(20 / 8) * boundMs);
    expect(results.every((result) => !result.ok && KvHttpError.isInstance(result.error))).toBe(true);
    expect(puts()).toHaveLength(20 * (KV_DEFAULT_RETRY.retries + 1));
    const perKey = new Map<string, number>();
    for (const record of puts()) perKey.set(record.path, (perKey.get(record.path) ?? 0) + 1);
    expect([...perKey.values()].every((count) => count === KV_DEFAULT_RETRY.retries + 1)).toBe(true);
    await client.close();
  }, 200_000);

  it("keeps three processes of one account near the limit with few 429s", async () => {
    const limit = 60;
    const windowMs = 5000;
    const perProcess = 200;
    rig = await startRig({
      emulator: { rateLimitPerMinute: limit, rateLimitWindowMs: windowMs, recordRequests: true },
    });
    const { emulator, namespaceId } = rig;
    // Let the rig's own setup window pass, so the three processes start on a fresh budget.
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    emulator.requests.length = 0;
    const started = performance.now();
    const outputs = await Promise.all(
      ["a", "b", "c"].map((prefix) =>
        run(process.execPath, [WORKER, emulator.url, TEST_API_KEY, namespaceId, prefix, String(perProcess)]),
      ),
    );
    const wallMs = performance.now() - started;
    const stored = outputs.map(({ stdout }) => (JSON.parse(stdout) as { ok: number }).ok);
    expect(stored).toEqual([perProcess, perProcess, perProcess]);
    const requests = emulator.requests.length;
    const limited = emulator.requests.filter((record) => record.status === 429).length;
    const idealMs = ((3 * perProcess) / limit) * windowMs;
    console.log(
      `three processes: ${requests} requests, ${limited} answered 429 (${((100 * limited) / requests).toFixed(1)} %), wall ${(wallMs / 1000).toFixed(1)} s = ${(wallMs / idealMs).toFixed(2)} x the ideal ${idealMs / 1000} s`,
    );
    expect(limited / requests).toBeLessThanOrEqual(0.05);
    expect(wallMs).toBeLessThanOrEqual(1.2 * idealMs);
  }, 180_000);
});
