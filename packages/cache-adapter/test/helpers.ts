/** Emulator plumbing shared by the adapter tests: one server per file, one namespace per test. */
import { randomUUID } from "node:crypto";
import { createKvClient, type KvClient, type KvNamespaceClient } from "@telnyx-kv/core";
import { type Emulator, type EmulatorOptions, startEmulator } from "@telnyx-kv/emulator";

/** A running emulator with a client of one fresh account. */
export interface TestKv {
  emulator: Emulator;
  client: KvClient;
  /** The token of the test's account (a fresh one per emulator), for clients made elsewhere (a second process). */
  apiKey: string;
  /** Creates a namespace, waits until it is ready, and returns its key client. */
  namespace(): Promise<KvNamespaceClient>;
  /** Requests the emulator recorded for one namespace (needs `recordRequests`). */
  requestsOf(namespaceId: string): Emulator["requests"];
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1, port 0. */
export async function startTestKv(options: EmulatorOptions = {}): Promise<TestKv> {
  const emulator = await startEmulator({ host: "127.0.0.1", port: 0, ...options });
  const apiKey = `tok-${randomUUID()}`;
  const client = createKvClient({
    apiKey,
    baseUrl: emulator.url,
    retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 50 },
  });
  return {
    emulator,
    client,
    apiKey,
    async namespace() {
      const created = await client.namespaces.create(`cache-${randomUUID().slice(0, 8)}`);
      await client.namespaces.waitUntilReady(created.id, { intervalMs: 5 });
      return client.namespace(created.id);
    },
    requestsOf(namespaceId) {
      // By path too: the emulator answers a refused `ttl_secs` before it records the namespace.
      return emulator.requests.filter(
        (request) => request.namespaceId === namespaceId || request.path.includes(namespaceId),
      );
    },
    close: () => emulator.close(),
  };
}

/** A settable fake clock, in ms since the epoch. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}

/** Every key stored in a namespace, straight from the API. */
export async function storedKeys(ns: KvNamespaceClient, prefix = ""): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of ns.list({ prefix })) keys.push(info.key);
  return keys;
}
