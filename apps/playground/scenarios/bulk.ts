import type { KvBulkProgress, KvBulkResult } from "@telnyx-kv/client-node";
import { createProgressBar } from "./progress.js";
import { expectEqual, type Scenario, type ScenarioContext } from "./types.js";

// Three passes stay well under the real API's 1,000 requests a minute.
const COUNT = 200;
const PREFIX = "scenarios/bulk/";
const keyOf = (i: number) => `${PREFIX}item-${String(i).padStart(4, "0")}`;

/** Runs one bulk call with a progress bar and fails on any failed item. */
async function withBar<T>(
  ctx: ScenarioContext,
  label: string,
  call: (options: { onProgress: (progress: KvBulkProgress) => void }) => Promise<KvBulkResult<T>[]>,
): Promise<KvBulkResult<T>[]> {
  const bar = createProgressBar(label, ctx.out);
  try {
    const results = await call({ onProgress: (p) => bar.update(p) });
    const failed = results.filter((r) => !r.ok);
    if (failed.length) {
      const first = failed[0] as { key: string; error: Error };
      throw new Error(`${label}: ${failed.length} failed, first ${first.key}: ${first.error.message}`);
    }
    return results;
  } finally {
    bar.finish();
  }
}

/** The bulk helpers: bounded concurrency, per-item results, progress as they go. */
export const bulkScenarios: Scenario[] = [
  {
    name: `bulk: putMany ${COUNT}`,
    async run(ctx) {
      const entries = Array.from({ length: COUNT }, (_, i) => ({
        key: keyOf(i),
        value: JSON.stringify({ i, square: i * i }),
        contentType: "application/json",
      }));
      const results = await withBar(ctx, "putMany", (o) => ctx.ns.putMany(entries, o));
      return `${results.length} writes, ${results.filter((r) => r.ok && r.value.created).length} new`;
    },
  },
  {
    name: `bulk: getMany ${COUNT}`,
    async run(ctx) {
      const keys = Array.from({ length: COUNT }, (_, i) => keyOf(i));
      const results = await withBar(ctx, "getMany", (o) => ctx.ns.getMany(keys, { ...o, type: "json" }));
      results.forEach((r, i) => {
        if (r.ok) expectEqual(r.value, { i, square: i * i }, `value of ${r.key}`);
      });
      return `${results.length} reads, every value as written`;
    },
  },
  {
    name: "bulk: deletePrefix",
    async run(ctx) {
      const results = await withBar(ctx, "deletePrefix", (o) => ctx.ns.deletePrefix(PREFIX, o));
      const left: string[] = [];
      for await (const info of ctx.ns.list({ prefix: PREFIX })) left.push(info.key);
      expectEqual(left.length, 0, "keys left under the prefix");
      return `${results.length} deletes (listing while deleting), prefix empty`;
    },
  },
];
