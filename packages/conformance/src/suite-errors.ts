import { KvHttpError, KvNetworkError, KvTimeoutError } from "@telnyx-kv/core";
import { expect } from "./assert.js";
import { type ConformanceCase, group } from "./case.js";
import { collect, freshName, freshToken, readyNamespace } from "./fixtures.js";

/** Authentication failures against an emulator that accepts only some tokens. */
export const authCases: ConformanceCase[] = group(
  "authentication",
  {
    async "a refused token fails with 401 10009 and never shows in the error"(target) {
      const token = target.refusedToken ?? "";
      const kv = target.createClient({ apiKey: token, retry: false });
      const error = await kv.namespaces.create(freshName("auth")).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ kind: "http", status: 401, code: "10009" });
      expect(`${(error as Error).message}${(error as Error).stack}${JSON.stringify(error)}`).not.toContain(
        token,
      );
    },
  },
  ["refused-token"],
);

/** Typed errors without faults. */
export const errorCases: ConformanceCase[] = group("errors", {
  async "writes to an unknown namespace fail with a typed 404"(target) {
    const kv = target.createClient({ apiKey: freshToken("err-404") });
    const ns = kv.namespace("00000000-0000-4000-8000-000000000001");
    const error = await ns.put("k", "v").catch((thrown: unknown) => thrown);
    expect(KvHttpError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, code: "10005", operation: "keys.put", key: "k" });
  },
});

/** Typed errors and retries under the emulator's injected faults. */
export const faultCases: ConformanceCase[] = group(
  "retries under injected faults",
  {
    async "gives up on a steady 503 after the configured retries"(target) {
      const { ns } = await readyNamespace(target, "fault-503");
      await target.setFaults?.({ failureRate: 1, failureKinds: ["503"] });
      const error = await ns.getText("k").catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ kind: "http", status: 503, isRetryable: true });
      expect((error as Error).message).toMatch(/after 3 attempts/);
    },

    async "ends with the right state when half the requests fail"(target) {
      const { token, ns } = await readyNamespace(target, "fault-mixed");
      const patient = target
        .createClient({ apiKey: token, retry: { retries: 30, baseDelayMs: 1, maxDelayMs: 5 } })
        .namespace(ns.id);
      await target.setFaults?.({ failureRate: 0.5, failureKinds: ["500", "502", "503", "408", "reset"] });
      for (let index = 0; index < 10; index++) await patient.put(`k${index}`, `v${index}`);
      await patient.delete("k0");
      await target.setFaults?.(undefined);
      const keys = (await collect(ns.list())).map((entry) => entry.key);
      expect(keys).toEqual(["k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"]);
      for (const key of keys) expect(await ns.getText(key)).toBe(`v${key.slice(1)}`);
    },

    async "reports a 429's reset hint on the error"(target) {
      const { token, ns } = await readyNamespace(target, "fault-429");
      await target.setFaults?.({ failureRate: 1, failureKinds: ["429"] });
      const once = target.createClient({ apiKey: token, retry: false }).namespace(ns.id);
      const error = await once.getText("k").catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ kind: "http", status: 429, code: "10011" });
      expect((error as KvHttpError).retryAfterMs).toBeGreaterThan(0);
    },

    async "maps a connection reset to KvNetworkError and latency past the timeout to KvTimeoutError"(target) {
      const { token, ns } = await readyNamespace(target, "fault-kinds");
      await target.setFaults?.({ failureRate: 1, failureKinds: ["reset"] });
      await expect(ns.getText("k")).rejects.toSatisfy(KvNetworkError.isInstance);
      await target.setFaults?.({ latencyMs: 300 });
      const slow = target.createClient({ apiKey: token, timeoutMs: 50, retry: false }).namespace(ns.id);
      await expect(slow.getText("k")).rejects.toSatisfy(KvTimeoutError.isInstance);
    },

    async "never creates a duplicate namespace while creates fail ambiguously"(target) {
      const token = freshToken("fault-create");
      const kv = target.createClient({ apiKey: token, retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 5 } });
      await target.setFaults?.({ failureRate: 0.5, failureKinds: ["503", "reset", "500"] });
      const names = Array.from({ length: 6 }, (_, index) => freshName(`once${index}`));
      const results = await Promise.allSettled(names.map((name) => kv.namespaces.create(name)));
      await target.setFaults?.(undefined);
      const listed = await collect(kv.namespaces.list());
      for (const name of names)
        expect(listed.filter((namespace) => namespace.name === name).length).toBeLessThanOrEqual(1);
      results.forEach((result, index) => {
        if (result.status === "fulfilled") {
          expect(listed.filter((namespace) => namespace.name === names[index])).toHaveLength(1);
        } else {
          expect((result.reason as { kind?: string }).kind).toMatch(/^(http|network|timeout)$/);
        }
      });
    },
  },
  ["faults"],
);
