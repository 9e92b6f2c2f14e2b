/** The fact checks behind `telnyx-kv doctor`: each settles one row of docs/API-FACTS.md against a live target. */
export type { KvFactCheck, KvFactContext, KvFactOutcome, KvFactPhase, KvFactStep } from "./check.js";
export { KV_FACT_CHECKS, KV_FACTS_DEFAULT_BUDGET, plannedRequests, runFactChecks } from "./run.js";
export { baseUrlProblem } from "./setup.js";
export type {
  KvFactKind,
  KvFactRow,
  KvFactSection,
  KvFactStatus,
  KvFactsOptions,
  KvFactsReport,
} from "./types.js";
