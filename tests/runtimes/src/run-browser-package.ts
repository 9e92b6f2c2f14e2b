import type { createKvClient } from "@telnyx-kv/client-browser";
import { authCases, type ConformanceResult, clientCases, runConformance } from "@telnyx-kv/conformance/cases";
import type { HarnessConfig } from "./protocol.js";
import { remoteFaults } from "./remote-faults.js";

/**
 * client-browser's run, the same in Node, Bun, Deno, workerd and Chromium: the whole client suite with an
 * API key (faults through the host), then the refused-token case against the token-list emulator.
 */
export async function runBrowserPackage(
  create: typeof createKvClient,
  config: HarnessConfig,
  onResult: (result: ConformanceResult) => void,
): Promise<ConformanceResult[]> {
  const main = await runConformance(
    clientCases,
    {
      name: "client-browser",
      createClient: (options) =>
        create({ ...options, baseUrl: config.emulatorUrl, dangerouslyAllowApiKeyInBrowser: true }),
      setFaults: remoteFaults(config.controlUrl),
    },
    onResult,
  );
  const auth = await runConformance(
    authCases,
    {
      name: "client-browser (tokens)",
      createClient: (options) =>
        create({ ...options, baseUrl: config.authUrl, dangerouslyAllowApiKeyInBrowser: true }),
      refusedToken: config.refusedToken,
    },
    onResult,
  );
  return [...main, ...auth];
}
