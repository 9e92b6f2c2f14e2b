// Runs the emulator on its own thread, so its answers do not wait on the bench's own work (the sequential
// loop's client runs in the main thread; the bin runs in its own process). `workerData` may choose the store.
import { parentPort, workerData } from "node:worker_threads";
import { startEmulator } from "@telnyx-kv/emulator";

const store =
  workerData?.store === "sqlite" ? { store: "sqlite", dataDir: workerData.dataDir } : { store: "memory" };
const emulator = await startEmulator({ host: "127.0.0.1", port: 0, ...store });
parentPort.on("message", async (message) => {
  if (message.type === "faults") {
    emulator.setFaults(message.faults);
    parentPort.postMessage({ type: "faults-set" });
  } else if (message.type === "close") {
    await emulator.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: "ready", url: emulator.url });
