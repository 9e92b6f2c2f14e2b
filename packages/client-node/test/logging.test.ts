import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createKvClient } from "../src/index.js";
import { startRig, TEST_API_KEY, type TestRig } from "./helpers.js";

describe("logging", () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.close());

  /** Runs a few calls, including failing ones, so every log path is taken. */
  async function exercise(client: ReturnType<typeof createKvClient>) {
    const kv = client.namespace(rig.namespaceId);
    await kv.put("log/key", "v");
    await kv.getText("log/key");
    await kv.getText("log/missing");
    await client.namespaces.get("11111111-2222-4333-8444-555555555555").catch(() => {});
    await client.close();
  }

  it("TELNYX_KV_LOG=debug prints one line per attempt on stderr, without the API key", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await exercise(
        createKvClient({ apiKey: TEST_API_KEY, baseUrl: rig.emulator.url, env: { TELNYX_KV_LOG: "debug" } }),
      );
    } finally {
      spy.mockRestore();
    }
    const output = lines.join("");
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(output).toMatch(/\[telnyx-kv\] PUT .*keys\/log%2Fkey -> 201/);
    expect(output).toMatch(/-> 404/);
    expect(output).not.toContain(TEST_API_KEY);
    expect(output.toLowerCase()).not.toContain("authorization");
    expect(output.toLowerCase()).not.toContain("bearer");
  });

  it("passes lines to a logger option, never with the token, and stays quiet without one", async () => {
    const captured: unknown[] = [];
    await exercise(
      createKvClient({
        apiKey: TEST_API_KEY,
        baseUrl: rig.emulator.url,
        env: {},
        logger: { debug: (message, fields) => captured.push(message, fields) },
      }),
    );
    const text = JSON.stringify(captured);
    expect(captured.length).toBeGreaterThan(0);
    expect(text).not.toContain(TEST_API_KEY);
    expect(text.toLowerCase()).not.toContain("bearer");

    const spy = vi.spyOn(process.stderr, "write");
    await exercise(createKvClient({ apiKey: TEST_API_KEY, baseUrl: rig.emulator.url, env: {} }));
    await exercise(
      createKvClient({
        apiKey: TEST_API_KEY,
        baseUrl: rig.emulator.url,
        env: { TELNYX_KV_LOG: "debug" },
        logger: false,
      }),
    );
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
