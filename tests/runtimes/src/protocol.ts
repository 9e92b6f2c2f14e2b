import type { ConformanceResult } from "@telnyx-kv/conformance/cases";

/** The packages the matrix runs. */
export type MatrixPackage = "client-node" | "client-browser";

/** What the host hands each runtime: where the emulators are, and how to reach the faults control. */
export interface HarnessConfig {
  package: MatrixPackage;
  /** An emulator that accepts any token (one account each). */
  emulatorUrl: string;
  /** An emulator started with a fixed token list. */
  authUrl: string;
  /** Refused by the auth emulator. */
  refusedToken: string;
  /** `POST <controlUrl>/faults` with a JSON body sets the first emulator's faults (`null` clears them). */
  controlUrl: string;
}

/** The prefix of every line a runtime prints for the host; other output is only shown on failure. */
export const RESULT_PREFIX = "@@kv-matrix ";
/** The line a runtime prints after its last result, so the host knows the run was complete. */
export const END_LINE = "@@kv-matrix-end";

/** The prefix of the line that says which runtime (and version) actually ran the cases. */
export const RUNTIME_PREFIX = "@@kv-matrix-runtime ";

/** This runtime and its version, as it reports itself ("Node 18.20.8", "Bun 1.4.5", a user agent…). */
export function runtimeVersion(): string {
  const g = globalThis as {
    Bun?: { version: string };
    Deno?: { version: { deno: string } };
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
  };
  if (g.Bun) return `Bun ${g.Bun.version}`;
  if (g.Deno) return `Deno ${g.Deno.version.deno}`;
  if (g.process?.versions?.node) return `Node ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? "unknown";
}

/** The line for one result. */
export function resultLine(result: ConformanceResult): string {
  return `${RESULT_PREFIX}${JSON.stringify(result)}`;
}

/** The results in a runtime's output, the runtime it named, and whether it got to the end. */
export function parseOutput(output: string): {
  results: ConformanceResult[];
  runtime: string | undefined;
  complete: boolean;
} {
  const results: ConformanceResult[] = [];
  let complete = false;
  let runtime: string | undefined;
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === END_LINE) complete = true;
    else if (line.startsWith(RUNTIME_PREFIX)) runtime = line.slice(RUNTIME_PREFIX.length).trim();
    else if (line.startsWith(RESULT_PREFIX)) results.push(JSON.parse(line.slice(RESULT_PREFIX.length)));
  }
  return { results, runtime, complete };
}
