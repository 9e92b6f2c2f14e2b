import { definePackageBuild } from "../../tsup.shared";

export default definePackageBuild({
  dir: process.cwd(),
  entry: { index: "src/index.ts", protocol: "src/protocol/index.ts", transport: "src/transport-entry.ts" },
  // ky publishes ESM only; bundling it into the CJS build keeps `require("@telnyx-kv/core")` working on Node 18.
  bundleIntoCjs: ["ky"],
  platform: "neutral",
});
