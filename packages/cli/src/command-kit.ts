import { parseWholeNumber } from "@telnyx-kv/core/protocol";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type NamespaceRef, resolveNamespaceId } from "./namespace-ref.js";
import { type CliTarget, DEFAULT_LOCAL_DIR, openTarget, type TargetFlags } from "./target.js";

/** Adds the target flags every command takes (and `--binding` for commands that address a namespace). */
export function targetOptions(command: Command, options: { binding?: boolean } = {}): Command {
  command
    .addOption(
      new Option(
        "--local [DIR]",
        "work on the local SQLite store in DIR, no account needed (default: off)",
      ).preset(DEFAULT_LOCAL_DIR),
    )
    .addOption(
      new Option(
        "--base-url <URL>",
        "API root, with or without /v2 (default: https://api.telnyx.com/v2)",
      ).env("TELNYX_BASE_URL"),
    )
    .addOption(new Option("--api-key <KEY>", "Telnyx API key (default: none)").env("TELNYX_API_KEY"));
  if (options.binding !== false) {
    command.option(
      "--binding <NAME>",
      "the namespace of binding NAME in ./func.toml or ./telnyx.toml, instead of <ns> (default: none)",
    );
  }
  return command;
}

/** The target flags of a parsed command, with where the key and URL came from. */
export function targetFlagsOf(command: Command): TargetFlags {
  const opts = command.opts<{ local?: string | boolean; baseUrl?: string; apiKey?: string }>();
  return {
    ...(opts.local !== undefined ? { local: opts.local } : {}),
    ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.apiKey !== undefined ? { apiKey: opts.apiKey } : {}),
    baseUrlFromCli: command.getOptionValueSource("baseUrl") === "cli",
    apiKeyFromCli: command.getOptionValueSource("apiKey") === "cli",
  };
}

/** Opens the command's target, runs `work`, and always closes the target (and a local emulator). */
export async function withTarget<T>(
  command: Command,
  work: (target: CliTarget) => Promise<T>,
  options: { createLocal?: boolean } = {},
): Promise<T> {
  const target = await openTarget({ ...targetFlagsOf(command), ...options });
  try {
    return await work(target);
  } finally {
    await target.close();
  }
}

/** Resolves the namespace a command addresses (`<ns>` or `--binding`) on `target`. */
export function namespaceOf(command: Command, target: CliTarget, ns: string | undefined): Promise<string> {
  const ref: NamespaceRef = { ns, binding: command.opts<{ binding?: string }>().binding };
  return resolveNamespaceId(target.client, ref);
}

/**
 * With `--binding` the `<ns>` slot is free, so the positionals move one place to the left: returns the
 * namespace positional and the rest as the command means them.
 */
export function splitPositionals(
  command: Command,
  args: Array<string | undefined>,
): [string | undefined, string[]] {
  const present = args.filter((arg): arg is string => arg !== undefined);
  if (command.opts<{ binding?: string }>().binding !== undefined) return [undefined, present];
  return [present[0], present.slice(1)];
}

/** Option parser for a whole number from `min` to `max` (plain digits, read by core's one whole-number parser). */
export function integerOption(min: number, max = Number.MAX_SAFE_INTEGER): (raw: string) => number {
  return (raw) => {
    const value = parseWholeNumber(raw.trim());
    if (value === undefined || value < min || value > max) {
      throw new InvalidArgumentError(
        `Use a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}.`,
      );
    }
    return value;
  };
}
