import { Command } from "commander";
import { registerCopy } from "./commands/copy.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerExport } from "./commands/export.js";
import { registerImport } from "./commands/import.js";
import { registerKey } from "./commands/key.js";
import { registerNamespace } from "./commands/namespace.js";
import { addExamples } from "./help-examples.js";
import { PACKAGE_VERSION } from "./version.js";

/** Adds one top-level command (or group) to the program. */
export type CommandRegistration = (program: Command) => void;

/** Every command of `telnyx-kv`, in the order `--help` lists them: add a new command here. */
export const COMMANDS: CommandRegistration[] = [
  registerNamespace,
  registerKey,
  registerExport,
  registerImport,
  registerCopy,
  registerDoctor,
];

/** Builds the `telnyx-kv` program; errors surface as thrown `CommanderError`s (see bin.ts) instead of exits. */
export function buildProgram(): Command {
  const program = new Command("telnyx-kv")
    .description(
      "Data work on Telnyx KV: inspect, put and get keys, bulk import and export, back up and copy, against the API (TELNYX_API_KEY) or a local store (--local).",
    )
    .version(PACKAGE_VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .showHelpAfterError("(add --help to see every flag)")
    // Set before the commands are added: subcommands inherit both.
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`telnyx-kv: ${text.replace(/^error: /, "")}`),
    });
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: false });
  for (const register of COMMANDS) register(program);
  addExamples(program);
  program.addHelpText(
    "after",
    "\nExit status: 0 success, 1 an operation failed, 2 bad usage or not found, 3 an import skipped invalid entries (--skip-invalid).\nEvery command takes --local [DIR], --base-url URL and --api-key KEY; see telnyx-kv <command> --help.",
  );
  return program;
}
