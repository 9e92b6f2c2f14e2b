/** A wrong server option is a `KvConfigError` naming the option, from `startEmulator` and `setFaults`. */
import { KvConfigError } from "@telnyx-kv/core";
import { describe, expect, it } from "vitest";
import { type EmulatorOptions, startEmulator } from "../src/index.js";

async function configError(options: EmulatorOptions): Promise<KvConfigError> {
  const error: unknown = await startEmulator({ logger: false, ...options }).then(
    async (emu) => {
      await emu.close();
      throw new Error(`startEmulator accepted ${JSON.stringify(options)}`);
    },
    (e: unknown) => e,
  );
  expect(KvConfigError.isInstance(error)).toBe(true);
  return error as KvConfigError;
}

describe("emulator options", () => {
  it.each<[string, EmulatorOptions]>([
    ["store", { store: "redis" as "memory" }],
    ["dataDir", { store: "sqlite" }],
    ["provisionDelayMs", { provisionDelayMs: -1 }],
    ["deleteDelayMs", { deleteDelayMs: Number.NaN }],
    ["faults", { faults: { failureRate: 2 } }],
    ["faults", { faults: { failureKinds: ["418" as "500"] } }],
    ["rateLimitPerMinute", { rateLimitPerMinute: 0 }],
    ["rateLimitWindowMs", { rateLimitPerMinute: 5, rateLimitWindowMs: 0.5 }],
    ["port", { port: 70_000 }],
    ["port", { port: -1 }],
  ])("refuses a bad %s with a KvConfigError naming it", async (option, options) => {
    const error = await configError(options);
    expect(error.option).toBe(option);
    expect(error.message).toContain(option);
  });

  it("refuses bad faults from setFaults the same way and keeps serving", async () => {
    const emu = await startEmulator({ logger: false });
    try {
      let error: unknown;
      try {
        emu.setFaults({ latencyMs: -5 });
      } catch (e) {
        error = e;
      }
      expect(KvConfigError.isInstance(error)).toBe(true);
      expect((error as KvConfigError).option).toBe("faults");
      const res = await fetch(`${emu.url}/storage/kvs`, { headers: { authorization: "Bearer t" } });
      expect(res.status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});
