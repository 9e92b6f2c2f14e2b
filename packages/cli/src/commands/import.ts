import type { KvNodeNamespaceClient, KvPutManyEntry } from "@telnyx-kv/client-node";
import type { Command } from "commander";
import { type CliBudget, parseRate } from "../budget.js";
import { type CheckpointPlace, checkpointPlace, ImportCheckpoint, readCheckpoint } from "../checkpoint.js";
import { integerOption, namespaceOf, splitPositionals, targetOptions, withTarget } from "../command-kit.js";
import { CliError, EXIT, usageError } from "../exit.js";
import { checkItem, type ImportEntry } from "../import-file.js";
import { type ImportInput, type ImportScan, inputChunks, openInput, scanImport } from "../import-scan.js";
import { importItems } from "../import-stream.js";
import { OrdinalSet } from "../ordinal-set.js";
import { note, startProgress, summaryLine } from "../output.js";
import { counts, planLines } from "../plan.js";
import { interruptSignal } from "../signals.js";
import type { CliTarget } from "../target.js";

/** How many bad entries (or failed writes) are listed before "and N more". */
const SHOWN_PROBLEMS = 20;
/** Entries handed to one putMany: bounded by count and bytes, so memory stays flat whatever the file. */
const BATCH_ENTRIES = 2048;
const BATCH_BYTES = 16 * 1024 * 1024;

interface ImportOptions {
  concurrency: number;
  resume?: boolean;
  restart?: boolean;
  wait?: boolean;
  checkpoint?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  rate?: CliBudget;
}

function reportProblems(scan: ImportScan, skipInvalid: boolean | undefined): void {
  if (scan.problemCount === 0) return;
  for (const problem of scan.problems) note(`${problem.where}: ${problem.message}`);
  if (scan.problemCount > scan.problems.length)
    note(`… and ${scan.problemCount - scan.problems.length} more.`);
  const entries = `${scan.problemCount} invalid ${scan.problemCount === 1 ? "entry" : "entries"}`;
  if (!skipInvalid) {
    throw new CliError(
      `${entries}; nothing was written. Fix them, or pass --skip-invalid to import the rest.`,
      EXIT.usage,
    );
  }
  note(`Skipping ${entries} (--skip-invalid).`);
}

/**
 * Refuses, once, a namespace that cannot take writes yet: otherwise every entry fails with the same 409.
 * `--wait` waits for a pending one instead.
 */
async function ensureWritable(target: CliTarget, id: string, wait: boolean | undefined): Promise<void> {
  // One read first: a wrong key or namespace then fails once, not once per entry.
  const namespace = await target.client.namespaces.get(id);
  if (namespace.status === "provision_ok") return;
  if (namespace.status === "pending") {
    if (wait) {
      note(`Namespace ${id} is still being provisioned: waiting for it (--wait)…`);
      await target.client.namespaces.waitUntilReady(id);
      return;
    }
    throw new CliError(
      `Namespace ${id} is still being provisioned (status pending, usually 3–20 s), so it takes no writes yet; nothing was written. Run the import again in a moment, or pass --wait to wait for it.`,
    );
  }
  throw new CliError(
    `Namespace ${id} is ${namespace.status}, so it takes no writes; nothing was written. Import into a namespace whose status is provision_ok.`,
  );
}

/**
 * The entries the checkpoint says are written, by the rule of the flags: `--resume` continues this import's
 * checkpoint and refuses, by name, one that belongs to another file content, namespace or target (or none);
 * without it (or with `--restart`) the import starts over and says what it replaces.
 */
function resumedEntries(place: CheckpointPlace, options: ImportOptions): OrdinalSet | undefined {
  const state = readCheckpoint(place);
  if (options.resume) {
    if (state.kind === "none") {
      throw usageError(
        `Nothing to resume: there is no checkpoint at ${place.path}; nothing was written. Run without --resume to import from the start (or pass the --checkpoint FILE the interrupted run used).`,
      );
    }
    if (state.kind === "other") {
      throw usageError(
        `Cannot resume from the checkpoint ${place.path}: ${state.differs.join("; ")}. Nothing was written. Pass --restart instead of --resume to discard it (${state.entries} entries recorded) and import from the start.`,
      );
    }
    return state.acknowledged;
  }
  const recorded =
    state.kind === "match" ? state.acknowledged.size : state.kind === "other" ? state.entries : 0;
  if (state.kind !== "none" && options.restart) {
    note(
      `Discarding the checkpoint ${place.path} (${recorded} entries recorded) and starting over (--restart).`,
    );
  } else if (state.kind === "match" && recorded > 0) {
    // The user still learns what --resume would have kept.
    note(
      `Replaced the checkpoint of an earlier, unfinished run of this import (${recorded} entries written) at ${place.path}; --resume continues such a run instead of writing everything again.`,
    );
  } else if (state.kind === "other") {
    note(`Replaced the checkpoint ${place.path} of another import (${state.differs.join("; ")}).`);
  }
  return undefined;
}

