// The harness inside workerd (the Workers runtime, through Miniflare): one request runs client-browser's
// cases and answers with their results, one line each, as the server runtimes print them.
import { createKvClient } from "@telnyx-kv/client-browser";
import type { ConformanceResult } from "@telnyx-kv/conformance/cases";
import { END_LINE, type HarnessConfig, RUNTIME_PREFIX, resultLine, runtimeVersion } from "./protocol.js";
import { runBrowserPackage } from "./run-browser-package.js";

export default {
  async fetch(_request: Request, env: { MATRIX_CONFIG: string }): Promise<Response> {
    const config = JSON.parse(env.MATRIX_CONFIG) as HarnessConfig;
    const lines: string[] = [`${RUNTIME_PREFIX}${runtimeVersion()}`];
    await runBrowserPackage(createKvClient, config, (result: ConformanceResult) =>
      lines.push(resultLine(result)),
    );
    lines.push(END_LINE);
    return new Response(`${lines.join("\n")}\n`);
  },
};
