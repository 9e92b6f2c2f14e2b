// Smoke test of the built package through `import`: node smoke/smoke.mjs (any Node >= 18).
import { createRequire } from "node:module";
import * as kv from "@telnyx-kv/client-node";
import * as emulator from "@telnyx-kv/emulator";

const { run } = createRequire(import.meta.url)("./scenario.cjs");
try {
  await run(kv, emulator, "import");
} catch (error) {
  console.error(error);
  process.exit(1);
}
