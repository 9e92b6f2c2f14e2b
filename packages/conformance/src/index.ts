// The Vitest entry: registers the cases into a test file. Runtimes without Vitest import `./cases`.
import { authCases, clientCases } from "./cases.js";
import { registerCases } from "./register-vitest.js";
import type { ConformanceTarget } from "./target.js";

export * from "./cases.js";
export { registerCases };

/** Registers the whole client conformance suite for one client (call inside a vitest test file). */
export function defineClientConformance(target: ConformanceTarget): void {
  registerCases(clientCases, target);
}

/** Registers the authentication cases (call against an emulator started with a fixed token list). */
export function authConformance(target: ConformanceTarget): void {
  registerCases(authCases, target);
}
