import type { KvAttemptHooks } from "@telnyx-kv/client-node";
import { readRateLimitHeaders } from "@telnyx-kv/core/protocol";
import type { BudgetTracker } from "./budget.js";

/**
 * A client hook (core's attempt seam) that feeds the `x-ratelimit-*` budget of every answer to `budget`,
 * for the progress ETA and the dry-run plans. Answers without the headers are skipped.
 */
export function budgetHook(budget: BudgetTracker): KvAttemptHooks {
  return {
    afterAttempt(_info, outcome) {
      const reading = outcome.response && readRateLimitHeaders(outcome.response.headers);
      if (reading) budget.add(reading);
    },
  };
}
