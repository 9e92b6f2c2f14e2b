import { createKvClient, type KvNodeClient } from "@telnyx-kv/client-node";
import { bindingScenarios } from "./bindings.js";
import { bulkScenarios } from "./bulk.js";
import { cacheScenarios } from "./cache.js";
import { clientScenarios } from "./client.js";
import { sessionScenarios } from "./session.js";
import type { Scenario, ScenarioContext, ScenarioResult } from "./types.js";

/** Name of the namespace the scenarios use; it is kept, so the web UI shows it with the demo keys. */
export const SCENARIO_NAMESPACE = "playground-scenarios";

/** Every scenario, in the order the table lists them. */
export const scenarios: Scenario[] = [
  ...clientScenarios,
  ...bindingScenarios,
  ...bulkScenarios,
  ...cacheScenarios,
  ...sessionScenarios,
];

/** Options of {@link runScenarios}. */
export interface RunScenariosOptions {
  /** API root with `/v2` (the emulator's or the real API's). */
  baseUrl: string;
  apiKey: string;
  funcToml: string;
  /** Where progress bars are drawn. @default process.stdout */
  out?: NodeJS.WriteStream;
}

/** Finds the scenarios' namespace by name or creates it, then waits until it is ready. */
async function scenarioNamespace(client: KvNodeClient): Promise<string> {
  let id: string | undefined;
  for await (const ns of client.namespaces.list()) {
    if (ns.name === SCENARIO_NAMESPACE && ns.status !== "deleting") id = ns.id;
  }
  id ??= (await client.namespaces.create(SCENARIO_NAMESPACE)).id;
  await client.namespaces.waitUntilReady(id, { intervalMs: 200 });
  return id;
}

/** Runs every scenario against one server; a failure is a row, never an exception. */
export async function runScenarios(options: RunScenariosOptions): Promise<ScenarioResult[]> {
  const client = createKvClient({ apiKey: options.apiKey, baseUrl: options.baseUrl });
  const results: ScenarioResult[] = [];
  try {
    const started = performance.now();
    let id: string;
    try {
      id = await scenarioNamespace(client);
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      return [{ name: `namespace ${SCENARIO_NAMESPACE}`, ok: false, ms, detail: describe(error) }];
    }
    const ctx: ScenarioContext = {
      client,
      ns: client.namespace(id),
      funcToml: options.funcToml,
      out: options.out ?? process.stdout,
    };
    for (const scenario of scenarios) {
      const t0 = performance.now();
      try {
        const detail = await scenario.run(ctx);
        results.push({ name: scenario.name, ok: true, ms: Math.round(performance.now() - t0), detail });
      } catch (error) {
        results.push({
          name: scenario.name,
          ok: false,
          ms: Math.round(performance.now() - t0),
          detail: describe(error),
        });
      }
    }
    return results;
  } finally {
    await client.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
