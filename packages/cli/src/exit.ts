import { KvConfigError, KvHttpError, KvValidationError } from "@telnyx-kv/client-node";
import { apiErrorLine, inCliWords } from "./cli-words.js";
import { redact } from "./secrets.js";

/**
 * Exit statuses of every command: success, an operation failed, bad usage or not found (a flag, an argument, a
 * file or folder the user named, a missing key or namespace), and an import that skipped invalid entries.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, skipped: 3 } as const;

/** A failure the command already explained; `status` is the exit status it ends with. */
export class CliError extends Error {
  readonly status: number;

  constructor(message: string, status: number = EXIT.failed) {
    super(message);
    this.name = "CliError";
    this.status = status;
  }
}

/** Bad usage (a wrong flag value, a missing argument): exit status 2. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

/** The exit status an error ends the process with. */
export function exitStatusOf(error: unknown): number {
  if (error instanceof CliError) return error.status;
  if (KvHttpError.isInstance(error)) return error.status === 404 ? EXIT.usage : EXIT.failed;
  if (KvValidationError.isInstance(error) || KvConfigError.isInstance(error)) return EXIT.usage;
  return EXIT.failed;
}

/** One line that says what failed, in the CLI's words, secrets removed. */
export function errorLine(error: unknown): string {
  let message = apiErrorLine(error) ?? inCliWords(error instanceof Error ? error.message : String(error));
  if (KvHttpError.isInstance(error) && error.requestId) message += ` (request id ${error.requestId})`;
  return `telnyx-kv: ${redact(message.replace(/\s*\n\s*/g, " "))}`;
}

/** Prints `error` as one line on stderr and sets the exit status it calls for. */
export function reportError(error: unknown): void {
  process.stderr.write(`${errorLine(error)}\n`);
  process.exitCode = exitStatusOf(error);
}