/** Opens the checkpoint, as one clear line when its folder cannot be written (a read-only input folder). */
function openCheckpoint(place: CheckpointPlace, resumed: OrdinalSet | undefined): ImportCheckpoint {
  try {
    return new ImportCheckpoint(place, resumed);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EACCES" || code === "EPERM" || code === "EROFS"
        ? "the folder is not writable"
        : code === "ENOENT"
          ? "the folder does not exist"
          : (error as Error).message;
    throw new CliError(
      `Cannot write the import checkpoint ${place.path} (${why}); nothing was written. It goes next to the input file (the --local folder or the working directory for stdin): pass --checkpoint FILE to keep it elsewhere.`,
    );
  }
}

/** The writes of `batch`, handed out one by one until an interrupt: what is in flight then still finishes. */
function* until(signal: AbortSignal, batch: ImportEntry[]): Generator<KvPutManyEntry> {
  for (const entry of batch) {
    if (signal.aborted) return;
    yield {
      key: entry.key,
      value: entry.value,
      contentType: entry.contentType,
      ...(entry.ttlSeconds === undefined ? {} : { ttlSeconds: entry.ttlSeconds }),
    };
  }
}

interface WriteOutcome {
  written: number;
  failed: number;
  interrupted: boolean;
}

/**
 * The writing pass: reads the file again, entry by entry, and writes the ones still to do in batches
 * (the last entry per key; not in the checkpoint). Each acknowledged write goes into the checkpoint at once.
 */
async function writeEntries(
  keys: KvNodeNamespaceClient,
  input: ImportInput,
  scan: ImportScan,
  done: OrdinalSet,
  todo: number,
  options: ImportOptions,
  target: CliTarget,
  checkpoint: ImportCheckpoint,
): Promise<WriteOutcome> {
  const progress = startProgress("import", todo, { budget: () => target.budget.budget() });
  // Ctrl-C stops handing out writes instead of aborting the ones in flight: an aborted request may still
  // have been stored, unacknowledged, and would be written again by --resume.
  const interrupt = interruptSignal();
  const outcome: WriteOutcome = { written: 0, failed: 0, interrupted: false };
  let finished = 0;
  let batch: ImportEntry[] = [];
  let batchBytes = 0;
  const flush = async () => {
    const sent = batch;
    batch = [];
    batchBytes = 0;
    const results = await keys.putMany(until(interrupt, sent), {
      concurrency: options.concurrency,
      // Called the moment each write ends: an acknowledged one goes into the checkpoint right away.
      onProgress: ({ index, ok }) => {
        if (ok) checkpoint.ack(sent[index]!.ordinal);
        progress.update(++finished);
      },
    });
    for (const result of results) {
      if (result.ok) outcome.written++;
      else if (++outcome.failed <= SHOWN_PROBLEMS) note(`${result.key}: ${result.error.message}`);
    }
  };
  try {
    const nowMs = Date.now();
    for await (const item of importItems(inputChunks(input.path, input.name))) {
      if (interrupt.aborted) break;
      const checked = checkItem(item, nowMs);
      // Invalid entries were counted by the checking pass (and refused, or skipped with --skip-invalid).
      if (!checked.entry) continue;
      const { entry } = checked;
      if (!scan.lastOfKey.has(entry.ordinal) || done.has(entry.ordinal)) continue;
      batch.push(entry);
      batchBytes += entry.value.byteLength;
      if (batch.length >= BATCH_ENTRIES || batchBytes >= BATCH_BYTES) await flush();
    }
    if (batch.length > 0 && !interrupt.aborted) await flush();
    outcome.interrupted = interrupt.aborted;
    return outcome;
  } finally {
    progress.stop();
    checkpoint.close();
  }
}

