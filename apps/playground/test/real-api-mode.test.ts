import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, startPlayground } from "../server/playground.js";
import { tempDir } from "./helpers.js";

// TELNYX_API_KEY switches the playground to "the real API"; a second emulator that accepts only that key
// stands in for it, so the test proves the proxy forwards with the configured key and nothing else.
describe("TELNYX_API_KEY mode", () => {
  const KEY = "pretend-real-key-0123456789";
  let upstream: Emulator;
  let playground: Playground;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    dir = await tempDir();
    upstream = await startEmulator({ tokens: [KEY] });
    playground = await startPlayground({
      port: 0,
      dataDir: dir.path,
      env: { TELNYX_API_KEY: KEY, TELNYX_BASE_URL: upstream.origin },
      log: () => {},
    });
  });

  afterAll(async () => {
    await playground?.close();
    await upstream?.close();
    await dir?.remove();
  });

  it("tells the page it targets the real API, without the key", async () => {
    const info = await (await fetch(`${playground.url}api/info`)).json();
    expect(info).toEqual({ mode: "telnyx", target: upstream.url, dataDir: null });
    expect(JSON.stringify(info)).not.toContain(KEY);
  });

  it("forwards /kv requests upstream with the server's key", async () => {
    const created = await fetch(`${playground.url}kv/v2/storage/kvs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "through-the-proxy" }),
    });
    expect(created.status).toBe(201);
    const listed = await (await fetch(`${playground.url}kv/v2/storage/kvs`)).json();
    expect(listed.data.map((ns: { name: string }) => ns.name)).toEqual(["through-the-proxy"]);
  });

  it("refuses requests from another site's page", async () => {
    const response = await fetch(`${playground.url}kv/v2/storage/kvs`, {
      headers: { origin: "http://attacker.example" },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).errors[0].code).toBe("10010");
  });
});
