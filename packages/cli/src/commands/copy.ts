import { type KvNodeClient, type KvPutManyEntry, resolveEnvTarget } from "@telnyx-kv/client-node";
import { namespaceIdProblem } from "@telnyx-kv/core/protocol";
import { type Command, Option } from "commander";
import { type CliBudget, parseRate } from "../budget.js";
import { integerOption, namespaceOf, targetOptions, withTarget } from "../command-kit.js";
import { CliError, EXIT, usageError } from "../exit.js";
import { listedKeys } from "../listed-keys.js";
import { NamespaceNotFoundError, namespaceByName } from "../namespace-ref.js";
import { note, startProgress, summaryLine } from "../output.js";
import { counts, planLines } from "../plan.js";
import { quietAbortListeners } from "../signals.js";
import { type CliTarget, DEFAULT_LOCAL_DIR, openTarget, type TargetFlagNames } from "../target.js";

/** Values gathered before one putMany, bounded by count and bytes so memory stays flat. */
const BATCH_ENTRIES = 512;
const BATCH_BYTES = 32 * 1024 * 1024;
/** Keys per list call (the API's largest page). */
const LIST_PAGE = 1000;

const DESTINATION_FLAGS: TargetFlagNames = {
  local: "--to-local",
  baseUrl: "--to-base-url",
  apiKey: "--to-api-key",
};

interface CopyOptions {
  prefix?: string;
  toLocal?: string | boolean;
  toBaseUrl?: string;
  toApiKey?: string;
  create?: boolean;
  concurrency: number;
  dryRun?: boolean;
  rate?: CliBudget;
}

/** The keys under the prefix, counted by listing (one list call per 1,000 keys); nothing is read or written. */
async function countKeys(source: CliTarget, srcId: string, prefix: string | undefined) {
  let keys = 0;
  for await (const _ of source.client.namespace(srcId).list(prefix === undefined ? {} : { prefix })) keys++;
  return keys;
}

/** What `copy --dry-run` prints: the keys it would copy, and the requests, time and price of the copy. */
async function dryRunCopy(
  source: CliTarget,
  srcId: string,
  dest: CliTarget,
  dstId: string,
  options: CopyOptions,
) {
  const keys = await countKeys(source, srcId, options.prefix);
  const lists = Math.max(1, Math.ceil(keys / LIST_PAGE));
  const plan = counts({ list: lists, read: keys, write: keys });
  const budget = options.rate ?? dest.budget.budget() ?? source.budget.budget();
  process.stdout.write(
    `${[
      `Would copy ${keys} keys from namespace ${srcId} on ${source.label} to namespace ${dstId} on ${dest.label}. Nothing was written (counting them took ${lists} list call${lists === 1 ? "" : "s"}).`,
      ...planLines(plan, budget),
    ].join("\n")}\n`,
  );
}

function hasDestinationTarget(options: CopyOptions): boolean {
  return options.toLocal !== undefined || options.toBaseUrl !== undefined || options.toApiKey !== undefined;
}

/**
 * The destination namespace's id; with `--create`, a name that does not exist is created (a dry run only
 * says it would be: it returns the words for it).
 */
async function destinationId(
  client: KvNodeClient,
  ref: string,
  create: boolean | undefined,
  dryRun: boolean | undefined,
): Promise<string> {
  if (namespaceIdProblem(ref) === undefined) return ref;
  try {
    return (await namespaceByName(client, ref)).id;
  } catch (error) {
    if (!create || !(error instanceof NamespaceNotFoundError)) throw error;
    if (dryRun) return `${ref} (which --create would create)`;
    const created = await client.namespaces.create(ref);
    note(`Created namespace ${created.name} (${created.id}) at the destination.`);
    return (await client.namespaces.waitUntilReady(created.id)).id;
  }
}

