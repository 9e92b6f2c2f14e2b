import type { KvBulkResult, KvNodeNamespaceClient } from "@telnyx-kv/client-node";
import type { Command } from "commander";
import { type CliBudget, parseRate } from "../budget.js";
import { integerOption, namespaceOf, splitPositionals, targetOptions, withTarget } from "../command-kit.js";
import { confirm } from "../confirm.js";
import { CliError, EXIT, usageError } from "../exit.js";
import { type ImportInput, openInput } from "../import-scan.js";
import { keysFrom } from "../keys-from.js";
import { note, startProgress } from "../output.js";
import { counts, planLines } from "../plan.js";
import { quietAbortListeners } from "../signals.js";
import type { CliTarget } from "../target.js";

/** Keys handed to one deleteMany, so memory stays flat however many keys go. */
const BATCH_KEYS = 2048;
/** Keys per list call (the API's largest page). */
const LIST_PAGE = 1000;
/** Bad lines of a --keys-from input listed before "and N more". */
const SHOWN_PROBLEMS = 20;

interface DeleteOptions {
  prefix?: string;
  keysFrom?: string;
  yes?: boolean;
  dryRun?: boolean;
  rate?: CliBudget;
  concurrency: number;
}

/** The keys a delete goes through, as often as it needs them (counted first, then deleted). */
type KeySource = () => AsyncIterable<string>;

function listing(namespace: KvNodeNamespaceClient, prefix: string): KeySource {
  return async function* () {
    for await (const info of namespace.list({ prefix })) yield info.key;
  };
}

/** Checks every key of a --keys-from input (refusing all if one is bad) and counts them. */
async function checkKeysFrom(input: ImportInput): Promise<{ count: number; source: KeySource }> {
  let count = 0;
  let bad = 0;
  for await (const item of keysFrom(input.path, input.name)) {
    if (item.key !== undefined) count++;
    else if (++bad <= SHOWN_PROBLEMS) note(`${item.where}: ${item.problem}`);
  }
  if (bad > SHOWN_PROBLEMS) note(`… and ${bad - SHOWN_PROBLEMS} more.`);
  if (bad > 0) {
    throw usageError(
      `${bad} line${bad === 1 ? "" : "s"} of ${input.name} name${bad === 1 ? "s" : ""} no valid key; nothing was deleted. Fix or remove ${bad === 1 ? "it" : "them"}.`,
    );
  }
  return {
    count,
    source: async function* () {
      for await (const item of keysFrom(input.path, input.name)) if (item.key !== undefined) yield item.key;
    },
  };
}

async function countOf(source: KeySource): Promise<number> {
  let count = 0;
  for await (const _ of source()) count++;
  return count;
}

