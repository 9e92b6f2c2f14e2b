import { once } from "node:events";
import type { Command } from "commander";
import { integerOption, namespaceOf, targetOptions, withTarget } from "../command-kit.js";
import { listedKeys } from "../listed-keys.js";
import { encodeRecord } from "../ndjson.js";
import { OutFile } from "../out-file.js";
import { note, startProgress, summaryLine } from "../output.js";
import { quietAbortListeners } from "../signals.js";

/** Writes to stdout, waiting while the reader is behind. */
async function toStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/** `telnyx-kv export <ns>`: every key as one NDJSON line, streamed (flat memory, any namespace size). */
export function registerExport(program: Command): void {
  const command = targetOptions(
    program
      .command("export")
      .description('write keys as NDJSON, one {"key","value","content_type"[,"base64"]} a line, in key order')
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .option("--prefix <P>", 'only keys starting with P (default: "")')
      .option(
        "--out <FILE>",
        "write to FILE, which appears only once the export is complete (default: stdout)",
      )
      .option("--concurrency <N>", "reads in flight", integerOption(1, 256), 16),
  );
  command.action(
    async (ns, options: { prefix?: string; out?: string; concurrency: number }, cmd: Command) => {
      // Opened before any request: a folder that does not exist or cannot be written is one line, nothing sent.
      const file = options.out === undefined ? undefined : new OutFile(options.out);
      const write = file ? (text: string) => file.write(text) : toStdout;
      try {
        await withTarget(cmd, async (target) => {
          const id = await namespaceOf(cmd, target, ns);
          const keys = target.client.namespace(id);
          const summary = { written: 0, unchanged: 0, failed: 0, startedAt: Date.now() };
          const signal = quietAbortListeners(options.concurrency);
          const progress = startProgress("export", 0, { final: false, budget: () => target.budget.budget() });
          // Reads go through getEach: paced by the client's rate budget, in key order, at most 2×N values held.
          const listing = listedKeys(keys, options.prefix, (count, finished) =>
            progress.setTotal(count, finished),
          );
          try {
            for await (const read of keys.getEach(listing, { concurrency: options.concurrency, signal })) {
              if (!read.ok) throw read.error;
              // A key deleted between the listing and the read is simply not exported.
              if (read.value === null) summary.unchanged++;
              else {
                const { bytes, contentType } = read.value;
                await write(encodeRecord({ key: read.key, bytes, contentType }));
                summary.written++;
              }
              progress.update(summary.written + summary.unchanged);
            }
            await file?.commit();
          } finally {
            progress.stop();
          }
          note(summaryLine(`export of ${id}`, summary));
        });
      } catch (error) {
        file?.discard();
        throw error;
      }
    },
  );
}
