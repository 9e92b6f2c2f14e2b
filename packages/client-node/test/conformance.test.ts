import type { IncomingMessage, ServerResponse } from "node:http";
import {
  authConformance,
  type ConformanceClientOptions,
  defineClientConformance,
} from "@telnyx-kv/conformance";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe } from "vitest";
import { createKvClient, createKvProxy, type KvNodeClient, type KvNodeHandler } from "../src/index.js";
import { listen, type TestServer } from "./proxy-fixtures.js";

// Every client made for the suite, closed at the end so no keep-alive pool outlives the file.
const clients: KvNodeClient[] = [];
function track(client: KvNodeClient): KvNodeClient {
  clients.push(client);
  return client;
}
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
});

/**
 * One node:http server in front of the emulator with a proxy per account: the suite gives every test a
 * token of its own, and the proxy holds the key server-side, so each token gets its own mount path.
 */
async function startProxyFront(emulator: () => Emulator): Promise<{
  server: TestServer;
  clientFor(options: ConformanceClientOptions): KvNodeClient;
}> {
  const mounts = new Map<string, KvNodeHandler>();
  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    const mount = /^\/(t[0-9]+)\//.exec(req.url ?? "")?.[1];
    const handler = mount ? mounts.get(mount) : undefined;
    if (handler) return handler(req, res);
    res.writeHead(404).end();
  });
  return {
    server,
    clientFor({ apiKey, ...options }) {
      const mount = `t${mounts.size}`;
      const proxy = createKvProxy({
        apiKey,
        baseUrl: emulator().url,
        mountPath: `/${mount}`,
        allow: { namespaces: "*", methods: ["GET", "PUT", "DELETE", "POST"], manageNamespaces: true },
        // The suite's callers are the test itself: every one may go on.
        authorize: () => true,
      });
      mounts.set(mount, proxy.node);
      // The browser side holds no key: the proxy adds it.
      return track(createKvClient({ baseUrl: `${server.origin}/${mount}`, env: {}, ...options }));
    },
  };
}

describe("@telnyx-kv/client-node against the emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => emulator.close());

  defineClientConformance({
    name: "client-node",
    createClient: (options) => track(createKvClient({ baseUrl: emulator.url, env: {}, ...options })),
    setFaults: (faults) => emulator.setFaults(faults),
  });
});

describe("@telnyx-kv/client-node with a fixed token list", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ tokens: ["the-only-token"] });
  });
  afterAll(() => emulator.close());

  authConformance({
    name: "client-node (tokens)",
    createClient: (options) => track(createKvClient({ baseUrl: emulator.url, env: {}, ...options })),
    refusedToken: "refused-token-0123456789",
  });
});

describe("@telnyx-kv/client-node through the node:http proxy", () => {
  let emulator: Emulator;
  let front: Awaited<ReturnType<typeof startProxyFront>>;
  beforeAll(async () => {
    emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
    front = await startProxyFront(() => emulator);
  });
  afterAll(async () => {
    await front.server.close();
    await emulator.close();
  });

  defineClientConformance({
    name: "client-node via proxy",
    createClient: (options) => front.clientFor(options),
    setFaults: (faults) => emulator.setFaults(faults),
  });
});

describe("@telnyx-kv/client-node through the proxy, with a fixed token list", () => {
  let emulator: Emulator;
  let front: Awaited<ReturnType<typeof startProxyFront>>;
  beforeAll(async () => {
    emulator = await startEmulator({ tokens: ["the-only-token"] });
    front = await startProxyFront(() => emulator);
  });
  afterAll(async () => {
    await front.server.close();
    await emulator.close();
  });

  // The refused key is the proxy's: the API's 401 passes through and the browser never knew the key.
  authConformance({
    name: "client-node via proxy (tokens)",
    createClient: (options) => front.clientFor(options),
    refusedToken: "refused-token-0123456789",
  });
});
