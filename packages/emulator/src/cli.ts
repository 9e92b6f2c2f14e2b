import { helpText, parseCli } from "./cli-args.js";
import { startEmulator } from "./server.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./version.js";

/** Runs the emulator from the command line until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const request = parseCli(process.argv.slice(2), process.cwd());
  if (request.kind === "help") {
    process.stdout.write(helpText(PACKAGE_NAME, PACKAGE_VERSION));
    return;
  }
  if (request.kind === "error") {
    process.stderr.write(
      `telnyx-kv-emulator: ${request.message}\nRun telnyx-kv-emulator --help for the flags.\n`,
    );
    process.exitCode = 2;
    return;
  }
  const options = request.options;
  if (options.logger === undefined) options.logger = (line) => process.stdout.write(`${line}\n`);
  const emulator = await startEmulator(options);
  const where = options.store === "sqlite" ? `SQLite in ${options.dataDir}` : "memory";
  process.stdout.write(`Telnyx KV emulator listening on ${emulator.url} (${where})\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`telnyx-kv-emulator: ${message}\n`);
  process.exitCode = 1;
});
