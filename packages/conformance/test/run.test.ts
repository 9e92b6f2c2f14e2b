import { createKvClient } from "@telnyx-kv/core";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientCases, runConformance } from "../src/cases.js";

// The harness every runtime uses must report a client that does not conform, and name what does not apply.
describe("runConformance", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => emulator.close());

  it("fails the cases a broken client breaks, by name, and passes the rest", async () => {
    const keys = clientCases.filter((entry) => entry.group === "keys");
    // A client whose transport turns every stored text upper case: reads no longer match writes.
    const corrupting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!response.headers.get("content-type")?.startsWith("text/plain")) return response;
      return new Response((await response.text()).toUpperCase(), response);
    };
    const results = await runConformance(keys, {
      name: "corrupting",
      createClient: (options) => createKvClient({ ...options, baseUrl: emulator.url, fetch: corrupting }),
    });
    const failed = results.filter((result) => result.status === "failed").map((result) => result.title);
    expect(failed).toContain("keys › puts and gets text, JSON and bytes, reporting created vs updated");
    expect(results.find((result) => result.status === "failed")).toMatchObject({
      error: expect.stringMatching(/ConformanceAssertionError: expected "HELLO AGAIN" to be "Hello again"/),
    });
    expect(results.some((result) => result.status === "passed")).toBe(true);
  });

  it("lists what a target cannot do as not applicable, with what it lacks", async () => {
    const reported: string[] = [];
    const results = await runConformance(
      clientCases,
      {
        name: "proxy-like",
        createClient: (options) => createKvClient({ ...options, baseUrl: emulator.url }),
        sharedAccount: true,
        usesApiKey: false,
      },
      (result) => reported.push(result.title),
    );
    const skipped = results.filter((result) => result.status === "not applicable");
    expect(skipped.map((result) => result.title)).toContain("namespaces › keeps accounts apart");
    expect(skipped.map((result) => result.title)).toContain(
      "validation before any request › refuses an empty API key",
    );
    expect(skipped.find((result) => result.title.startsWith("retries under injected faults"))).toMatchObject({
      reason: "needs faults",
    });
    expect(reported).toHaveLength(clientCases.length);
    expect(results.filter((result) => result.status === "failed")).toEqual([]);
  });
});
