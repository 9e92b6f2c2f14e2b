import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { FAULT_HEADER } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerKvTracing } from "../src/otel/index.js";
import { startRig, TEST_API_KEY, type TestRig } from "./helpers.js";

// The first attempt at each key in `faulty` asks the emulator for a 503 (its fault header); the retry gets through.
const faulty = new Set<string>();
const faultingFetch: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  const key = decodeURIComponent(new URL(request.url).pathname.split("/keys/")[1] ?? "");
  if (faulty.delete(key)) request.headers.set(FAULT_HEADER, "503");
  return fetch(request);
};

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let rig: TestRig;

beforeAll(async () => {
  rig = await startRig({ emulator: { rateLimitPerMinute: 1000 }, client: { fetch: faultingFetch } });
});
afterAll(() => rig.close());
beforeEach(() => exporter.reset());

/** What an exporter sends of spans: names, attributes, events and status. */
const exported = (spans: readonly ReadableSpan[]) =>
  JSON.stringify(spans.map(({ name, attributes, events, status }) => ({ name, attributes, events, status })));
const attemptEvents = (span: ReadableSpan) => span.events.filter((e) => e.name === "telnyx_kv.attempt");

describe("registerKvTracing with the real OpenTelemetry SDK", () => {
  it("records putMany of 10 keys with one injected 503 as one span with 11 attempt events", async () => {
    const unregister = registerKvTracing({ tracerProvider: provider });
    try {
      faulty.add("k3");
      const entries = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `value ${i}` }));
      const results = await rig.client.namespace(rig.namespaceId).putMany(entries);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(faulty.size, "the 503 was injected").toBe(0);
    } finally {
      unregister();
    }
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(["telnyx_kv.putMany"]);
    const [span] = spans as [ReadableSpan];
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      "db.system.name": "telnyx_kv",
      "db.operation.name": "putMany",
      "db.namespace": rig.namespaceId,
      "db.operation.batch.size": 10,
      "telnyx_kv.count": 10,
      "telnyx_kv.failed": 0,
      "telnyx_kv.outcome": "ok",
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(rig.emulator.url).port),
      // The retry always ends after the 503 it answers, so the last attempt is a success.
      "http.response.status_code": 201,
    });
    expect(span.attributes["error.type"]).toBeUndefined();
    expect(span.attributes["telnyx_kv.key"], "keys only when asked for").toBeUndefined();

    const events = attemptEvents(span);
    expect(events).toHaveLength(11);
    const failed = events.filter((e) => e.attributes?.["http.response.status_code"] === 503);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.attributes).toMatchObject({
      "telnyx_kv.attempt": 0,
      "telnyx_kv.request.operation": "keys.put",
      "http.request.method": "PUT",
      "error.type": "503",
    });
    const retries = events.filter((e) => e.attributes?.["telnyx_kv.attempt"] === 1);
    expect(retries.map((e) => e.attributes?.["http.response.status_code"])).toEqual([201]);
    for (const event of events.filter((e) => e.attributes?.["http.response.status_code"] === 201)) {
      expect(event.attributes).toMatchObject({
        "http.request.body.size": 7,
        "telnyx_kv.ratelimit.limit": 1000,
      });
      expect(typeof event.attributes?.["telnyx_kv.request_id"]).toBe("string");
      expect(typeof event.attributes?.["telnyx_kv.ratelimit.remaining"]).toBe("number");
      expect(event.attributes?.["url.full"]).toBeUndefined();
    }
    expect(exported(spans)).not.toContain(TEST_API_KEY);
  });

  it("puts each attempt on its own call's span when calls overlap (no async-context store)", async () => {
    const unregister = registerKvTracing({ tracerProvider: provider, recordKeys: true });
    const ns = rig.client.namespace(rig.namespaceId);
    try {
      await ns.putMany(["o1", "o2", "o3"].map((key) => ({ key, value: key })));
      exporter.reset();
      faulty.add("o1");
      const each = async () => {
        const seen: string[] = [];
        for await (const result of ns.getEach(["o2", "o3"])) seen.push(result.key);
        return seen;
      };
      const listed = async () => {
        const keys: string[] = [];
        for await (const info of ns.list({ prefix: "o", limit: 2 })) keys.push(info.key);
        return keys;
      };
      const [, got, seen, keys] = await Promise.all([
        ns.put("o1", "again"),
        ns.getText("o2"),
        each(),
        listed(),
      ]);
      expect(got).toBe("o2");
      expect(seen).toEqual(["o2", "o3"]);
      expect(keys).toEqual(["o1", "o2", "o3"]);
      expect(faulty.size, "the 503 was injected").toBe(0);
    } finally {
      unregister();
    }
    const spans = exporter.getFinishedSpans();
    const urlsOf = (span: ReadableSpan) =>
      attemptEvents(span).map((e) => String(e.attributes?.["url.full"]).replace(/^.*\/keys/, ""));
    const byName = (name: string) => spans.filter((span) => span.name === name);
    const [put] = byName("telnyx_kv.put");
    expect(urlsOf(put!), "the 503 and its retry, nothing else").toEqual(["/o1", "/o1"]);
    expect(attemptEvents(put!).map((e) => e.attributes?.["http.response.status_code"])).toEqual([503, 200]);
    expect(urlsOf(byName("telnyx_kv.getText")[0]!)).toEqual(["/o2"]);
    expect(urlsOf(byName("telnyx_kv.getEach")[0]!).sort()).toEqual(["/o2", "/o3"]);
    const pages = byName("telnyx_kv.list");
    expect(pages, "one span per page").toHaveLength(2);
    for (const page of pages) expect(urlsOf(page)).toEqual([""]);
  });

  it("records nothing once unregistered", async () => {
    const unregister = registerKvTracing({ tracerProvider: provider });
    await rig.client.namespace(rig.namespaceId).get("k1");
    unregister();
    unregister();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["telnyx_kv.get"]);
    exporter.reset();
    const ns = rig.client.namespace(rig.namespaceId);
    await ns.putMany([{ key: "after", value: "1" }]);
    await ns.get("after");
    await rig.client.namespaces.get(rig.namespaceId);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("records keys only with recordKeys, and a failed call as an error span", async () => {
    const unregister = registerKvTracing({ tracerProvider: provider, recordKeys: true });
    try {
      const ns = rig.client.namespace(rig.namespaceId);
      expect(await ns.getText("nope")).toBeNull();
      await ns.list({ prefix: "k" }).page();
      await expect(rig.client.namespaces.get("00000000-0000-4000-8000-000000000000")).rejects.toThrow();
    } finally {
      unregister();
    }
    const [get, list, failed] = exporter.getFinishedSpans();
    expect(get?.name).toBe("telnyx_kv.getText");
    expect(get?.attributes).toMatchObject({ "telnyx_kv.key": "nope", "telnyx_kv.outcome": "miss" });
    expect(attemptEvents(get!)[0]?.attributes?.["url.full"]).toBe(
      `${rig.emulator.url}/storage/kvs/${rig.namespaceId}/keys/nope`,
    );
    expect(list?.name).toBe("telnyx_kv.list");
    expect(list?.attributes).toMatchObject({ "telnyx_kv.prefix": "k", "db.operation.name": "list" });
    expect(failed?.name).toBe("telnyx_kv.namespaces.get");
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes).toMatchObject({ "error.type": "404", "telnyx_kv.outcome": "error" });
    expect(exported(exporter.getFinishedSpans())).not.toContain(TEST_API_KEY);
  });
});
