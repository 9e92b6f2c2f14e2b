import { once } from "node:events";
import { createWriteStream, renameSync, rmSync } from "node:fs";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import { integerOption, namespaceOf, targetOptions, withTarget } from "../command-kit.js";
import { listedKeys } from "../listed-keys.js";
import { encodeRecord } from "../ndjson.js";
import { note, startProgress, summaryLine } from "../output.js";
import { interruptSignal } from "../signals.js";

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

async function close(out: Writable): Promise<void> {
  out.end();
  await once(out, "finish");
}

/** `telnyx-kv export <ns>`: every key as one NDJSON line, streamed (flat memory, any namespace size). */
export function registerExport(program: Command): void {
  targetOptions(
    program
      .command("export")
      .description('write keys as NDJSON, one {"key","value","content_type"[,"base64"]} a line, in key order')
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .option("--prefix <P>", 'only keys starting with P (default: "")')
      .option("--out <FILE>", "write to FILE, replaced only when the export is complete (default: stdout)")
      .option("--concurrency <N>", "reads in flight", integerOption(1, 256), 16),
  ).action(async (ns, options: { prefix?: string; out?: string; concurrency: number }, command: Command) => {
    await withTarget(command, async (target) => {
      const id = await namespaceOf(command, target, ns);
      const keys = target.client.namespace(id);
      const partial = options.out === undefined ? undefined : `${options.out}.partial`;
      const out: Writable = partial === undefined ? process.stdout : createWriteStream(partial);
      const summary = { written: 0, unchanged: 0, failed: 0, startedAt: Date.now() };
      const signal = interruptSignal();
      const progress = startProgress("export", 0);
      // Reads go through getEach: paced by the client's rate budget, in key order, at most 2×N values held.
      const listing = listedKeys(keys, options.prefix, (count) => progress.setTotal(count));
      try {
        for await (const read of keys.getEach(listing, { concurrency: options.concurrency, signal })) {
          if (!read.ok) throw read.error;
          // A key deleted between the listing and the read is simply not exported.
          if (read.value === null) summary.unchanged++;
          else {
            const { bytes, contentType } = read.value;
            await write(out, encodeRecord({ key: read.key, bytes, contentType }));
            summary.written++;
          }
          progress.update(summary.written + summary.unchanged);
        }
        if (partial !== undefined) {
          await close(out);
          renameSync(partial, options.out!);
        }
      } catch (error) {
        if (partial !== undefined) {
          out.destroy();
          rmSync(partial, { force: true });
        }
        throw error;
      } finally {
        progress.stop();
      }
      note(summaryLine(`export of ${id}`, summary));
    });
  });
}
