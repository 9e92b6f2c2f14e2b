import type { KvNodeClient, KvNodeNamespaceClient } from "@telnyx-kv/client-node";

/** What every scenario gets: one client and one ready namespace on the same server as the web UI. */
export interface ScenarioContext {
  client: KvNodeClient;
  /** The scenarios' namespace; each scenario keeps to its own key prefix and cleans it up. */
  ns: KvNodeNamespaceClient;
  /** The sample func.toml of the binding scenario. */
  funcToml: string;
  /** Where progress bars are drawn. */
  out: NodeJS.WriteStream;
}

/** One row of the table: a name and a check that throws on failure and returns what it showed. */
export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<string>;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  name: string;
  ok: boolean;
  ms: number;
  /** What passed, or why it failed. */
  detail: string;
}

/** Throws a scenario failure unless `actual` deep-equals `expected` (compared as JSON). */
export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
