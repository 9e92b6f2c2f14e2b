/**
 * Telnyx KV's published prices, in one place: the page, the day it was read, and the rates. Check the page
 * again and update all three together when Telnyx changes them.
 */
export const KV_PRICES = {
  /** Where the figures come from. */
  source: "https://developers.telnyx.com/docs/edge-compute/kv/pricing",
  /** The day they were read there. */
  readOn: "2026-12-05",
  /** US dollars per million operations of each kind, beyond the free tier. */
  perMillion: { read: 0.35, write: 3.5, delete: 3.5, list: 3.5 },
  /** Operations of each kind free every month, for the whole account. */
  freePerMonth: { read: 10_000_000, write: 1_000_000, delete: 1_000_000, list: 1_000_000 },
} as const;

/** Billable operations of a job, by kind (what Telnyx prices: reads, writes, deletes, list calls). */
export interface KvOperationCounts {
  read: number;
  write: number;
  delete: number;
  list: number;
}

const KINDS = ["read", "write", "delete", "list"] as const;

/** The price of `counts` at the paid rates, in US dollars, as if the month's free tier were already spent. */
export function paidPrice(counts: KvOperationCounts): number {
  return KINDS.reduce((sum, kind) => sum + (counts[kind] / 1_000_000) * KV_PRICES.perMillion[kind], 0);
}

/** Dollars for people: `$0.0035`, `$0.042`, `$1.75`, `$350.00`; amounts under a dollar keep two significant digits. */
export function formatDollars(amount: number): string {
  if (amount === 0) return "$0.00";
  if (amount >= 1) return `$${amount.toFixed(2)}`;
  return `$${Number(amount.toPrecision(2))}`;
}

/** One line per kind with operations, and the total: `12,000 writes × $3.50/M = $0.042`. */
export function priceLines(counts: KvOperationCounts): string[] {
  const lines: string[] = [];
  for (const kind of KINDS) {
    const count = counts[kind];
    if (count === 0) continue;
    const rate = KV_PRICES.perMillion[kind];
    lines.push(
      `  ${count.toLocaleString("en-US")} ${kind}${count === 1 ? "" : "s"} × $${rate.toFixed(2)} per million = ${formatDollars((count / 1_000_000) * rate)}`,
    );
  }
  const free = KINDS.filter((kind) => counts[kind] > 0)
    .map((kind) => `${(KV_PRICES.freePerMonth[kind] / 1_000_000).toLocaleString("en-US")}M ${kind}s`)
    .join(", ");
  lines.push(
    `  total ${formatDollars(paidPrice(counts))} at the paid rates; nothing if the account's monthly free tier (${free || "none used"}) still covers it. Prices read ${KV_PRICES.readOn} from ${KV_PRICES.source}.`,
  );
  return lines;
}
