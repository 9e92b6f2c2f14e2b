import { tracingChannel } from "node:diagnostics_channel";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKvProxy } from "../src/proxy/index.js";
import { KV_REQUEST_CHANNEL, type KvRequestTraceContext } from "../src/tracing-channels.js";
import { createNamespace, listen, type TestServer } from "./proxy-fixtures.js";

const SERVER_KEY = "server-side-key-trace-5d1e";

/** Every event of the request channel, per context, while `run` goes. */
async function recordRequests(run: () => Promise<void>) {
  const traces = new Map<KvRequestTraceContext, string[]>();
  const seen =
    (event: string) =>
    (context: unknown): void => {
      const key = context as KvRequestTraceContext;
      traces.set(key, [...(traces.get(key) ?? []), event]);
    };
  const handlers = {
    start: seen("start"),
    end: seen("end"),
    asyncStart: seen("asyncStart"),
    asyncEnd: seen("asyncEnd"),
    error: seen("error"),
  };
  const channel = tracingChannel(KV_REQUEST_CHANNEL);
  channel.subscribe(handlers);
  try {
    await run();
  } finally {
    channel.unsubscribe(handlers);
  }
  return [...traces];
}

describe("the proxy's forwards on the telnyx-kv:request channel", () => {
  let emulator: Emulator;
  let server: TestServer;
  let unreachable: TestServer;
  let namespaceId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [SERVER_KEY], rateLimitPerMinute: 1000 });
    namespaceId = await createNamespace(emulator.url, SERVER_KEY, "traced");
    const options = {
      apiKey: SERVER_KEY,
      public: true as const,
      mountPath: "/kv",
      allow: { namespaces: "*" as const },
    };
    server = await listen(createKvProxy({ ...options, baseUrl: emulator.url }).node);
    unreachable = await listen(createKvProxy({ ...options, baseUrl: "http://127.0.0.1:9/v2" }).node);
  });
  afterAll(async () => {
    await server.close();
    await unreachable.close();
    await emulator.close();
  });

  it("traces each forward with what it concerns and the answer, never the key", async () => {
    const key = "a/b.c";
    const url = `${server.origin}/kv/v2/storage/kvs/${namespaceId}/keys/${encodeURIComponent(key)}`;
    const traces = await recordRequests(async () => {
      expect((await fetch(url, { method: "PUT", body: "hello" })).status).toBe(201);
      expect(await (await fetch(url)).text()).toBe("hello");
      expect((await fetch(`${server.origin}/kv/v2/storage/kvs/${namespaceId}/keys?prefix=a%2F`)).status).toBe(
        200,
      );
    });
    expect(traces).toHaveLength(3);
    const [[put, putEvents], [get], [list]] = traces as [
      [KvRequestTraceContext, string[]],
      [KvRequestTraceContext],
      [KvRequestTraceContext],
    ];
    expect(putEvents).toEqual(["start", "end", "asyncStart", "asyncEnd"]);
    expect(put).toMatchObject({
      operation: "keys.put",
      method: "PUT",
      url: `${emulator.url}/storage/kvs/${namespaceId}/keys/a%2Fb.c`,
      attempt: 0,
      via: "proxy",
      namespaceId,
      key,
      bytesSent: 5,
      status: 201,
      rateLimit: { limit: 1000 },
    });
    expect(typeof put.requestId).toBe("string");
    expect(put.parent).toBeUndefined();
    expect(get).toMatchObject({
      operation: "keys.get",
      method: "GET",
      status: 200,
      bytesSent: 0,
      bytesReceived: 5,
    });
    expect(list).toMatchObject({ operation: "keys.list", namespaceId, status: 200 });
    expect(list.url, "no query").toBe(`${emulator.url}/storage/kvs/${namespaceId}/keys`);
    expect(JSON.stringify(traces)).not.toContain(SERVER_KEY);
  });

  it("traces a forward that got no answer with its error, and refusals not at all", async () => {
    const traces = await recordRequests(async () => {
      // The proxy answers 502, or resets the connection when the request may have reached the API.
      const answer = await fetch(`${unreachable.origin}/kv/v2/storage/kvs/${namespaceId}/keys/k`).catch(
        () => null,
      );
      expect(answer === null || answer.status === 502).toBe(true);
      // Refused by the proxy itself (not a KV path): nothing was sent upstream, so no trace.
      expect((await fetch(`${server.origin}/kv/v2/elsewhere`)).status).toBe(404);
    });
    expect(traces).toHaveLength(1);
    const [[failed, events]] = traces as [[KvRequestTraceContext, string[]]];
    expect(events).toEqual(["start", "end", "error", "asyncStart", "asyncEnd"]);
    expect(failed).toMatchObject({ operation: "keys.get", via: "proxy", key: "k" });
    expect(failed.status).toBeUndefined();
    expect(failed.error).toBeInstanceOf(Error);
  });
});
