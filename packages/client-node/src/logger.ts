import type { KvLogger } from "@telnyx-kv/core";

/** The logger `TELNYX_KV_LOG=debug` turns on: one line per attempt on stderr (core never passes headers). */
export function createConsoleLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
): KvLogger {
  return {
    debug(message, fields) {
      write(`[telnyx-kv] ${message} ${JSON.stringify(fields)}\n`);
    },
  };
}

/** The logger to use: the option when given, else a console logger when `TELNYX_KV_LOG` is `debug`. */
export function resolveLogger(
  option: KvLogger | false | undefined,
  env: Record<string, string | undefined>,
): KvLogger | undefined {
  if (option === false) return undefined;
  if (option) return option;
  return env.TELNYX_KV_LOG?.trim().toLowerCase() === "debug" ? createConsoleLogger() : undefined;
}
