import { describe, expect, it } from "vitest";
import { counts, planLines } from "./plan.js";
import { formatDollars, KV_PRICES, paidPrice, priceLines } from "./pricing.js";

describe("pricing", () => {
  it("prices reads at $0.35 and writes, deletes and lists at $3.50 per million, with the source and date", () => {
    expect(KV_PRICES.perMillion).toEqual({ read: 0.35, write: 3.5, delete: 3.5, list: 3.5 });
    expect(paidPrice(counts({ read: 2_000_000, write: 1_000_000 }))).toBeCloseTo(0.7 + 3.5, 10);
    expect(formatDollars(0.0035)).toBe("$0.0035");
    expect(formatDollars(350)).toBe("$350.00");
    const lines = priceLines(counts({ write: 12_000 })).join("\n");
    expect(lines).toContain("12,000 writes × $3.50 per million = $0.042");
    expect(lines).toContain(KV_PRICES.source);
    expect(lines).toContain(KV_PRICES.readOn);
    expect(lines).toContain("1M writes");
  });

  it("a plan gives the time at the budget, or says how to get one", () => {
    const plan = counts({ write: 3000, list: 3 });
    expect(planLines(plan, { limit: 1000, windowMs: 60_000, source: "--rate 1000/1m" }).join("\n")).toContain(
      "Time at the budget of 1000 requests per 1 min (from --rate 1000/1m): at least 3m 00s for 3,003 requests.",
    );
    expect(planLines(plan, undefined).join("\n")).toContain("pass --rate N/WINDOW");
  });
});
