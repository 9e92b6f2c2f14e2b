import cliProgress from "cli-progress";
import { redact } from "./exit.js";

/** What a long job reports while it runs. */
export interface CliProgress {
  /** Sets how many items the job has in all (it may grow while a listing runs). */
  setTotal(total: number): void;
  /** Sets how many items are finished. */
  update(done: number): void;
  /** Stops the display (the bar leaves its last state on screen). */
  stop(): void;
}

/** Seconds between plain progress lines when stderr is not a terminal. */
const PLAIN_INTERVAL_MS = 5000;

function rate(done: number, startedAt: number): number {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? done / seconds : 0;
}

/**
 * A progress bar with count, rate and ETA on stderr when it is a terminal; otherwise a plain line every
 * few seconds, so logs of CI jobs show the job is alive without a line per item.
 */
export function startProgress(label: string, total: number, stream = process.stderr): CliProgress {
  const startedAt = Date.now();
  let done = 0;
  let all = total;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 200,
        fps: 10,
        barsize: 30,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: "0" });
    return {
      setTotal: (n) => {
        all = n;
        bar.setTotal(n);
      },
      update: (n) => {
        done = n;
        bar.update(n, { rate: rate(done, startedAt).toFixed(0) });
      },
      stop: () => {
        bar.update(done, { rate: rate(done, startedAt).toFixed(0) });
        bar.stop();
      },
    };
  }
  const timer = setInterval(() => {
    stream.write(`${label}: ${done}/${all} (${rate(done, startedAt).toFixed(0)}/s)\n`);
  }, PLAIN_INTERVAL_MS);
  timer.unref();
  return {
    setTotal: (n) => {
      all = n;
    },
    update: (n) => {
      done = n;
    },
    stop: () => clearInterval(timer),
  };
}

/** Counts every long job ends with. */
export interface CliSummary {
  written: number;
  unchanged: number;
  failed: number;
  startedAt: number;
}

/** The final summary line of a long job (always printed, on stderr). */
export function summaryLine(label: string, summary: CliSummary): string {
  const seconds = ((Date.now() - summary.startedAt) / 1000).toFixed(1);
  return `${label}: ${summary.written} written, ${summary.unchanged} unchanged, ${summary.failed} failed in ${seconds} s`;
}

/** Prints a line on stderr (messages for people; stdout carries only data), secrets removed. */
export function note(line: string): void {
  process.stderr.write(`${redact(line)}\n`);
}
