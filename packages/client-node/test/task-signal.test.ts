// A bulk call's signal lives as long as the call, and every request derives a signal from the one it is given
// (`AbortSignal.any` in ky). A source signal keeps an entry for each signal derived from it (on Node 20 for
// its whole life): the CLI's export of 527,379 keys grew by ≈ 50 MB that way. Each item now runs under a
// signal of its own, so no signal that outlives an item is the source of more than one derived signal.
import { getEventListeners } from "node:events";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { KvAbortError, type KvNodeNamespaceClient } from "../src/index.js";
import { withTaskSignal } from "../src/task-signal.js";
import { startRig, type TestRig } from "./helpers.js";

/** Counts, for each signal, how many signals `AbortSignal.any` derived from it. */
function spyDerivations(): { max(): number; of(signal: AbortSignal): number } {
  const uses = new Map<AbortSignal, number>();
  const any = AbortSignal.any.bind(AbortSignal);
  vi.spyOn(AbortSignal, "any").mockImplementation((signals) => {
    for (const signal of signals) uses.set(signal, (uses.get(signal) ?? 0) + 1);
    return any(signals);
  });
  return { max: () => Math.max(0, ...uses.values()), of: (signal) => uses.get(signal) ?? 0 };
}

describe("bulk calls under a long-lived signal", () => {
  let rig: TestRig;
  let kv: KvNodeNamespaceClient;
  const keys = Array.from({ length: 300 }, (_, i) => `sig/${String(i).padStart(3, "0")}`);
  beforeAll(async () => {
    rig = await startRig();
    kv = rig.client.namespace(rig.namespaceId);
    await kv.putMany(keys.map((key) => ({ key, value: `v-${key}` })));
  });
  afterAll(() => rig.close());
  afterEach(() => vi.restoreAllMocks());

  it("getEach and putMany derive at most one signal from any signal, and leave no listener behind", async () => {
    const spy = spyDerivations();
    const caller = new AbortController();
    let read = 0;
    for await (const result of kv.getEach(keys, { signal: caller.signal, concurrency: 8 })) {
      expect(result).toMatchObject({ ok: true, value: { contentType: expect.any(String) } });
      read++;
    }
    const put = await kv.putMany(
      keys.map((key) => ({ key, value: "again" })),
      { signal: caller.signal, concurrency: 8 },
    );
    expect(read).toBe(keys.length);
    expect(put.every((result) => result.ok)).toBe(true);
    // The requests did derive signals (else this test would prove nothing), one per request.
    expect(AbortSignal.any).toHaveBeenCalledTimes(2 * keys.length);
    expect(spy.of(caller.signal)).toBe(0);
    expect(spy.max()).toBe(1);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });

  it("an abort of the caller's signal still stops a streamed read", async () => {
    const caller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const result of kv.getEach(keys, { signal: caller.signal, concurrency: 2 })) {
        seen.push(result.key);
        if (seen.length === 5) caller.abort();
      }
    })();
    await expect(reading).rejects.toSatisfy(KvAbortError.isInstance);
    expect(seen.length).toBeLessThan(keys.length);
  });
});

describe("withTaskSignal", () => {
  it("follows the outer signal while the task runs, and lets go of it after", async () => {
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    const running = withTaskSignal(
      outer.signal,
      (signal) =>
        new Promise<string>((_resolve, reject) => {
          inner = signal;
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        }),
    );
    expect(inner).not.toBe(outer.signal);
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(1);
    const reason = new Error("stop");
    outer.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(inner?.aborted).toBe(true);

    const done = new AbortController();
    await expect(withTaskSignal(done.signal, async () => "ok")).resolves.toBe("ok");
    expect(getEventListeners(done.signal, "abort")).toHaveLength(0);
  });

  it("passes an absent or already aborted signal through as it is", async () => {
    await expect(withTaskSignal(undefined, async (signal) => signal)).resolves.toBeUndefined();
    const aborted = AbortSignal.abort();
    await expect(withTaskSignal(aborted, async (signal) => signal)).resolves.toBe(aborted);
  });
});
