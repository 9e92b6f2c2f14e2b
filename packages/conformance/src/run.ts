import { type ConformanceCase, caseTitle, missingNeeds, runCase } from "./case.js";
import type { ConformanceTarget } from "./target.js";

/** How one case ended on one target. */
export type ConformanceResult =
  | { title: string; status: "passed"; ms: number }
  | { title: string; status: "failed"; ms: number; error: string }
  | { title: string; status: "not applicable"; reason: string };

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Runs cases one after another (they share the emulator's faults) and reports each by name: a case the
 * target cannot do is reported as not applicable, with what it lacks, never dropped.
 */
export async function runConformance(
  cases: readonly ConformanceCase[],
  target: ConformanceTarget,
  onResult: (result: ConformanceResult) => void = () => {},
): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const entry of cases) {
    const title = caseTitle(entry);
    const missing = missingNeeds(entry, target);
    let result: ConformanceResult;
    if (missing.length > 0) {
      result = { title, status: "not applicable", reason: `needs ${missing.join(", ")}` };
    } else {
      const started = Date.now();
      try {
        await runCase(entry, target);
        result = { title, status: "passed", ms: Date.now() - started };
      } catch (error) {
        result = { title, status: "failed", ms: Date.now() - started, error: describeError(error) };
      }
    }
    results.push(result);
    onResult(result);
  }
  return results;
}
