/**
 * bentocache 1.6.1 ships its driver test suite (`bentocache/test_suite`, for the Japa runner). It runs
 * here, unchanged, against our driver from the built package in a Japa process of its own, on an
 * emulator namespace; this test passes only if every test of the suite passed.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKv, type TestKv } from "./helpers.js";

const RUNNER = fileURLToPath(new URL("./bentocache-suite/run.mjs", import.meta.url));

let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  kv = await startTestKv();
  ns = await kv.namespace();
});
afterAll(() => kv.close());

function runSuite(): Promise<{ code: number | null; output: string }> {
  const config = { baseUrl: kv.emulator.url, apiKey: kv.apiKey, namespaceId: ns.id };
  const child = spawn(process.execPath, [RUNNER], {
    env: { ...process.env, BENTOCACHE_SUITE_CONFIG: JSON.stringify(config), FORCE_COLOR: "0", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

describe("bentocache's driver test suite", () => {
  it("passes every test of bentocache/test_suite (bentocache 1.6.1)", async () => {
    const { code, output } = await runSuite();
    expect(output, output).toMatch(/PASSED/);
    expect(output, output).not.toMatch(/FAILED|failed/);
    const passed = Number(/Tests\s+(\d+) passed/.exec(output)?.[1]);
    // The suite registers 21 tests in bentocache 1.6.1; fewer would mean some were not run.
    expect(passed, output).toBe(21);
    expect(code, output).toBe(0);
  });
});
