// The one-file harness for server runtimes (Node 18-24, Bun, Deno): runs one package's cases against the
// host's emulators and prints one line per result. The packages are imported as users get them (built,
// through the runtime's own module resolution), never bundled into this file.
import process from "node:process";
import {
  authCases,
  type ConformanceClientOptions,
  type ConformanceResult,
  clientCases,
  runConformance,
} from "@telnyx-kv/conformance/cases";
import { nodeOnlyCases } from "./node-cases.js";
import { END_LINE, type HarnessConfig, RUNTIME_PREFIX, resultLine, runtimeVersion } from "./protocol.js";
import { remoteFaults } from "./remote-faults.js";
import { runBrowserPackage } from "./run-browser-package.js";

const print = (result: ConformanceResult) => console.log(resultLine(result));

async function runClientNode(config: HarnessConfig): Promise<void> {
  const node = await import("@telnyx-kv/client-node");
  const clients: Array<{ close(): Promise<void> }> = [];
  const track = <T extends { close(): Promise<void> }>(client: T): T => {
    clients.push(client);
    return client;
  };
  const target = {
    name: "client-node",
    createClient: (options: ConformanceClientOptions) =>
      track(node.createKvClient({ ...options, baseUrl: config.emulatorUrl, env: {} })),
    setFaults: remoteFaults(config.controlUrl),
  };
  await runConformance(clientCases, target, print);
  await runConformance(
    authCases,
    {
      name: "client-node (tokens)",
      createClient: (options) => track(node.createKvClient({ ...options, baseUrl: config.authUrl, env: {} })),
      refusedToken: config.refusedToken,
    },
    print,
  );
  // The extras make clients of their own (files, bindings and the proxy need one per case).
  await runConformance(nodeOnlyCases(node, config.emulatorUrl), target, print);
  await Promise.all(clients.map((client) => client.close()));
}

const config = JSON.parse(process.env.TELNYX_KV_MATRIX ?? "null") as HarnessConfig | null;
if (!config) throw new Error("Run by the matrix host (tests/runtimes), which sets TELNYX_KV_MATRIX.");
console.log(`${RUNTIME_PREFIX}${runtimeVersion()}`);
if (config.package === "client-node") await runClientNode(config);
else await runBrowserPackage((await import("@telnyx-kv/client-browser")).createKvClient, config, print);
console.log(END_LINE);
// Keep-alive sockets of some runtimes would hold the process open for seconds after the last case.
process.exit(0);
