// Runs the emulator (memory store) in its own process, so the bench measures client CPU alone.
// Prints the base URL on stdout once listening; stops on SIGTERM or when stdin closes.
import { startEmulator } from "@telnyx-kv/emulator";

const emulator = await startEmulator({ host: "127.0.0.1", port: 0, store: "memory" });
process.stdout.write(`${emulator.url}\n`);
const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
