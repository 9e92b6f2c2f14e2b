// The harness inside Chromium: the host loads this into a page and calls `kvMatrix(config)`.
import { createKvClient } from "@telnyx-kv/client-browser";
import type { ConformanceResult } from "@telnyx-kv/conformance/cases";
import { type HarnessConfig, runtimeVersion } from "./protocol.js";
import { runBrowserPackage } from "./run-browser-package.js";

declare global {
  var kvMatrix: (config: HarnessConfig) => Promise<{ runtime: string; results: ConformanceResult[] }>;
}

globalThis.kvMatrix = async (config) => ({
  runtime: runtimeVersion(),
  results: await runBrowserPackage(createKvClient, config, () => {}),
});
