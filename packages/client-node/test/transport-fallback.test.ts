import { Readable } from "node:stream";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// What Bun 1.4 gives for `import { Agent } from "undici"`: the classes exist, their methods do not.
vi.mock("undici", async (importOriginal) => {
  class StandIn {}
  return { ...(await importOriginal<typeof import("undici")>()), Agent: StandIn, ProxyAgent: StandIn };
});

const { createKvClient, KvConfigError, KvNetworkError } = await import("../src/index.js");
const { canDispatch } = await import("../src/connection-pool.js");

describe("client-node where undici cannot send (Bun)", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => emulator.close());
  afterEach(() => vi.restoreAllMocks());

  it("tells a stand-in from a dispatcher by capability", async () => {
    const { Agent } = await import("undici");
    expect(canDispatch(new Agent())).toBe(false);
    const real = await vi.importActual<typeof import("undici")>("undici");
    const agent = new real.Agent();
    expect(canDispatch(agent)).toBe(true);
    await agent.close();
  });

  it("sends through the runtime's fetch: keys, Node values and streams work, close() ends it", async () => {
    const sent = vi.spyOn(globalThis, "fetch");
    const client = createKvClient({ apiKey: "KEYfallback0123456789", baseUrl: emulator.url, env: {} });
    const created = await client.namespaces.create("fallback");
    await client.namespaces.waitUntilReady(created.id, { intervalMs: 5 });
    const ns = client.namespace(created.id);
    expect(await ns.put("a", Buffer.from("bytes"))).toEqual({ created: true });
    await ns.put("b", Readable.from([Buffer.from("str"), Buffer.from("eam")]));
    expect(await ns.getText("a")).toBe("bytes");
    const chunks: Buffer[] = [];
    for await (const chunk of (await ns.getStream("b"))!) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe("stream");
    expect(sent).toHaveBeenCalled();
    await client.close();
    await client.close();
    const after = await ns.getText("a").catch((error: unknown) => error);
    expect(KvNetworkError.isInstance(after)).toBe(true);
  });

  it("refuses a dispatcher the caller passed that cannot send, instead of quietly using fetch", async () => {
    const sent = vi.spyOn(globalThis, "fetch");
    const { Agent } = await import("undici");
    for (const dispatcher of [new Agent(), {}]) {
      const made = (() => {
        try {
          return createKvClient({
            apiKey: "KEYfallback0123456789",
            baseUrl: emulator.url,
            dispatcher: dispatcher as never,
          });
        } catch (error) {
          return error;
        }
      })();
      expect(KvConfigError.isInstance(made)).toBe(true);
      expect(made).toMatchObject({ option: "dispatcher" });
      expect((made as Error).message).toMatch(/cannot be used on this runtime.*Leave the option out/);
    }
    expect(sent).not.toHaveBeenCalled();
  });

  it("sends through a dispatcher the caller passed that can send, not the runtime's fetch", async () => {
    const sent = vi.spyOn(globalThis, "fetch");
    const real = await vi.importActual<typeof import("undici")>("undici");
    const agent = new real.Agent();
    const client = createKvClient({
      apiKey: "KEYfallback0123456789",
      baseUrl: emulator.url,
      dispatcher: agent,
    });
    const created = await client.namespaces.create("own-dispatcher");
    expect(created.id).toBeTruthy();
    expect(sent).not.toHaveBeenCalled();
    await client.close();
    await agent.close();
  });

  it("hands a proxy to fetch's proxy option, which Bun reads", async () => {
    const sent = vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ data: [], meta: {} }));
    const client = createKvClient({
      apiKey: "KEYfallback0123456789",
      baseUrl: emulator.url,
      proxy: "http://127.0.0.1:9",
    });
    await client.namespaces.get("00000000-0000-4000-8000-000000000000").catch(() => undefined);
    expect(sent.mock.calls[0]?.[1]).toMatchObject({ proxy: "http://127.0.0.1:9" });
    await client.close();
  });
});