function dryRunReport(
  input: ImportInput,
  scan: ImportScan,
  id: string,
  target: CliTarget,
  todo: number,
  unchanged: number,
  options: ImportOptions,
): string {
  const lines = [
    `Would write ${todo} entries (${scan.valueBytes} bytes) from ${input.name} (${scan.format}) to namespace ${id} on ${target.label}` +
      ` with ${options.concurrency} writes in flight; ${unchanged} unchanged, ${scan.problemCount} invalid. Nothing was written.`,
    ...planLines(counts({ write: todo }), options.rate ?? target.budget.budget()),
  ];
  return `${lines.join("\n")}\n`;
}

/** `telnyx-kv import <ns> <FILE|->`: checks every entry, then writes them with bounded, resumable concurrency. */
export function registerImport(program: Command): void {
  const command = targetOptions(
    program
      .command("import")
      .description(
        "write the entries of an NDJSON file (telnyx-kv export) or a wrangler kv bulk JSON array, streamed (any size)",
      )
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .argument("[file]", "the file, or - for stdin")
      .option("--concurrency <N>", "writes in flight", integerOption(1, 256), 16)
      .option(
        "--resume",
        "continue an interrupted run of the same import from its checkpoint; refuses one of another file, namespace or target (default: false)",
      )
      .option("--restart", "discard an earlier run's checkpoint and import from the start (default: false)")
      .option("--wait", "wait for a namespace that is still being provisioned (default: false: refuse it)")
      .option(
        "--checkpoint <FILE>",
        "where to record progress for --resume (default: next to FILE; the --local folder or the working directory for stdin)",
      )
      .option(
        "--dry-run",
        "check the file and print the requests, time and price it would take; write nothing (default: false)",
      )
      .option(
        "--rate <N/WINDOW>",
        "the budget a --dry-run assumes, e.g. 1000/1m (default: the API's rate headers)",
        parseRate,
      )
      .option(
        "--skip-invalid",
        "import the valid entries even when some are invalid; exit status 3 if any were skipped (default: false)",
      ),
  );
  command.action(async (nsArg, fileArg, options: ImportOptions, cmd: Command) => {
    const [ns, [name, ...extra]] = splitPositionals(cmd, [nsArg, fileArg]);
    if (name === undefined || extra.length > 0)
      throw usageError("Name one file to import (or - for stdin): telnyx-kv import <ns> <FILE|->.");
    if (options.resume && options.restart) throw usageError("Give either --resume or --restart, not both.");
    const startedAt = Date.now();
    const input = await openInput(name);
    try {
      const scan = await scanImport(input, SHOWN_PROBLEMS);
      reportProblems(scan, options.skipInvalid);
      await withTarget(cmd, async (target) => {
        const id = await namespaceOf(cmd, target, ns);
        await ensureWritable(target, id, options.wait);
        const place = checkpointPlace({
          identity: { sha256: scan.sha256, bytes: scan.bytes, namespace: id, target: target.label },
          input: name === "-" ? undefined : name,
          localDir: target.localDir,
          ...(options.checkpoint === undefined ? {} : { path: options.checkpoint }),
        });
        const resumed = resumedEntries(place, options);
        const done = resumed ?? new OrdinalSet();
        const wanted = scan.keys;
        const todo = wanted - done.size;
        const unchanged = scan.entries - todo;
        if (options.resume) {
          note(
            `Resuming: ${done.size} entries were already imported (checkpoint ${place.path}); ${todo} to write.`,
          );
        }
        if (options.dryRun) {
          process.stdout.write(dryRunReport(input, scan, id, target, todo, unchanged, options));
          return;
        }
        const checkpoint = openCheckpoint(place, resumed);
        const outcome = await writeEntries(
          target.client.namespace(id),
          input,
          scan,
          done,
          todo,
          options,
          target,
          checkpoint,
        );
        if (outcome.failed > SHOWN_PROBLEMS) note(`… and ${outcome.failed - SHOWN_PROBLEMS} more.`);
        const { written, failed } = outcome;
        note(summaryLine(`import into ${id}`, { written, unchanged, failed, startedAt }));
        if (outcome.interrupted) {
          throw new CliError(
            `Interrupted after ${written} of ${todo} writes; run the same command with --resume to write the rest.`,
          );
        }
        if (failed > 0) {
          throw new CliError(
            `${failed} writes failed; run the same command with --resume to retry only those.`,
          );
        }
        checkpoint.remove();
        if (scan.problemCount > 0) {
          throw new CliError(
            `Imported all valid entries, but skipped ${scan.problemCount} invalid ${scan.problemCount === 1 ? "entry" : "entries"} (--skip-invalid): exit status ${EXIT.skipped}.`,
            EXIT.skipped,
          );
        }
      });
    } finally {
      input.close();
    }
  });
}
