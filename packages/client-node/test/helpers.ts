import { type Emulator, type EmulatorOptions, startEmulator } from "@telnyx-kv/emulator";
import { createKvClient, type KvNodeClient, type KvNodeClientOptions } from "../src/index.js";

/** The API key tests use; any non-empty token is an account on the emulator. */
export const TEST_API_KEY = "KEYtest0123456789secret";

/** A started emulator plus a client on it and a ready namespace; `close()` stops both. */
export interface TestRig {
  emulator: Emulator;
  client: KvNodeClient;
  namespaceId: string;
  close(): Promise<void>;
}

let counter = 0;

/** Starts an emulator on 127.0.0.1:0, a client on it (retries fast), and creates a ready namespace. */
export async function startRig(
  options: { emulator?: EmulatorOptions; client?: KvNodeClientOptions } = {},
): Promise<TestRig> {
  const emulator = await startEmulator({ host: "127.0.0.1", port: 0, ...options.emulator });
  const client = createKvClient({
    apiKey: TEST_API_KEY,
    baseUrl: emulator.url,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    env: {},
    ...options.client,
  });
  const created = await client.namespaces.create(`rig-${process.pid}-${++counter}`);
  await client.namespaces.waitUntilReady(created.id, { intervalMs: 5 });
  return {
    emulator,
    client,
    namespaceId: created.id,
    async close() {
      await client.close();
      await emulator.close();
    },
  };
}
