// `pnpm --filter playground scenarios`: runs the Node scenarios on their own and exits non-zero if any
// row fails. Without TELNYX_API_KEY they run against a throwaway in-memory emulator.
import { startBackend } from "../server/backend.js";
import { funcTomlPath } from "../server/paths.js";
import { formatTable } from "./report.js";
import { runScenarios } from "./run.js";

async function main(): Promise<number> {
  const backend = await startBackend({ env: process.env, store: "memory" });
  console.log(
    backend.mode === "emulator"
      ? `Scenarios against a local in-memory emulator at ${backend.baseUrl}\n`
      : `TELNYX_API_KEY is set: scenarios run against the REAL Telnyx API at ${backend.baseUrl}\n`,
  );
  try {
    const results = await runScenarios({
      baseUrl: backend.baseUrl,
      apiKey: backend.apiKey,
      funcToml: funcTomlPath(),
    });
    console.log(`\n${formatTable(results)}`);
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    await backend.close();
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