/** Deletes the keys of `source` in batches, with a progress bar; returns the failures (first ones noted). */
async function deleteAll(
  namespace: KvNodeNamespaceClient,
  source: KeySource,
  total: number,
  options: DeleteOptions,
  target: CliTarget,
): Promise<{ deleted: number; failed: number }> {
  const signal = quietAbortListeners(options.concurrency);
  const progress = startProgress("delete", total, { budget: () => target.budget.budget() });
  let finished = 0;
  let deleted = 0;
  let failed = 0;
  const run = async (batch: string[]) => {
    const results: KvBulkResult<undefined>[] = await namespace.deleteMany(batch, {
      concurrency: options.concurrency,
      signal,
      onProgress: () => progress.update(++finished),
    });
    for (const result of results) {
      if (result.ok) deleted++;
      else if (++failed <= 10) note(`${result.key}: ${result.error.message}`);
    }
  };
  try {
    let batch: string[] = [];
    for await (const key of source()) {
      batch.push(key);
      if (batch.length >= BATCH_KEYS) {
        await run(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await run(batch);
  } finally {
    progress.stop();
  }
  return { deleted, failed };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/** `telnyx-kv key delete`: named keys, every key under --prefix, or the keys listed in --keys-from. */
export function registerDelete(group: Command): void {
  const command = targetOptions(
    group
      .command("delete")
      .description(
        "delete keys by name, every key under --prefix, or the keys listed in --keys-from (asks first)",
      )
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .argument("[keys...]", "the keys to delete")
      .option("--prefix <P>", "delete every key starting with P (default: none)")
      .option(
        "--keys-from <FILE>",
        "delete the keys listed in FILE (- for stdin): one a line, NDJSON with key (key list --json), or a JSON array (wrangler kv key list) (default: none)",
      )
      .option(
        "--dry-run",
        "print the keys that would go, and the requests, time and price; delete nothing (default: false)",
      )
      .option(
        "--rate <N/WINDOW>",
        "the budget a --dry-run assumes, e.g. 1000/1m (default: the API's rate headers)",
        parseRate,
      )
      .option(
        "-y, --yes",
        "do not ask before a --prefix or --keys-from delete (needed when not on a terminal) (default: false)",
      )
      .option("--concurrency <N>", "requests in flight", integerOption(1, 256), 16),
  );
  command.action(async (nsArg, keyArgs: string[], options: DeleteOptions, cmd: Command) => {
    const [ns, keys] = splitPositionals(cmd, [nsArg, ...keyArgs]);
    const ways = [keys.length > 0, options.prefix !== undefined, options.keysFrom !== undefined].filter(
      Boolean,
    );
    if (ways.length === 0)
      throw usageError("Name the keys to delete, or pass --prefix P or --keys-from FILE.");
    if (ways.length > 1) throw usageError("Give keys, --prefix or --keys-from, one of them.");
    const input = options.keysFrom === undefined ? undefined : await openInput(options.keysFrom);
    try {
      const fromFile = input ? await checkKeysFrom(input) : undefined;
      await withTarget(cmd, async (target) => {
        const id = await namespaceOf(cmd, target, ns);
        const namespace = target.client.namespace(id);
        let source: KeySource;
        let total: number;
        let lists = 0;
        let what: string;
        if (options.prefix !== undefined) {
          source = listing(namespace, options.prefix);
          total = await countOf(source);
          lists = Math.max(1, Math.ceil(total / LIST_PAGE));
          const under = options.prefix === "" ? "" : ` starting with "${options.prefix}"`;
          what = `${total === 1 ? "the 1 key" : `the ${plural(total, "key")}`}${under}`;
        } else if (fromFile) {
          source = fromFile.source;
          total = fromFile.count;
          what = `the ${plural(total, "key")} listed in ${input!.name}`;
        } else {
          source = async function* () {
            yield* keys;
          };
          total = keys.length;
          what = plural(total, "key");
        }
        const where = `namespace ${id} on ${target.label}`;
        if (options.dryRun) {
          // The keys on stdout (one a line, ready for --keys-from), the plan on stderr.
          for await (const key of source()) process.stdout.write(`${key}\n`);
          note(`Would delete ${what} in ${where}. Nothing was deleted.`);
          // Deleting by prefix lists again as it deletes.
          for (const line of planLines(
            counts({ delete: total, list: lists * (lists > 0 ? 2 : 0) }),
            options.rate ?? target.budget.budget(),
          ))
            note(line);
          return;
        }
        if (total === 0) {
          note(`No keys to delete in ${where}; nothing was deleted.`);
          return;
        }
        if (options.prefix !== undefined || fromFile)
          await confirm(`Delete ${what} in ${where}?`, options.yes);
        const { deleted, failed } = await deleteAll(namespace, source, total, options, target);
        // The API answers a delete of a key that is not there as it answers any other (204).
        const named =
          options.prefix === undefined
            ? " (a key that did not exist counts too: the API answers both alike)"
            : "";
        note(`Deleted ${plural(deleted, "key")}, ${failed} failed${named}.`);
        if (failed > 0)
          throw new CliError(
            `${failed} deletes failed; run the same command again to retry them.`,
            EXIT.failed,
          );
      });
    } finally {
      input?.close();
    }
  });
}
