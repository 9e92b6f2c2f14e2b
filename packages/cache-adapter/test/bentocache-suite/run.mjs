// Runs bentocache's own driver test suite (`bentocache/test_suite`, a Japa suite) against our driver,
// from the built package, in a process of its own: Japa is its own test runner. Settings come in the
// environment (the emulator's URL, a token, a namespace id); the exit code is Japa's.
import { assert } from "@japa/assert";
import { configure, processCLIArgs, run } from "@japa/runner";

processCLIArgs(process.argv.slice(2));
configure({
  files: [new URL("./driver.spec.mjs", import.meta.url).pathname],
  plugins: [assert()],
  reporters: { activated: ["dot"] },
});
await run();
