// Runs the emulator on its own thread, so its request handling does not compete with the measured
// client for one event loop (a real server never shares the client's process).
import { parentPort } from "node:worker_threads";
import { startEmulator } from "@telnyx-kv/emulator";

const emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
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
