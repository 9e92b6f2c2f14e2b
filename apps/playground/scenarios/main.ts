// `pnpm --filter playground scenarios`: runs the Node scenarios on their own and exits non-zero if any
// row fails. Without TELNYX_API_KEY they run against a throwaway in-memory emulator.
import { KV_DEFAULT_BASE_URL, normalizeBaseUrl } from "@telnyx-kv/client-node";
import { startEmulator } from "@telnyx-kv/emulator";
import { LOCAL_TOKEN } from "../server/backend.js";
import { funcTomlPath } from "../server/paths.js";
import { formatTable } from "./report.js";
import { runScenarios } from "./run.js";

async function main(): Promise<number> {
  const apiKey = process.env.TELNYX_API_KEY?.trim();
  const emulator = apiKey ? undefined : await startEmulator({ store: "memory", tokens: [LOCAL_TOKEN] });
  const baseUrl =
    emulator?.url ?? normalizeBaseUrl(process.env.TELNYX_BASE_URL?.trim() || KV_DEFAULT_BASE_URL);
  console.log(
    emulator
      ? `Scenarios against a local in-memory emulator at ${baseUrl}\n`
      : `TELNYX_API_KEY is set: scenarios run against the REAL Telnyx API at ${baseUrl}\n`,
  );
  try {
    const results = await runScenarios({ baseUrl, apiKey: apiKey ?? LOCAL_TOKEN, funcToml: funcTomlPath() });
    console.log(`\n${formatTable(results)}`);
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    await emulator?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
