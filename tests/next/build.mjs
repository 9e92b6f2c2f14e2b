// `next build` of the e2e app (run once by turbo's `build` task; the tests start what it built).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const site = fileURLToPath(new URL("./site", import.meta.url));
const result = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build", site], {
  stdio: "inherit",
  // No telemetry, and no KV at build time: the handlers log that they are unconfigured and cache nothing.
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TELNYX_API_KEY: "", KV_NEXT_CACHE_ID: "" },
});
process.exit(result.status ?? 1);
