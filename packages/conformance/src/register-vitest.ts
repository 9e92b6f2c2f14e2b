import { describe, it } from "vitest";
import { type ConformanceCase, missingNeeds, runCase } from "./case.js";
import type { ConformanceTarget } from "./target.js";

/**
 * Registers cases as Vitest tests, one `describe` per group. A case the target cannot do (a token-mode
 * client has no API key, a proxy shares one account) is listed by name as skipped, with what it needs,
 * never dropped silently; the runtime matrix runs every case on a target that can.
 */
export function registerCases(cases: readonly ConformanceCase[], target: ConformanceTarget): void {
  const groups = new Map<string, ConformanceCase[]>();
  for (const entry of cases) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  for (const [name, entries] of groups) {
    describe(name, () => {
      for (const entry of entries) {
        const missing = missingNeeds(entry, target);
        if (missing.length === 0) it(entry.name, () => runCase(entry, target));
        else it.skip(`${entry.name} (not applicable here: needs ${missing.join(", ")})`, () => {});
      }
    });
  }
}
