import type { IncomingMessage, ServerResponse } from "node:http";
import { createKvProxy, type KvProxyHandler } from "@telnyx-kv/client-node";
import { type Emulator, type EmulatorFaults, startEmulator } from "@telnyx-kv/emulator";

/** The key the same-origin proxy adds; browser code never sees it. */
export const PROXY_API_KEY = "proxy-server-key-0123456789";
/** Where the proxy is mounted on the Vite test server. */
export const PROXY_MOUNT = "/kv";

interface TestServers {
  emulator: Emulator;
  proxy: KvProxyHandler;
}

// One emulator per test run, shared by the global setup, the proxy middleware and the browser commands.
// They run in Vitest's main process but load this module separately (config vs. global setup), so the
// shared state lives on globalThis.
const shared = globalThis as { __telnyxKvTestServers?: Promise<TestServers> | undefined };

/** Starts the emulator (localhost origins allowed for CORS) and the proxy in front of it, once. */
export function testServers(): Promise<TestServers> {
  shared.__telnyxKvTestServers ??= startEmulator({ host: "127.0.0.1", port: 0 }).then((emulator) => ({
    emulator,
    proxy: createKvProxy({
      apiKey: PROXY_API_KEY,
      baseUrl: emulator.url,
      mountPath: PROXY_MOUNT,
      allow: { namespaces: "*", methods: ["GET", "PUT", "DELETE", "POST"], manageNamespaces: true },
      // The test page is this run's only caller, served same-origin by Vite on 127.0.0.1: it may go on.
      authorize: (request) => new URL(request.url).hostname === "127.0.0.1",
    }),
  }));
  return shared.__telnyxKvTestServers;
}

/** Closes what {@link testServers} started. */
export async function closeTestServers(): Promise<void> {
  const started = shared.__telnyxKvTestServers;
  shared.__telnyxKvTestServers = undefined;
  if (started) await (await started).emulator.close();
}

/** Connect-style middleware that hands `/kv/…` to the proxy, so the page reaches it same-origin. */
export function proxyMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (!req.url?.startsWith(`${PROXY_MOUNT}/`)) {
    next();
    return;
  }
  testServers().then(
    ({ proxy }) => proxy.node(req, res),
    (error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    },
  );
}

/** Sets the emulator's faults from a browser test (a Vitest browser command). */
export async function setFaults(_context: unknown, faults: EmulatorFaults | undefined): Promise<void> {
  (await testServers()).emulator.setFaults(faults);
}
