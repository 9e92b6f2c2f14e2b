// Smoke test of the built package through `require`: node smoke/smoke.cjs (any Node >= 18).
"use strict";
const kv = require("@telnyx-kv/client-node");
const emulator = require("@telnyx-kv/emulator");
const { run } = require("./scenario.cjs");

run(kv, emulator, "require").catch((error) => {
  console.error(error);
  process.exit(1);
});
