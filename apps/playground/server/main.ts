// The README's main command ends here: emulator (or the real API), scenarios, proxy and web UI in one process.
import { startPlayground } from "./playground.js";

function portFromEnv(): number {
  const raw = process.env.PORT?.trim();
  if (!raw) return 5178;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535 (got ${JSON.stringify(raw)}).`);
  }
  return port;
}

async function main(): Promise<void> {
  const realApi = Boolean(process.env.TELNYX_API_KEY?.trim());
  if (realApi) {
    console.log(
      "\n  !! TELNYX_API_KEY is set: the playground talks to the REAL Telnyx API.\n" +
        "  !! Namespaces and keys you create, change or delete are real (unset it for the local emulator).\n",
    );
  }
  const playground = await startPlayground({
    port: portFromEnv(),
    scenarios: process.env.PLAYGROUND_SKIP_SCENARIOS !== "1",
    ...(process.env.PLAYGROUND_DATA_DIR ? { dataDir: process.env.PLAYGROUND_DATA_DIR } : {}),
  });
  const { backend } = playground;
  if (playground.scenarios?.some((row) => !row.ok)) {
    console.log("Some scenarios FAILED (see the table above); the web UI starts anyway so you can look.\n");
  }
  console.log(
    backend.mode === "telnyx"
      ? `KV backend: the REAL Telnyx API at ${backend.baseUrl}`
      : `KV backend: local emulator at ${backend.baseUrl}, data in ${backend.dataDir}`,
  );
  console.log(`\n  Telnyx KV playground: ${playground.url}\n\n  Press Ctrl-C to stop.\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now": the database is still consistent (every write was committed).
      console.log("Forced exit.");
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the web server and the emulator…`);
    playground.close().then(
      () => {
        console.log("Stopped. Data is kept for the next start.");
        // Everything is closed, so node exits by itself; this only covers a stray handle of a dependency.
        setTimeout(() => process.exit(), 2000).unref();
      },
      (error: unknown) => {
        console.error("Stopping failed:", error);
        process.exitCode = 1;
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
