import type { ConformanceTarget } from "./target.js";

/** What a case needs of its target; a target without it lists the case as not applicable. */
export type ConformanceNeed =
  /** `setFaults`: the emulator's faults can be changed from the test. */
  | "faults"
  /** Every token is an account of its own (not one shared account behind a proxy). */
  | "own-accounts"
  /** The client sends the `apiKey` it is given (not a token provider or a proxy). */
  | "api-key"
  /** An emulator started with a fixed token list, and a token it refuses. */
  | "refused-token";

/** One conformance case: a plain named async function, run by Vitest or by the one-file runtime harness. */
export interface ConformanceCase {
  /** The group it is shown under ("keys", "errors", …). */
  group: string;
  /** What it proves, unique within its group. */
  name: string;
  /** What the target must offer. @default [] */
  needs: readonly ConformanceNeed[];
  /** Runs the case against a target; throws when the client does not conform. */
  run(target: ConformanceTarget): Promise<void>;
}

/** `group › name`, how a case is named in every report. */
export function caseTitle(entry: ConformanceCase): string {
  return `${entry.group} › ${entry.name}`;
}

/** A case body, or one with needs of its own beyond its group's. */
type CaseEntry = ConformanceCase["run"] | { needs: readonly ConformanceNeed[]; run: ConformanceCase["run"] };

/** Builds the cases of one group from named async functions; `needs` applies to every one of them. */
export function group(
  name: string,
  cases: Record<string, CaseEntry>,
  needs: readonly ConformanceNeed[] = [],
): ConformanceCase[] {
  return Object.entries(cases).map(([title, entry]) =>
    typeof entry === "function"
      ? { group: name, name: title, needs, run: entry }
      : { group: name, name: title, needs: [...needs, ...entry.needs], run: entry.run },
  );
}

/** What `target` lacks for `entry`; empty when the case applies. */
export function missingNeeds(entry: ConformanceCase, target: ConformanceTarget): ConformanceNeed[] {
  const has: Record<ConformanceNeed, boolean> = {
    faults: target.setFaults !== undefined,
    "own-accounts": target.sharedAccount !== true,
    "api-key": target.usesApiKey !== false,
    "refused-token": target.refusedToken !== undefined,
  };
  return entry.needs.filter((need) => !has[need]);
}

/** Runs one case; a case that changed the emulator's faults leaves them cleared, pass or fail. */
export async function runCase(entry: ConformanceCase, target: ConformanceTarget): Promise<void> {
  try {
    await entry.run(target);
  } finally {
    if (entry.needs.includes("faults")) await target.setFaults?.(undefined);
  }
}
