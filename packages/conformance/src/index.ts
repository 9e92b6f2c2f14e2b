import { authConformance, errorConformance } from "./suite-errors.js";
import { keyConformance } from "./suite-keys.js";
import { namespaceConformance } from "./suite-namespaces.js";
import { resilienceConformance } from "./suite-resilience.js";
import { validationConformance } from "./suite-validation.js";
import type { ConformanceTarget } from "./target.js";

export type { ConformanceClientOptions, ConformanceFaults, ConformanceTarget } from "./target.js";
export { authConformance };

/** Registers the whole client conformance suite for one client (call inside a vitest test file). */
export function defineClientConformance(target: ConformanceTarget): void {
  namespaceConformance(target);
  keyConformance(target);
  errorConformance(target);
  resilienceConformance(target);
  validationConformance(target);
}
