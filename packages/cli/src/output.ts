import cliProgress from "cli-progress";
import { type CliRateBudget, formatDuration, RateMeter } from "./rate-meter.js";
import { redact } from "./secrets.js";

/** What a long job reports while it runs. */
export interface CliProgress {
  /** Sets how many items the job has in all; `final: false` while a listing is still counting them. */
  setTotal(total: number, final?: boolean): void;
  /** Sets how many items are finished. */
  update(done: number): void;
  /** The meter behind the rate and ETA (feed it budget readings). */
  readonly meter: RateMeter;
  /** Stops the display (the bar leaves its last state on screen). */
  stop(): void;
}

/** Milliseconds between plain progress lines when stderr is not a terminal (TELNYX_KV_PROGRESS_INTERVAL_MS). */
function plainIntervalMs(): number {
  const raw = Number(process.env.TELNYX_KV_PROGRESS_INTERVAL_MS);
  return Number.isFinite(raw) && raw >= 100 ? raw : 5000;
}

/** The count part of a line: `12/40`, or `12/40 listed so far` while the total still grows. */
function countText(done: number, total: number, final: boolean): string {
  return final ? `${done}/${total}` : `${done}/${total} listed so far`;
}

/** Rate and ETA: the ETA only once the total is final (a growing total has no end to count down to). */
function speedText(meter: RateMeter, done: number, total: number, final: boolean): string {
  const rate = meter.rate();
  const eta = final ? formatDuration(meter.etaSeconds(done, total)) : "?";
  return `${rate === undefined ? "?" : rate.toFixed(rate < 10 ? 1 : 0)}/s, ETA ${eta}`;
}

/**
 * A progress bar with count, rate and ETA on stderr when it is a terminal; otherwise a plain line every
 * few seconds, so logs of CI jobs show the job is alive without a line per item. The rate and ETA are
 * the {@link RateMeter}'s: what the job sustains, within the budget the API reports.
 */
export function startProgress(
  label: string,
  total: number,
  options: {
    /** False while the total still grows (a listing is counting): the count says "listed so far". @default true */
    final?: boolean;
    /** The request budget the API reported so far, asked at each update. @default none */
    budget?: () => CliRateBudget | undefined;
    stream?: NodeJS.WriteStream;
  } = {},
): CliProgress {
  const stream = options.stream ?? process.stderr;
  const meter = new RateMeter();
  const sample = (n: number) => {
    meter.setBudget(options.budget?.());
    meter.sample(n);
  };
  let done = 0;
  let all = total;
  let final = options.final ?? true;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {count} | {speed}`,
        stream,
        hideCursor: true,
        fps: 10,
        barsize: 30,
      },
      cliProgress.Presets.shades_classic,
    );
    const payload = () => ({ count: countText(done, all, final), speed: speedText(meter, done, all, final) });
    bar.start(Math.max(total, 1), 0, payload());
    return {
      meter,
      setTotal: (n, isFinal = true) => {
        all = n;
        final = isFinal;
        bar.setTotal(Math.max(n, 1));
        bar.update(done, payload());
      },
      update: (n) => {
        done = n;
        sample(n);
        bar.update(n, payload());
      },
      stop: () => {
        bar.update(done, payload());
        bar.stop();
      },
    };
  }
  const timer = setInterval(() => {
    stream.write(`${label}: ${countText(done, all, final)} (${speedText(meter, done, all, final)})\n`);
  }, plainIntervalMs());
  timer.unref();
  return {
    meter,
    setTotal: (n, isFinal = true) => {
      all = n;
      final = isFinal;
    },
    update: (n) => {
      done = n;
      sample(n);
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
