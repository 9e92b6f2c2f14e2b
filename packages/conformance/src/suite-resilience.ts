import { KvAbortError, KvHttpError } from "@telnyx-kv/core";
import { expect } from "./assert.js";
import { type ConformanceCase, group } from "./case.js";
import { collect, readyNamespace } from "./fixtures.js";

/** A caller's abort, which needs no fault. */
export const abortCases: ConformanceCase[] = group("caller aborts", {
  async "an aborted signal fails with KvAbortError and sends nothing that sticks"(target) {
    const { ns } = await readyNamespace(target, "abort");
    const error = await ns.put("k", "v", { signal: AbortSignal.abort() }).catch((thrown: unknown) => thrown);
    expect(KvAbortError.isInstance(error)).toBe(true);
    expect(await ns.get("k")).toBeNull();
  },
});

/** Gives up on a steady failure of one kind with a typed, retryable error, and writes nothing. */
function steady(kind: "500" | "502" | "408"): ConformanceCase["run"] {
  return async (target) => {
    const { token, ns } = await readyNamespace(target, `steady-${kind}`);
    const quick = target
      .createClient({ apiKey: token, retry: { retries: 1, baseDelayMs: 1 } })
      .namespace(ns.id);
    await target.setFaults?.({ failureRate: 1, failureKinds: [kind] });
    const error = await quick.put("k", "v").catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      kind: "http",
      status: Number(kind),
      isRetryable: true,
      operation: "keys.put",
    });
    expect((error as Error).message).toMatch(/after 2 attempts/);
    await target.setFaults?.(undefined);
    expect(await ns.get("k")).toBeNull();
  };
}

/** Retries that end well, hints that are honoured or refused, timeouts and aborts under faults. */
export const recoveryCases: ConformanceCase[] = group(
  "recovery under injected faults",
  {
    async "waits out a 429's x-ratelimit-reset, then succeeds"(target) {
      const { token, ns } = await readyNamespace(target, "retry-429");
      const patient = target
        .createClient({ apiKey: token, retry: { retries: 3, baseDelayMs: 1, maxRetryAfterMs: 5000 } })
        .namespace(ns.id);
      await target.setFaults?.({ failureRate: 1, failureKinds: ["429"] });
      const started = Date.now();
      const put = patient.put("k", "after the limit");
      // The first attempt is refused at once; lift the limit while the client waits out the hint.
      setTimeout(() => void target.setFaults?.(undefined), 150);
      expect(await put).toEqual({ created: true });
      // The emulator's hint is 1 s: a retry that came sooner ignored it.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(await ns.getText("k")).toBe("after the limit");
    },

    async "fails at once when a 429's hint is longer than maxRetryAfterMs, naming the wait"(target) {
      const { token, ns } = await readyNamespace(target, "retry-429-long");
      const hasty = target
        .createClient({ apiKey: token, retry: { retries: 3, maxRetryAfterMs: 100 } })
        .namespace(ns.id);
      await target.setFaults?.({ failureRate: 1, failureKinds: ["429"] });
      const error = await hasty.getText("k").catch((thrown: unknown) => thrown);
      expect(KvHttpError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 429, code: "10011", retryAfterMs: 1000, isRetryable: true });
      expect((error as Error).message).toMatch(/maxRetryAfterMs/);
    },

    "gives up on a steady 500 with a typed, retryable error": steady("500"),
    "gives up on a steady 502 with a typed, retryable error": steady("502"),
    "gives up on a steady 408 with a typed, retryable error": steady("408"),

    async "retries an attempt that timed out and ends with the value written once"(target) {
      const { token, ns } = await readyNamespace(target, "retry-timeout");
      const impatient = target
        .createClient({
          apiKey: token,
          timeoutMs: 100,
          retry: { retries: 5, baseDelayMs: 20, maxDelayMs: 50 },
        })
        .namespace(ns.id);
      await target.setFaults?.({ latencyMs: 400 });
      const put = impatient.put("k", "slow but sure");
      setTimeout(() => void target.setFaults?.(undefined), 50);
      await put;
      expect(await ns.getText("k")).toBe("slow but sure");
      expect((await collect(ns.list())).map((entry) => entry.key)).toEqual(["k"]);
    },

    async "aborts during the wait between retries"(target) {
      const { token, ns } = await readyNamespace(target, "abort-wait");
      const slow = target
        .createClient({ apiKey: token, retry: { retries: 5, baseDelayMs: 10_000 } })
        .namespace(ns.id);
      await target.setFaults?.({ failureRate: 1, failureKinds: ["503"] });
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 100);
      const error = await slow.getText("k", { signal: controller.signal }).catch((thrown: unknown) => thrown);
      expect(KvAbortError.isInstance(error)).toBe(true);
      // Far below the 5 s the first backoff step could take: the wait itself was cut short.
      expect(Date.now() - started).toBeLessThan(4000);
    },
  },
  ["faults"],
);
