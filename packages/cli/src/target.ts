import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createKvClient, type KvNodeClient, resolveEnvTarget } from "@telnyx-kv/client-node";
import { KV_DEFAULT_BASE_URL } from "@telnyx-kv/core/protocol";
import { BudgetTracker } from "./budget.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { budgetHook } from "./rate-headers.js";
import { registerSecret } from "./secrets.js";

/** Where `--local` keeps its SQLite store when no DIR is given (the `telnyx-kv-emulator --data` default). */
export const DEFAULT_LOCAL_DIR = "./.telnyx-kv";
/** The bearer token of the local store's account when `--api-key` is not given. */
export const LOCAL_TOKEN = "telnyx-kv-local";

/** How a command picks the service it talks to. */
export interface TargetFlags {
  /** Local store folder (`true`: the default folder). */
  local?: string | boolean;
  /** API root (with or without `/v2`). */
  baseUrl?: string;
  /** Telnyx API key. */
  apiKey?: string;
  /** True when `baseUrl` was typed on the command line (not read from TELNYX_BASE_URL). */
  baseUrlFromCli?: boolean;
  /** True when `apiKey` was typed on the command line (not read from TELNYX_API_KEY). */
  apiKeyFromCli?: boolean;
  /** True for a command that may create the local store folder (one that creates a namespace). */
  createLocal?: boolean;
}

/** A client on the chosen service, with what it takes to shut it down. */
export interface CliTarget {
  client: KvNodeClient;
  /** The local store folder, when `--local`. */
  localDir?: string;
  /** Where the data is, for messages (never the key). */
  label: string;
  /**
   * The API root as given (before the client adds `/v2`) and the key this target uses, for a caller that
   * sends its own requests (doctor). A function, so the key is in no enumerable field; never print it.
   */
  connection(): { baseUrl: string; apiKey: string };
  /** The request budget the target's answers reported so far (their `x-ratelimit-*` headers). */
  budget: BudgetTracker;
  /** Closes the client and, for `--local`, the in-process emulator. */
  close(): Promise<void>;
}

/** The flag names a target was chosen with, for messages (`copy` names its destination `--to-…`). */
export interface TargetFlagNames {
  local: string;
  baseUrl: string;
  apiKey: string;
}

const SOURCE_FLAGS: TargetFlagNames = { local: "--local", baseUrl: "--base-url", apiKey: "--api-key" };

/** The lowest Node major better-sqlite3 12 (the `--local` store) runs on; its engines say 20.x, 22.x and up. */
const LOCAL_MIN_NODE = 20;

/** Why `flag` cannot run on Node `version` (e.g. "18.20.8"), or undefined when it can. */
export function localNodeProblem(version: string, flag: string): string | undefined {
  const major = Number.parseInt(version, 10);
  if (major >= LOCAL_MIN_NODE) return undefined;
  return `${flag} needs Node >= ${LOCAL_MIN_NODE} (its SQLite store, better-sqlite3 12, does not run on Node ${version}): use Node >= ${LOCAL_MIN_NODE} for ${flag}; every other command runs on Node 18.`;
}

/** Opens the target: an in-process emulator on a SQLite folder for `--local`, else the API. */
export async function openTarget(
  flags: TargetFlags,
  names: TargetFlagNames = SOURCE_FLAGS,
  cwd = process.cwd(),
): Promise<CliTarget> {
  if (flags.local !== undefined && flags.local !== false) {
    // TELNYX_BASE_URL in the environment is ignored by --local; a typed --base-url contradicts it.
    if (flags.baseUrlFromCli)
      throw usageError(`${names.local} and ${names.baseUrl} exclude each other: pick one target.`);
    // Checked before loading it: on Node 18 the addon fails with a multi-line ABI message that says nothing useful.
    const tooOld = localNodeProblem(process.versions.node, names.local);
    if (tooOld) throw new CliError(tooOld, EXIT.failed);
    const dir = resolve(cwd, flags.local === true ? DEFAULT_LOCAL_DIR : flags.local);
    // Reading or deleting in a store that is not there would only leave an empty one behind.
    if (!flags.createLocal && !existsSync(dir)) {
      throw usageError(
        `There is no local store at ${dir}: \`telnyx-kv namespace create NAME ${names.local}${flags.local === true || flags.local === DEFAULT_LOCAL_DIR ? "" : ` ${flags.local}`}\` makes one (or pass ${names.local} DIR of an existing one).`,
      );
    }
    // Loaded only here: commands on the API never pay for the emulator (or its SQLite binding).
    const { startEmulator } = await import("@telnyx-kv/emulator");
    const emulator = await startEmulator({ store: "sqlite", dataDir: dir, host: "127.0.0.1", port: 0 });
    // The account is the token's hash: `--api-key` picks the account a `telnyx-kv-emulator --token` run used.
    const token = flags.apiKeyFromCli && flags.apiKey ? flags.apiKey : LOCAL_TOKEN;
    registerSecret(token === LOCAL_TOKEN ? undefined : token);
    const budget = new BudgetTracker();
    const client = createKvClient({
      baseUrl: emulator.url,
      apiKey: token,
      proxy: false,
      hooks: [budgetHook(budget)],
    });
    return {
      client,
      localDir: dir,
      label: `local store ${dir}`,
      connection: () => ({ baseUrl: client.baseUrl, apiKey: token }),
      budget,
      close: async () => {
        await client.close();
        await emulator.close();
      },
    };
  }
  // The flags hold the typed value or the variable (commander reads TELNYX_*): read as the environment is.
  const { apiKey, baseUrl } = resolveEnvTarget({
    TELNYX_API_KEY: flags.apiKey,
    TELNYX_BASE_URL: flags.baseUrl,
  });
  if (!apiKey) {
    throw usageError(
      `No Telnyx API key: pass ${names.apiKey} KEY or set TELNYX_API_KEY, or use ${names.local} [DIR] to work on a local store without an account.`,
    );
  }
  registerSecret(apiKey);
  const budget = new BudgetTracker();
  const client = createKvClient({ apiKey, ...(baseUrl ? { baseUrl } : {}), hooks: [budgetHook(budget)] });
  return {
    client,
    label: client.baseUrl,
    connection: () => ({ baseUrl: baseUrl ?? KV_DEFAULT_BASE_URL, apiKey }),
    budget,
    close: () => client.close(),
  };
}