async function copyKeys(
  source: CliTarget,
  srcId: string,
  dest: CliTarget,
  dstId: string,
  options: CopyOptions,
) {
  const from = source.client.namespace(srcId);
  const to = dest.client.namespace(dstId);
  const summary = { written: 0, unchanged: 0, failed: 0, startedAt: Date.now() };
  const signal = quietAbortListeners(options.concurrency * 2);
  const progress = startProgress("copy", 0, { final: false, budget: () => dest.budget.budget() });
  let batch: KvPutManyEntry[] = [];
  let batchBytes = 0;
  const flush = async () => {
    const results = await to.putMany(batch, { concurrency: options.concurrency, signal });
    for (const result of results) {
      if (result.ok) summary.written++;
      else {
        summary.failed++;
        if (summary.failed <= 10) note(`${result.key}: ${result.error.message}`);
      }
    }
    progress.update(summary.written + summary.failed + summary.unchanged);
    batch = [];
    batchBytes = 0;
  };
  try {
    // Reads go through getEach: paced by the source client's rate budget, in key order, memory bounded.
    const listing = listedKeys(from, options.prefix, (count, finished) => progress.setTotal(count, finished));
    for await (const read of from.getEach(listing, { concurrency: options.concurrency, signal })) {
      if (!read.ok) throw read.error;
      if (read.value === null) {
        summary.unchanged++;
        continue;
      }
      const { bytes, contentType } = read.value;
      batch.push({ key: read.key, value: bytes, contentType });
      batchBytes += bytes.byteLength;
      if (batch.length >= BATCH_ENTRIES || batchBytes >= BATCH_BYTES) await flush();
    }
    if (batch.length > 0) await flush();
  } finally {
    progress.stop();
  }
  note(summaryLine(`copy ${srcId} → ${dstId}`, summary));
  if (summary.failed > 0)
    throw new CliError(`${summary.failed} writes failed at the destination.`, EXIT.failed);
}

/** The destination target: `--to-*` flags, else TELNYX_BASE_URL / TELNYX_API_KEY. */
function destinationTarget(options: CopyOptions): Promise<CliTarget> {
  const { apiKey, baseUrl } = resolveEnvTarget(process.env, {
    apiKey: options.toApiKey,
    baseUrl: options.toBaseUrl,
  });
  return openTarget(
    {
      ...(options.toLocal !== undefined ? { local: options.toLocal } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      ...(apiKey ? { apiKey } : {}),
      baseUrlFromCli: options.toBaseUrl !== undefined,
      apiKeyFromCli: options.toApiKey !== undefined,
      // `--to-local DIR --create` may start a store there.
      createLocal: options.create === true,
    },
    DESTINATION_FLAGS,
  );
}

/** `telnyx-kv copy <src> <dst>`: every key (or a prefix) to another namespace, possibly on another target. */
export function registerCopy(program: Command): void {
  const copy = targetOptions(
    program
      .command("copy")
      .description("copy keys (values and content types) to another namespace, here or on another target")
      .argument("[src]", "source namespace id or name (omit with --binding)")
      .argument("[dst]", "destination namespace id or name")
      .option("--prefix <P>", 'only keys starting with P (default: "")')
      .addOption(
        new Option("--to-local [DIR]", "destination: the local SQLite store in DIR (default: off)").preset(
          DEFAULT_LOCAL_DIR,
        ),
      )
      .option(
        "--to-base-url <URL>",
        "destination API root (default: TELNYX_BASE_URL, else https://api.telnyx.com/v2)",
      )
      .option("--to-api-key <KEY>", "destination API key (default: TELNYX_API_KEY)")
      .option("--create", "create the destination namespace by name if it does not exist (default: false)")
      .option("--concurrency <N>", "requests in flight on each side", integerOption(1, 256), 16)
      .option(
        "--dry-run",
        "count the keys and print the requests, time and price the copy would take; write nothing (default: false)",
      )
      .option(
        "--rate <N/WINDOW>",
        "the budget a --dry-run assumes, e.g. 1000/1m (default: the API's rate headers)",
        parseRate,
      ),
  );
  copy.action(async (srcArg, dstArg, options: CopyOptions, command: Command) => {
    const binding = command.opts<{ binding?: string }>().binding !== undefined;
    const positionals = [srcArg, dstArg].filter((arg): arg is string => arg !== undefined);
    const [src, dst] = binding ? [undefined, positionals[0]] : positionals;
    if (dst === undefined || positionals.length > (binding ? 1 : 2))
      throw usageError("Name the source and the destination: telnyx-kv copy <src-ns> <dst-ns>.");
    await withTarget(command, async (source) => {
      const elsewhere = hasDestinationTarget(options);
      const dest = elsewhere ? await destinationTarget(options) : source;
      try {
        const srcId = await namespaceOf(command, source, src);
        const dstId = await destinationId(dest.client, dst, options.create, options.dryRun);
        if (!elsewhere && dstId === srcId)
          throw usageError("The source and the destination are the same namespace.");
        if (options.dryRun) await dryRunCopy(source, srcId, dest, dstId, options);
        else await copyKeys(source, srcId, dest, dstId, options);
      } finally {
        if (elsewhere) await dest.close();
      }
    });
  });
}
