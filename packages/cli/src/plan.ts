import { type CliBudget, describeBudget } from "./budget.js";
import { type KvOperationCounts, priceLines } from "./pricing.js";
import { formatDuration } from "./rate-meter.js";

/** Words for each kind of request, as a dry run lists them. */
const KIND_WORDS: Record<keyof KvOperationCounts, [string, string]> = {
  read: ["read", "GET of a key"],
  write: ["write", "PUT of a key"],
  delete: ["delete", "DELETE of a key"],
  list: ["list call", "GET of a page of up to 1,000 keys"],
};

/**
 * The lines a `--dry-run` ends with: the requests a job will send by kind, how long they take at the
 * account's budget (the least time the limit allows, however fast the network), and their price.
 */
export function planLines(counts: KvOperationCounts, budget: CliBudget | undefined): string[] {
  const lines = ["Requests it would send:"];
  let total = 0;
  for (const kind of Object.keys(KIND_WORDS) as Array<keyof KvOperationCounts>) {
    const count = counts[kind];
    total += count;
    if (count === 0) continue;
    const [word, what] = KIND_WORDS[kind];
    lines.push(`  ${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"} (${what})`);
  }
  if (total === 0) lines.push("  none");
  if (budget === undefined) {
    lines.push(
      "Time: unknown, the answers reported no rate limit; pass --rate N/WINDOW (Telnyx documents 1000/1m) to estimate it.",
    );
  } else {
    const seconds = (total / budget.limit) * (budget.windowMs / 1000);
    lines.push(
      `Time at the budget of ${describeBudget(budget)} (from ${budget.source}): at least ${formatDuration(seconds)} for ${total.toLocaleString("en-US")} requests.`,
    );
  }
  lines.push("Price at Telnyx's published rates:", ...priceLines(counts));
  return lines;
}

/** Requests of each kind, none unless given. */
export function counts(partial: Partial<KvOperationCounts>): KvOperationCounts {
  return { read: 0, write: 0, delete: 0, list: 0, ...partial };
}
