import { CommanderError } from "commander";
import { EXIT, reportError } from "./exit.js";
import { boundMemory } from "./memory-bound.js";
import { buildProgram } from "./program.js";

// Commander's help and version "errors" are successes; its own usage errors (unknown flag, missing or bad
// argument, no command) were printed already and end with the usage status; the rest is one redacted line.
// A reader that went away (`telnyx-kv export … | head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(EXIT.ok);
  throw error;
});

boundMemory();
try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander ends explicit help and --version with 0, help shown for a missing command with 1.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    reportError(error);
  }
}
