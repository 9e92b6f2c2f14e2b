// Issue 20, "Export streams too", in constant memory: an export grew by ≈ 50 MB from 100 MB to 1 GB
// (bench/RESULTS.md, session 27) because every read derived a signal (`AbortSignal.any`, in ky) from one
// signal that lasted the whole export, and Node keeps an entry on a signal for each one derived from it. The
// bin runs here with a preload that counts those derivations per signal: none may be the source of one per key.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectOk, freshNamespace, useTestService } from "./helpers.js";

const SPY = fileURLToPath(new URL("./fixtures/abort-any-spy.cjs", import.meta.url));
const KEYS = 2_000;
const ctx = useTestService();

describe("export memory", () => {
  it(`reads ${KEYS} keys without a signal that collects an entry per key`, async () => {
    const ns = await freshNamespace(ctx.service.client, "export-memory");
    const written = await ctx.service.client.namespace(ns.id).putMany(
      Array.from({ length: KEYS }, (_, i) => ({ key: `m/${String(i).padStart(5, "0")}`, value: `v${i}` })),
      { concurrency: 32 },
    );
    expect(written.every((result) => result.ok)).toBe(true);
    const exported = await ctx.service.run(["export", ns.name, "--concurrency", "16"], {
      env: { NODE_OPTIONS: `--require ${SPY}` },
    });
    expectOk(exported);
    expect(exported.stdout.toString().trim().split("\n")).toHaveLength(KEYS);
    const spied = /abort-any-spy calls (\d+) most-from-one-signal (\d+)/.exec(exported.stderr);
    expect(spied, exported.stderr).not.toBeNull();
    // Each read derived a signal (else this would prove nothing), each from a signal of its own: a retried
    // read may derive one per attempt, far from one per key.
    expect(Number(spied![1])).toBeGreaterThanOrEqual(KEYS);
    expect(Number(spied![2])).toBeLessThanOrEqual(4);
  });
});
