import { parseArgs } from "node:util";
import { type EmulatorFailureKind, FAILURE_KINDS } from "./faults.js";
import type { EmulatorOptions } from "./options.js";
import { parseRateLimit } from "./rate-limit.js";

/** What the command line asked for: run with options, print help, or stop with a message. */
export type CliRequest =
  | { kind: "run"; options: EmulatorOptions }
  | { kind: "help" }
  | { kind: "error"; message: string };

const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  data: { type: "string" },
  memory: { type: "boolean" },
  token: { type: "string", multiple: true },
  "provision-delay": { type: "string" },
  "delete-delay": { type: "string" },
  "ttl-support": { type: "string" },
  "rate-limit": { type: "string" },
  latency: { type: "string" },
  jitter: { type: "string" },
  "failure-rate": { type: "string" },
  "failure-kinds": { type: "string" },
  "cors-origin": { type: "string", multiple: true },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

class FlagError extends Error {}

function number(
  flag: string,
  raw: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    throw new FlagError(
      `--${flag} expects a number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ""}, got "${raw}".`,
    );
  }
  return value;
}

function boolean(flag: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new FlagError(`--${flag} expects true or false, got "${raw}".`);
}

function kinds(raw: string | undefined): EmulatorFailureKind[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw.split(",").map((kind) => kind.trim());
  for (const kind of list) {
    if (!(FAILURE_KINDS as readonly string[]).includes(kind)) {
      throw new FlagError(
        `--failure-kinds takes a comma-separated list of ${FAILURE_KINDS.join(", ")}; got "${kind}".`,
      );
    }
  }
  return list as EmulatorFailureKind[];
}

/** Turns argv into emulator options; `cwd` is where the default `.telnyx-kv` data folder goes. */
export function parseCli(argv: string[], cwd: string): CliRequest {
  try {
    const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
    if (values.help) return { kind: "help" };
    if (values.memory && values.data !== undefined)
      throw new FlagError("--memory and --data exclude each other.");
    const port = number("port", values.port, 0, 65535);
    if (port !== undefined && !Number.isInteger(port)) throw new FlagError("--port expects a whole number.");
    const rate = values["rate-limit"] === undefined ? undefined : parseRateLimit(values["rate-limit"]);
    if (typeof rate === "string") throw new FlagError(rate);
    const latencyMs = number("latency", values.latency, 0);
    const jitterMs = number("jitter", values.jitter, 0);
    const failureRate = number("failure-rate", values["failure-rate"], 0, 1);
    const failureKinds = kinds(values["failure-kinds"]);
    const faults =
      latencyMs !== undefined ||
      jitterMs !== undefined ||
      failureRate !== undefined ||
      failureKinds !== undefined
        ? { latencyMs, jitterMs, failureRate, failureKinds }
        : undefined;
    const options: EmulatorOptions = {
      port: port ?? 0,
      host: values.host ?? "127.0.0.1",
      store: values.memory ? "memory" : "sqlite",
      dataDir: values.memory ? undefined : (values.data ?? `${cwd}/.telnyx-kv`),
      tokens: values.token,
      provisionDelayMs: number("provision-delay", values["provision-delay"], 0),
      deleteDelayMs: number("delete-delay", values["delete-delay"], 0),
      ttlSupport: boolean("ttl-support", values["ttl-support"]),
      rateLimitPerMinute: rate?.limit,
      rateLimitWindowMs: rate?.windowMs,
      faults,
      corsOrigins: values["cors-origin"]?.includes("*") ? "*" : values["cors-origin"],
    };
    if (values.quiet) options.logger = false;
    return { kind: "run", options };
  } catch (error) {
    if (error instanceof FlagError) return { kind: "error", message: error.message };
    // parseArgs names the unknown or malformed flag itself.
    const message = error instanceof Error ? error.message : String(error);
    return { kind: "error", message };
  }
}

/** The `--help` text. */
export function helpText(name: string, version: string): string {
  return `${name} ${version}
A local server that speaks the Telnyx KV API (base URL printed on start, ends in /v2).

Usage: telnyx-kv-emulator [flags]

  --port N               port to listen on; 0 = any free port (default 0)
  --host HOST            interface to listen on (default 127.0.0.1)
  --data DIR             keep keys in SQLite under DIR (default ./.telnyx-kv)
  --memory               keep keys in memory only (lost on exit)
  --token T              accept only this bearer token; repeat for more (default: any token, one account each)
  --provision-delay MS   how long a new namespace stays "pending" (default 0)
  --delete-delay MS      how long a deleted namespace stays "deleting" (default 0)
  --ttl-support BOOL     accept ttl_secs on writes: true|false (default true)
  --rate-limit N[/W]     requests per token per window W (5s, 500ms, 1m) before 429 (default: no limit; W 1m)
  --latency MS           delay added to every answer (default 0)
  --jitter MS            plus a random delay up to MS (default 0)
  --failure-rate R       fraction 0..1 of requests answered with an injected failure (default 0)
  --failure-kinds LIST   comma-separated: 500,502,503,408,429,reset (default all)
  --cors-origin ORIGIN   allow this browser origin; repeat, or "*" for any (default: localhost origins)
  --quiet                no per-request log lines
  -h, --help             this text

Per request, the header x-telnyx-kv-emulator-fault: 500|502|503|408|429|reset|latency=MS forces a fault.
`;
}
