// The vitest-free entry (`@telnyx-kv/conformance/cases`): the cases and their runner, for any runtime.
import type { ConformanceCase } from "./case.js";
import { authCases, errorCases, faultCases } from "./suite-errors.js";
import { keyCases } from "./suite-keys.js";
import { namespaceCases } from "./suite-namespaces.js";
import { abortCases, recoveryCases } from "./suite-resilience.js";
import { validationCases } from "./suite-validation.js";

export { ConformanceAssertionError, deepEqual, expect, matchesObject, show } from "./assert.js";
export {
  type ConformanceCase,
  type ConformanceNeed,
  caseTitle,
  group,
  missingNeeds,
  runCase,
} from "./case.js";
export { allBytes, collect, freshName, freshToken, readyNamespace } from "./fixtures.js";
export { type ConformanceResult, runConformance } from "./run.js";
export type { ConformanceClientOptions, ConformanceFaults, ConformanceTarget } from "./target.js";
export { authCases };

/** Every case a client must pass against an emulator that accepts any token, in the order they run. */
export const clientCases: readonly ConformanceCase[] = [
  ...namespaceCases,
  ...keyCases,
  ...errorCases,
  ...faultCases,
  ...abortCases,
  ...recoveryCases,
  ...validationCases,
];
