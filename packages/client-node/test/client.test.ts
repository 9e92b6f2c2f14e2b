import { Readable } from "node:stream";
import { FAULT_HEADER, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createKvClient,
  KvAbortError,
  KvClient,
  KvConfigError,
  KvNetworkError,
  KvTimeoutError,
} from "../src/index.js";
import { startRig, TEST_API_KEY, type TestRig } from "./helpers.js";
import { startServer } from "./http-server.js";

describe("Node client on the emulator", () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.close());

  it("puts, gets, lists and deletes through the undici transport", async () => {
    const kv = rig.client.namespace(rig.namespaceId);
    expect(await kv.put("a/b", "hello")).toEqual({ created: true });
    expect(await kv.put("a/b", "hello2")).toEqual({ created: false });
    expect(await kv.getText("a/b")).toBe("hello2");
    expect(await kv.getText("missing")).toBeNull();
    await kv.putJson("j", { n: 1 });
    expect(await kv.getJson("j")).toEqual({ n: 1 });
    const keys = [];
    for await (const info of kv.list({ prefix: "a/" })) keys.push(info.key);
    expect(keys).toEqual(["a/b"]);
    await kv.delete("a/b");
    expect(await kv.getText("a/b")).toBeNull();
  });

  it("writes a Buffer and a Readable, and reads a Readable", async () => {
    const kv = rig.client.namespace(rig.namespaceId);
    await kv.put("buf", Buffer.from([0, 1, 2, 255]));
    expect([...((await kv.getBytes("buf")) ?? [])]).toEqual([0, 1, 2, 255]);
    await kv.put("readable", Readable.from([Buffer.from("ab"), Buffer.from("cd"), Buffer.from("ef")]));
    expect(await kv.getText("readable")).toBe("abcdef");
    const stream = await kv.getStream("readable");
    const chunks: Buffer[] = [];
    for await (const chunk of stream!) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe("abcdef");
    expect(await kv.getStream("nope")).toBeNull();
  });

  it("stops a Readable over 1 MiB with the size error", async () => {
    const kv = rig.client.namespace(rig.namespaceId);
    const big = Readable.from(
      (function* () {
        for (let i = 0; i < 20; i++) yield Buffer.alloc(64 * 1024, 1);
      })(),
    );
    const error = await kv.put("too-big", big).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "validation", input: "value size", status: 413 });
    expect(await kv.getText("too-big")).toBeNull();
  });

  it("maps a caller's abort and a timeout to typed errors", async () => {
    const slow = createKvClient({
      apiKey: TEST_API_KEY,
      baseUrl: rig.emulator.url,
      headers: { [FAULT_HEADER]: "latency=2000" },
      timeoutMs: 100,
      retry: false,
      env: {},
    });
    const kv = slow.namespace(rig.namespaceId);
    const timeout = await kv.getText("k").catch((caught: unknown) => caught);
    expect(KvTimeoutError.isInstance(timeout)).toBe(true);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const patient = createKvClient({
      apiKey: TEST_API_KEY,
      baseUrl: rig.emulator.url,
      headers: { [FAULT_HEADER]: "latency=2000" },
      env: {},
    });
    const started = Date.now();
    const aborted = await patient
      .namespace(rig.namespaceId)
      .getText("k", { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(KvAbortError.isInstance(aborted)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    await slow.close();
    await patient.close();
  });
});

describe("connections", () => {
  it("reports a refused connection as never having reached the server", async () => {
    const emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
    const url = emulator.url;
    await emulator.close();
    const client = createKvClient({ apiKey: TEST_API_KEY, baseUrl: url, retry: false, env: {} });
    const error = (await client.namespaces.create("x").catch((caught: unknown) => caught)) as KvNetworkError;
    expect(KvNetworkError.isInstance(error)).toBe(true);
    expect(error.reachedServer).toBe(false);
    expect(error.message).toContain("ECONNREFUSED");
    await client.close();
  });

  it("keeps sockets alive across requests, and close() frees it", async () => {
    const id = "7b7c3d3a-0a5e-4b8e-9d56-2b7c1b6f0a11";
    let open = 0;
    let opened = 0;
    const server = await startServer((_req, res) => {
      const record = { record_type: "storage_kv", id, name: "n", status: "provision_ok" };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { ...record, created_at: "", updated_at: "" } }));
    });
    server.server.on("connection", (socket) => {
      open++;
      opened++;
      socket.on("close", () => open--);
    });
    const client = createKvClient({ apiKey: TEST_API_KEY, baseUrl: server.origin, retry: false, env: {} });
    for (let i = 0; i < 20; i++) await client.namespaces.get(id);
    // undici opens a second socket while the very first one finishes connecting; after that, reuse.
    expect(opened).toBeLessThanOrEqual(2);
    expect(open).toBeGreaterThan(0);
    await client.close();
    await client.close(); // idempotent
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(open).toBe(0);
    const after = await client.namespaces.get(id).catch((caught: unknown) => caught);
    expect(KvNetworkError.isInstance(after)).toBe(true);
    await server.close();
  });
});

describe("fromEnv", () => {
  it("fails without a key, naming the option and the variable", () => {
    for (const make of [() => createKvClient.fromEnv({ env: {} }), () => KvClient.fromEnv({ env: {} })]) {
      let error: unknown;
      try {
        make();
      } catch (caught) {
        error = caught;
      }
      expect(KvConfigError.isInstance(error)).toBe(true);
      expect((error as KvConfigError).option).toBe("apiKey");
      expect((error as KvConfigError).envVar).toBe("TELNYX_API_KEY");
      expect((error as Error).message).toMatch(/apiKey/);
      expect((error as Error).message).toMatch(/TELNYX_API_KEY/);
    }
  });

  it("reads TELNYX_API_KEY and TELNYX_BASE_URL with or without /v2; options win", async () => {
    const emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
    for (const baseUrl of [emulator.url, emulator.origin, `${emulator.origin}/`]) {
      const client = KvClient.fromEnv({ env: { TELNYX_API_KEY: TEST_API_KEY, TELNYX_BASE_URL: baseUrl } });
      expect(client.baseUrl).toBe(emulator.url);
      await client.namespaces.create(`env-${baseUrl.length}-${Math.random().toString(36).slice(2, 8)}`);
      await client.close();
    }
    const overridden = createKvClient.fromEnv({
      baseUrl: "https://example.test",
      env: { TELNYX_API_KEY: TEST_API_KEY, TELNYX_BASE_URL: emulator.url },
    });
    expect(overridden.baseUrl).toBe("https://example.test/v2");
    await overridden.close();
    const defaulted = KvClient.fromEnv({ env: { TELNYX_API_KEY: TEST_API_KEY } });
    expect(defaulted.baseUrl).toBe("https://api.telnyx.com/v2");
    await defaulted.close();
    await emulator.close();
  });
});
