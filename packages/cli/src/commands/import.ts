import { readFileSync } from "node:fs";
import type { KvNodeNamespaceClient, KvPutManyEntry } from "@telnyx-kv/client-node";
import type { Command } from "commander";
import { type CheckpointPlace, checkpointPlace, ImportCheckpoint, readAcknowledged } from "../checkpoint.js";
import { integerOption, namespaceOf, splitPositionals, targetOptions, withTarget } from "../command-kit.js";
import { CliError, EXIT, usageError } from "../exit.js";
import { type ImportEntry, type ImportFile, parseImportFile } from "../import-file.js";
import { note, startProgress, summaryLine } from "../output.js";
import { interruptSignal } from "../signals.js";
import { readStdin } from "../stdin.js";
import type { CliTarget } from "../target.js";

/** How many bad entries are listed before "and N more". */
const SHOWN_PROBLEMS = 20;

interface ImportOptions {
  concurrency: number;
  resume?: boolean;
  wait?: boolean;
  checkpoint?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
}

async function readInput(input: string): Promise<Buffer> {
  if (input !== "-") {
    try {
      return readFileSync(input);
    } catch (error) {
      throw usageError(`Cannot read ${input}: ${(error as Error).message}`);
    }
  }
  return readStdin();
}

function parse(content: Buffer): ImportFile {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw usageError("The file is not UTF-8 text, so neither NDJSON nor a JSON array.");
  }
  return parseImportFile(text);
}

function reportProblems(file: ImportFile, skipInvalid: boolean | undefined): void {
  if (file.problems.length === 0) return;
  for (const problem of file.problems.slice(0, SHOWN_PROBLEMS)) note(`${problem.where}: ${problem.message}`);
  if (file.problems.length > SHOWN_PROBLEMS) note(`… and ${file.problems.length - SHOWN_PROBLEMS} more.`);
  if (!skipInvalid) {
    throw new CliError(
      `${file.problems.length} invalid ${file.problems.length === 1 ? "entry" : "entries"}; nothing was written. Fix them, or pass --skip-invalid to import the rest.`,
      EXIT.usage,
    );
  }
  note(`Skipping ${file.problems.length} invalid entries (--skip-invalid).`);
}

