import type { KvBulkProgress } from "@telnyx-kv/client-node";

const WIDTH = 30;

/** A one-line terminal progress bar for the bulk helpers' `onProgress`. */
export interface ProgressBar {
  update(progress: KvBulkProgress): void;
  /** Ends the line (prints the final state once when the output is not a terminal). */
  finish(): void;
}

/** Draws in place on a terminal; elsewhere (CI logs, tests) prints only the final line, to keep logs short. */
export function createProgressBar(label: string, out: NodeJS.WriteStream): ProgressBar {
  let last: Pick<KvBulkProgress, "done" | "total" | "failed"> = { done: 0, total: 0, failed: 0 };
  let drawn = 0;
  const line = () => {
    const ratio = last.total === 0 ? 0 : last.done / last.total;
    const filled = Math.round(ratio * WIDTH);
    const failed = last.failed ? `, ${last.failed} failed` : "";
    const bar = `${"#".repeat(filled)}${".".repeat(WIDTH - filled)}`;
    return `  ${label.padEnd(12)} [${bar}] ${last.done}/${last.total}${failed}`;
  };
  return {
    update(progress) {
      last = progress;
      // Redraw at most every 40 ms: hundreds of items would otherwise flood a slow terminal.
      const now = Date.now();
      if (out.isTTY && now - drawn > 40) {
        drawn = now;
        out.write(`\r${line()}`);
      }
    },
    finish() {
      out.write(out.isTTY ? `\r${line()}\n` : `${line()}\n`);
    },
  };
}
