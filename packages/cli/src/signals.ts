import { getMaxListeners, setMaxListeners } from "node:events";
import { note } from "./output.js";

let controller: AbortController | undefined;
let busy: (() => string | undefined) | undefined;
let warned = false;

/**
 * An AbortSignal that fires on the first Ctrl-C or SIGTERM, so a long job stops starting requests, keeps
 * its checkpoint and says how to resume. A second Ctrl-C ends the process at once, unless
 * {@link holdInterrupts} says cleanup is running: then it prints why it waits, and only a third quits.
 */
export function interruptSignal(): AbortSignal {
  if (controller) return controller.signal;
  const current = new AbortController();
  controller = current;
  const stop = (name: string) => {
    if (current.signal.aborted) {
      const line = warned ? undefined : busy?.();
      if (line === undefined) process.exit(130);
      // Quitting now would leave behind what the cleanup is removing: say so once, and let a third Ctrl-C win.
      warned = true;
      note(line);
      return;
    }
    const then = busy?.() === undefined ? " (Ctrl-C again to quit at once)" : ", then cleaning up";
    note(`${name}: stopping after the requests in flight${then}.`);
    current.abort(new Error(`interrupted by ${name}`));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return current.signal;
}

/**
 * While `whatIsRunning` returns a line (cleanup that must not be cut short), a repeated Ctrl-C prints that
 * line once instead of quitting; the Ctrl-C after it quits. `undefined` means nothing to protect right now.
 */
export function holdInterrupts(whatIsRunning: () => string | undefined): void {
  busy = whatIsRunning;
}

/**
 * The interrupt signal of a bulk job with `concurrency` requests in flight. Each request (and each start
 * waiting for the rate budget) listens on it until it ends, so a job holds up to about twice its concurrency
 * listeners at once, past Node's default warning threshold of 10, though nothing leaks: the threshold is
 * set to what the job legitimately holds, so a real leak still warns.
 */
export function quietAbortListeners(concurrency: number): AbortSignal {
  const signal = interruptSignal();
  setMaxListeners(Math.max(getMaxListeners(signal), 4 * concurrency + 16), signal);
  return signal;
}
