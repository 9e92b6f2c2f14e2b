import { KvHttpError, KvNetworkError, KvTimeoutError } from "@telnyx-kv/core";
import { afterEach, describe, expect, it } from "vitest";
import { collect, freshName, freshToken, readyNamespace } from "./fixtures.js";
import type { ConformanceTarget } from "./target.js";

/** Authentication failures against an emulator that accepts only some tokens. */
export function authConformance(target: ConformanceTarget): void {
  describe("authentication", () => {
    it("a refused token fails with 401 10009 and never shows in the error", async () => {
      const token = target.refusedToken ?? "";
      const kv = target.createClient({ apiKey: token, retry: false });
      const error = await kv.namespaces.create(freshName("auth")).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ kind: "http", status: 401, code: "10009" });
      expect(`${(error as Error).message}${(error as Error).stack}${JSON.stringify(error)}`).not.toContain(
        token,
      );
    });
  });
}

/** Typed errors and retries under the emulator's injected faults. */
export function errorConformance(target: ConformanceTarget): void {
  describe("errors", () => {
    it("writes to an unknown namespace fail with a typed 404", async () => {
      const kv = target.createClient({ apiKey: freshToken("err-404") });
      const ns = kv.namespace("00000000-0000-4000-8000-000000000001");
      const error = await ns.put("k", "v").catch((thrown: unknown) => thrown);
      expect(KvHttpError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 404, code: "10005", operation: "keys.put", key: "k" });
    });
  });

  // Registered only where the platform can set faults, so no run reports a skipped test.
  if (target.setFaults === undefined) return;
  describe("retries under injected faults", () => {
    const setFaults = async (faults: Parameters<NonNullable<ConformanceTarget["setFaults"]>>[0]) => {
      await target.setFaults?.(faults);
    };
    afterEach(() => setFaults(undefined));

    it("gives up on a steady 503 after the configured retries", async () => {
      const { ns } = await readyNamespace(target, "fault-503");
      await setFaults({ failureRate: 1, failureKinds: ["503"] });
      const error = await ns.getText("k").catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ kind: "http", status: 503, isRetryable: true });
      expect((error as Error).message).toMatch(/after 3 attempts/);
    });

    it("ends with the right state when half the requests fail", async () => {
      const { token, ns } = await readyNamespace(target, "fault-mixed");
      const patient = target
        .createClient({ apiKey: token, retry: { retries: 30, baseDelayMs: 1, maxDelayMs: 5 } })
        .namespace(ns.id);
      await setFaults({ failureRate: 0.5, failureKinds: ["500", "502", "503", "408", "reset"] });
      for (let index = 0; index < 10; index++) await patient.put(`k${index}`, `v${index}`);
      await patient.delete("k0");
      await setFaults(undefined);
      const keys = (await collect(ns.list())).map((entry) => entry.key);
      expect(keys).toEqual(["k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"]);
      for (const key of keys) expect(await ns.getText(key)).toBe(`v${key.slice(1)}`);
    });

    it("reports a 429's reset hint on the error", async () => {
      const { token, ns } = await readyNamespace(target, "fault-429");
      await setFaults({ failureRate: 1, failureKinds: ["429"] });
      const once = target.createClient({ apiKey: token, retry: false }).namespace(ns.id);
      const error = await once.getText("k").catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ kind: "http", status: 429, code: "10011" });
      expect((error as KvHttpError).retryAfterMs).toBeGreaterThan(0);
    });

    it("maps a connection reset to KvNetworkError and latency past the timeout to KvTimeoutError", async () => {
      const { token, ns } = await readyNamespace(target, "fault-kinds");
      await setFaults({ failureRate: 1, failureKinds: ["reset"] });
      await expect(ns.getText("k")).rejects.toSatisfy(KvNetworkError.isInstance);
      await setFaults({ latencyMs: 300 });
      const slow = target.createClient({ apiKey: token, timeoutMs: 50, retry: false }).namespace(ns.id);
      await expect(slow.getText("k")).rejects.toSatisfy(KvTimeoutError.isInstance);
    });

    it("never creates a duplicate namespace while creates fail ambiguously", async () => {
      const token = freshToken("fault-create");
      const kv = target.createClient({ apiKey: token, retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 5 } });
      await setFaults({ failureRate: 0.5, failureKinds: ["503", "reset", "500"] });
      const names = Array.from({ length: 6 }, (_, index) => freshName(`once${index}`));
      const results = await Promise.allSettled(names.map((name) => kv.namespaces.create(name)));
      await setFaults(undefined);
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
    });
  });
}
