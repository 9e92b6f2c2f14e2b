import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How often the heap's size is checked, ms. */
const CHECK_MS = 100;
/** The heap is never collected early below this size: short commands never pay for a collection. */
const FLOOR_BYTES = 48 * 1024 * 1024;
/** How far the heap may grow past what the last collection left alive before the next one. */
const HEADROOM_BYTES = 32 * 1024 * 1024;

/**
 * Keeps the process's memory flat however long the job (called once, at startup): the JavaScript heap near
 * what is alive, so a long import runs in about the same memory at 100 MB as at 1 GB. V8 grows its heap lazily up to its limit (4 GB by default) before it collects
 * in earnest: a job that holds 20 MB let garbage reach 120–450 MB. The limit cannot be lowered once Node
 * runs (`--max-old-space-size` is read at startup only, and re-running Node would change the process a
 * `kill -9` hits), so this collects in full whenever the heap outgrows what the last collection kept by
 * {@link HEADROOM_BYTES}. A `NODE_OPTIONS=--max-old-space-size=…` still applies on top. Measured in
 * bench/RESULTS.md (session 26), on Node 20: V8 reads each of these flags at run time there.
 */
export function boundMemory(): void {
  let collect: unknown;
  try {
    // undici's HTTP parser (llhttp, WebAssembly) keeps V8's optimizing tier: `--liftoff-only` saved 28 MB once,
    // early in a run, but imported 100 MB about 20 % slower (bench/RESULTS.md, session 27).
    // The young generation starts at 1 MB a semi-space and doubles (to 16 MB) as a long job goes on, so a
    // longer job would hold 30 MB more; kept at its start size, it is collected more often, at no cost
    // measured (the checking pass of a 1 GB file ran faster).
    setFlagsFromString("--semi-space-growth-factor=1");
    // The flag gives `gc` to contexts made after it (not to this one): the function of a throwaway context.
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc");
  } catch {
    return;
  }
  if (typeof collect !== "function") return;
  const gc = collect as () => void;
  let limit = FLOOR_BYTES;
  const timer = setInterval(() => {
    if (getHeapStatistics().used_heap_size < limit) return;
    gc();
    limit = Math.max(FLOOR_BYTES, getHeapStatistics().used_heap_size + HEADROOM_BYTES);
  }, CHECK_MS);
  timer.unref();
}