/** A key written twice in one file keeps its last value, as a sequential import would; earlier ones are dropped. */
function lastPerKey(entries: ImportEntry[]): ImportEntry[] {
  const last = new Map<string, ImportEntry>();
  for (const entry of entries) last.set(entry.key, entry);
  return entries.filter((entry) => last.get(entry.key) === entry);
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

/** Opens the checkpoint, as one clear line when its folder cannot be written (a read-only input folder). */
function openCheckpoint(place: CheckpointPlace, resumed: ReadonlySet<number> | undefined): ImportCheckpoint {
  const replaced = resumed ? 0 : readAcknowledged(place).size;
  let checkpoint: ImportCheckpoint;
  try {
    checkpoint = new ImportCheckpoint(place, resumed);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EACCES" || code === "EPERM" || code === "EROFS"
        ? "the folder is not writable"
        : (error as Error).message;
    throw new CliError(
      `Cannot write the import checkpoint ${place.path} (${why}); nothing was written. It goes next to the input file (the --local folder or the working directory for stdin): pass --checkpoint FILE to keep it elsewhere.`,
    );
  }
  // Without --resume the import starts over, as asked; the user still learns what --resume would have kept.
  if (replaced > 0) {
    note(
      `Replaced the checkpoint of an earlier, unfinished run of this import (${replaced} entries written) at ${place.path}; --resume continues such a run instead of writing everything again.`,
    );
  }
  return checkpoint;
}

/** The writes of `todo`, handed out one by one until an interrupt: what is in flight then still finishes. */
function* until(signal: AbortSignal, todo: ImportEntry[]): Generator<KvPutManyEntry> {
  for (const entry of todo) {
    if (signal.aborted) return;
    yield {
      key: entry.key,
      value: entry.value,
      contentType: entry.contentType,
      ...(entry.ttlSeconds === undefined ? {} : { ttlSeconds: entry.ttlSeconds }),
    };
  }
}

async function write(
  keys: KvNodeNamespaceClient,
  todo: ImportEntry[],
  options: ImportOptions,
  checkpoint: ImportCheckpoint,
) {
  const progress = startProgress("import", todo.length);
  // Ctrl-C stops handing out writes instead of aborting the ones in flight: an aborted request may still
  // have been stored, unacknowledged, and would be written again by --resume.
  const interrupt = interruptSignal();
  try {
    const results = await keys.putMany(until(interrupt, todo), {
      concurrency: options.concurrency,
      // Called the moment each write ends: an acknowledged one goes into the checkpoint right away.
      onProgress: ({ done, index, ok }) => {
        if (ok) checkpoint.ack(todo[index]!.ordinal);
        progress.update(done);
      },
    });
    return { results, interrupted: interrupt.aborted };
  } finally {
    progress.stop();
    checkpoint.close();
  }
}

/** `telnyx-kv import <ns> <FILE|->`: checks every entry, then writes them with bounded, resumable concurrency. */
export function registerImport(program: Command): void {
  targetOptions(
    program
      .command("import")
      .description("write the entries of an NDJSON file (telnyx-kv export) or a wrangler kv bulk JSON array")
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .argument("[file]", "the file, or - for stdin")
      .option("--concurrency <N>", "writes in flight", integerOption(1, 256), 16)
      .option(
        "--resume",
        "skip the entries an interrupted run of the same import already wrote (default: false)",
      )
      .option("--wait", "wait for a namespace that is still being provisioned (default: false: refuse it)")
      .option(
        "--checkpoint <FILE>",
        "where to record progress for --resume (default: next to FILE; the --local folder or the working directory for stdin)",
      )
      .option("--dry-run", "check the file and print the plan; write nothing (default: false)")
      .option("--skip-invalid", "import the valid entries even when some are invalid (default: false)"),
  ).action(async (nsArg, fileArg, options: ImportOptions, command: Command) => {
    const [ns, [input, ...extra]] = splitPositionals(command, [nsArg, fileArg]);
    if (input === undefined || extra.length > 0)
      throw usageError("Name one file to import (or - for stdin): telnyx-kv import <ns> <FILE|->.");
    const startedAt = Date.now();
    const content = await readInput(input);
    const file = parse(content);
    reportProblems(file, options.skipInvalid);
    await withTarget(command, async (target) => {
      const id = await namespaceOf(command, target, ns);
      await ensureWritable(target, id, options.wait);
      const place = checkpointPlace({
        content,
        namespaceId: id,
        target: target.label,
        input: input === "-" ? undefined : input,
        localDir: target.localDir,
        ...(options.checkpoint === undefined ? {} : { path: options.checkpoint }),
      });
      const wanted = lastPerKey(file.entries);
      const resumed = options.resume ? readAcknowledged(place) : undefined;
      const done = resumed ?? new Set<number>();
      const todo = wanted.filter((entry) => !done.has(entry.ordinal));
      const unchanged = file.entries.length - todo.length;
      if (options.resume) note(`Resuming: ${wanted.length - todo.length} entries were already imported.`);
      if (options.dryRun) {
        const bytes = todo.reduce((sum, entry) => sum + entry.value.byteLength, 0);
        process.stdout.write(
          `Would write ${todo.length} entries (${bytes} bytes) from ${input} (${file.format}) to namespace ${id} on ${target.label}` +
            ` with ${options.concurrency} writes in flight; ${unchanged} unchanged, ${file.problems.length} invalid. Nothing was written.\n`,
        );
        return;
      }
      const checkpoint = openCheckpoint(place, resumed);
      const { results, interrupted } = await write(target.client.namespace(id), todo, options, checkpoint);
      const failed = results.filter((result) => !result.ok);
      for (const result of failed.slice(0, SHOWN_PROBLEMS))
        if (!result.ok) note(`${result.key}: ${result.error.message}`);
      const written = results.length - failed.length;
      note(summaryLine(`import into ${id}`, { written, unchanged, failed: failed.length, startedAt }));
      if (interrupted) {
        throw new CliError(
          `Interrupted after ${written} of ${todo.length} writes; run the same command with --resume to write the rest.`,
        );
      }
      if (failed.length > 0) {
        throw new CliError(
          `${failed.length} writes failed; run the same command with --resume to retry only those.`,
        );
      }
      checkpoint.remove();
    });
  });
}
