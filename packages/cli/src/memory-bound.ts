import { getHeapStatistics, setFlagsFromString } from "node:v8";

/** How often the heap's size is checked until it reaches the floor, ms. */
const CHECK_MS = 100;
/** The heap size past which collections come sooner: a command that stays below it is never collected often. */
const FLOOR_BYTES = 48 * 1024 * 1024;
/** Below the floor, each major collection lets the heap grow to this much more than it kept alive. */
const BELOW_FLOOR_GROWING_PERCENT = 100;
/** Past the floor, the same, tighter: memory stays near what the job holds. */
const PAST_FLOOR_GROWING_PERCENT = 30;

/**
 * Keeps the process's memory flat however long the job (called once, at startup). V8 sets the next major
 * collection's trigger at a multiple of what the last one kept alive, up to 4×, and a long import or export
 * makes garbage fast enough to get the high end: a job that holds 20 MB let its heap reach 120–450 MB. From
 * V8's first major collection on (V8 places that one itself), the trigger is 2× what is alive, and 1.3× once
 * the heap first reaches {@link FLOOR_BYTES} (not below it, so that a small heap is not collected every few
 * megabytes). V8 reads the flags below whenever it sets those limits, so they apply to a running process
 * (unlike `--max-old-space-size`, read once at startup; re-running Node with it would change the process a
 * `kill -9` hits). Forcing full collections from a timer held memory as well but cost a quarter more CPU: V8
 * collects in its memory-saving mode for a while after each forced one. Measured in bench/RESULTS.md
 * (sessions 28 and 29). A `NODE_OPTIONS=--max-old-space-size=…` still applies on top.
 */
export function boundMemory(): void {
  try {
    // Young generation: it starts at 1 MB a semi-space and doubles (to 16 MB) as a long job goes on, so a
    // longer job would hold 30 MB more; kept at its start size, it is collected more often, at no cost measured.
    setFlagsFromString("--semi-space-growth-factor=1");
    // Until the floor, 2× what is alive: V8's own choice after its first major collection ranges up to 4×,
    // and made the early peak of a 100 MB export swing by 23 MB from run to run (bench/RESULTS.md, session 29).
    setFlagsFromString(`--heap-growing-percent=${BELOW_FLOOR_GROWING_PERCENT}`);
  } catch {
    // A runtime without V8's flags: memory is then V8's default behaviour.
    return;
  }
  const timer = setInterval(() => {
    if (getHeapStatistics().used_heap_size < FLOOR_BYTES) return;
    clearInterval(timer);
    setFlagsFromString(`--heap-growing-percent=${PAST_FLOOR_GROWING_PERCENT}`);
  }, CHECK_MS);
  timer.unref();
}
