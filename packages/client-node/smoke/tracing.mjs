// The tracing channels, asserted with plain node:diagnostics_channel against the BUILT package and the
// emulator: node smoke/tracing.mjs (any Node >= 18; the test runs it on 18, 20, 22 and 24). Throws on the
// first mismatch and prints "tracing ok (Node vX)" at the end.

import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import { createKvClient, KV_OPERATION_CHANNEL, KV_REQUEST_CHANNEL } from "@telnyx-kv/client-node";
import { FAULT_HEADER, startEmulator } from "@telnyx-kv/emulator";

const API_KEY = "KEYtracing0123456789secret";
const EVENTS = ["start", "end", "asyncStart", "asyncEnd", "error"];

/** Subscribes to every event of a tracing channel and keeps, per context object, the events seen in order. */
function recorder(name) {
  const channel = diagnostics.tracingChannel(name);
  const traces = new Map();
  const handlers = Object.fromEntries(
    EVENTS.map((event) => [
      event,
      (context) => {
        if (!traces.has(context)) traces.set(context, []);
        // A copy per event: what a subscriber saw at that moment, not what the context became later.
        traces.get(context).push({ event, seen: { ...context } });
      },
    ]),
  );
  channel.subscribe(handlers);
  return {
    channel,
    /** The traces started since the last take, as { context, events }. */
    take() {
      const all = [...traces].map(([context, events]) => ({ context, events }));
      traces.clear();
      return all;
    },
    stop: () => channel.unsubscribe(handlers),
  };
}

const emulator = await startEmulator({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 1000 });
// One injected 503: the first attempt at key "flaky" asks the emulator for it with its fault header.
let flakyFaults = 1;
const faultingFetch = (input, init) => {
  const request = new Request(input, init);
  // Key "hang" gets no answer until the request's signal aborts: what the caller's abort reaches.
  if (request.url.endsWith("/keys/hang")) {
    return new Promise((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
    });
  }
  if (request.url.endsWith("/keys/flaky") && flakyFaults > 0) {
    flakyFaults--;
    request.headers.set(FAULT_HEADER, "503");
  }
  return fetch(request);
};
const client = createKvClient({
  apiKey: API_KEY,
  baseUrl: emulator.url,
  retry: { baseDelayMs: 5, maxDelayMs: 20 },
  fetch: faultingFetch,
  env: {},
});

const operations = recorder(KV_OPERATION_CHANNEL);
const requests = recorder(KV_REQUEST_CHANNEL);
// How a tracer ties attempts to their call: each request context names its operation's context as `parent`.
const parentOf = (trace) => trace.context.parent;

const DONE = ["start", "end", "asyncStart", "asyncEnd"];
const FAILED = ["start", "end", "error", "asyncStart", "asyncEnd"];
const eventsOf = (trace) => trace.events.map((e) => e.event);
const last = (trace) => trace.events.at(-1).seen;

/** Checks one request trace's final context and that it never shows the API key. */
function checkRequest(trace, expected) {
  const seen = last(trace);
  assert.deepEqual(eventsOf(trace), expected.events ?? DONE, `${expected.operation} request events`);
  assert.equal(seen.operation, expected.operation);
  assert.equal(seen.method, expected.method);
  assert.equal(seen.attempt, expected.attempt ?? 0);
  assert.ok(seen.url.startsWith(`${emulator.url}/`), `url ${seen.url}`);
  if (expected.path) assert.equal(seen.url, `${emulator.url}/${expected.path}`);
  if (expected.status !== undefined) {
    assert.equal(seen.status, expected.status, `${expected.operation} status`);
    assert.match(seen.requestId, /^[0-9a-f-]{36}$/, "requestId");
    if (expected.rateLimit === false) {
      assert.equal(seen.rateLimit, undefined, "no rateLimit without x-ratelimit-* headers");
    } else {
      assert.equal(typeof seen.rateLimit.remaining, "number", "rateLimit.remaining");
      assert.equal(seen.rateLimit.limit, 1000, "rateLimit.limit");
      assert.ok(seen.rateLimit.resetMs > 0 && seen.rateLimit.resetMs <= 60_000, "rateLimit.resetMs");
    }
  }
  if (expected.bytesSent !== undefined) assert.equal(seen.bytesSent, expected.bytesSent, "bytesSent");
  if (expected.bytesReceived !== undefined)
    assert.equal(seen.bytesReceived, expected.bytesReceived, "bytesReceived");
  assert.ok(!JSON.stringify(seen).includes(API_KEY), "no API key in the request context");
  // The start event already carried what the attempt is, before any answer.
  const first = trace.events[0].seen;
  assert.equal(first.status, undefined);
  assert.equal(first.operation, expected.operation);
}

try {
  // A namespace call.
  const created = await client.namespaces.create(`tracing-${process.pid}`);
  operations.take();
  requests.take();
  // Polling is one operation: every GET it sends names it.
  await client.namespaces.waitUntilReady(created.id, { intervalMs: 5 });
  const [waited] = operations.take();
  assert.equal(last(waited).operation, "namespaces.waitUntilReady");
  const polls = requests.take();
  assert.ok(polls.length >= 1);
  for (const poll of polls)
    assert.equal(parentOf(poll), waited.context, "each poll belongs to waitUntilReady");
  const ns = client.namespace(created.id);
  const keysPath = `storage/kvs/${created.id}/keys`;

  const fetched = await client.namespaces.get(created.id);
  assert.equal(fetched.id, created.id);
  let [op, ...moreOps] = operations.take();
  assert.equal(moreOps.length, 0, "one trace for namespaces.get");
  assert.deepEqual(eventsOf(op), DONE);
  assert.deepEqual(op.events[0].seen, { operation: "namespaces.get", namespaceId: created.id });
  assert.equal(last(op).outcome, "ok");
  assert.equal(last(op).result, fetched);
  let reqs = requests.take();
  assert.equal(reqs.length, 1);
  checkRequest(reqs[0], {
    operation: "namespaces.get",
    method: "GET",
    path: `storage/kvs/${created.id}`,
    status: 200,
    bytesSent: 0,
  });
  assert.equal(parentOf(reqs[0]), op.context, "the request names its operation");

  // put
  await ns.put("a.b", "héllo");
  [op, ...moreOps] = operations.take();
  assert.equal(moreOps.length, 0);
  assert.deepEqual(op.events[0].seen, { operation: "put", namespaceId: created.id, key: "a.b" });
  assert.equal(last(op).outcome, "ok");
  reqs = requests.take();
  assert.equal(reqs.length, 1);
  checkRequest(reqs[0], {
    operation: "keys.put",
    method: "PUT",
    path: `${keysPath}/a.b`,
    status: 201,
    bytesSent: 6,
  });
  assert.equal(last(reqs[0]).key, "a.b");
  assert.equal(last(reqs[0]).namespaceId, created.id);

  // get (hit), then get (miss)
  const value = await ns.getText("a.b");
  assert.equal(value, "héllo");
  [op] = operations.take();
  assert.equal(last(op).operation, "getText");
  assert.equal(last(op).key, "a.b");
  assert.equal(last(op).outcome, "ok");
  reqs = requests.take();
  checkRequest(reqs[0], { operation: "keys.get", method: "GET", status: 200, bytesReceived: 6 });
  assert.equal(await ns.get("missing"), null);
  [op] = operations.take();
  assert.equal(last(op).operation, "get");
  assert.equal(last(op).outcome, "miss");
  checkRequest(requests.take()[0], { operation: "keys.get", method: "GET", status: 404 });

  // delete
  await ns.delete("a.b");
  [op] = operations.take();
  assert.deepEqual(op.events[0].seen, { operation: "delete", namespaceId: created.id, key: "a.b" });
  assert.equal(last(op).outcome, "ok");
  checkRequest(requests.take()[0], { operation: "keys.delete", method: "DELETE", status: 204 });

  // A bulk call: one operation with its count; every attempt inside it.
  const results = await ns.putMany([
    { key: "p/1", value: "one" },
    { key: "p/2", value: "two" },
    { key: "p/3", value: "three" },
  ]);
  assert.ok(results.every((r) => r.ok));
  [op, ...moreOps] = operations.take();
  assert.equal(moreOps.length, 0, "the items of a bulk call are not operations of their own");
  assert.deepEqual(op.events[0].seen, { operation: "putMany", namespaceId: created.id, count: 3 });
  assert.equal(last(op).count, 3);
  assert.equal(last(op).failed, 0);
  assert.equal(last(op).outcome, "ok");
  reqs = requests.take();
  assert.equal(reqs.length, 3);
  for (const req of reqs) {
    checkRequest(req, { operation: "keys.put", method: "PUT", status: 201 });
    assert.equal(parentOf(req), op.context, "each attempt belongs to the bulk call");
  }
  assert.deepEqual(reqs.map((r) => last(r).key).sort(), ["p/1", "p/2", "p/3"]);

  // A list page, then a listing of two pages.
  const page = await ns.list({ prefix: "p/" }).page();
  assert.equal(page.keys.length, 3);
  [op, ...moreOps] = operations.take();
  assert.equal(moreOps.length, 0);
  assert.deepEqual(op.events[0].seen, { operation: "list", namespaceId: created.id, prefix: "p/" });
  assert.equal(last(op).outcome, "ok");
  checkRequest(requests.take()[0], { operation: "keys.list", method: "GET", path: keysPath, status: 200 });
  const listed = [];
  for await (const info of ns.list({ prefix: "p/", limit: 2 })) listed.push(info.key);
  assert.deepEqual(listed, ["p/1", "p/2", "p/3"]);
  const pageOps = operations.take();
  assert.equal(pageOps.length, 2, "one trace per page fetched");
  reqs = requests.take();
  assert.equal(reqs.length, 2);
  assert.deepEqual(
    reqs.map(parentOf),
    pageOps.map((pageOp) => pageOp.context),
    "each page's request names that page's trace",
  );

  // A 503 that is retried: two request traces, one operation trace.
  await ns.put("flaky", "x");
  assert.equal(flakyFaults, 0, "the fault was injected");
  [op, ...moreOps] = operations.take();
  assert.equal(moreOps.length, 0, "one operation for a retried call");
  assert.equal(last(op).operation, "put");
  assert.equal(last(op).outcome, "ok");
  reqs = requests.take();
  assert.equal(reqs.length, 2, "two attempts");
  checkRequest(reqs[0], { operation: "keys.put", method: "PUT", attempt: 0, status: 503, rateLimit: false });
  checkRequest(reqs[1], { operation: "keys.put", method: "PUT", attempt: 1, status: 201 });
  for (const req of reqs) assert.equal(parentOf(req), op.context);

  // Bulk reads and a prefix delete: every request (the listing's pages too) names its bulk call.
  const many = await ns.getMany(["p/1", "p/2"]);
  assert.deepEqual(
    many.map((r) => r.value),
    ["one", "two"],
  );
  [op] = operations.take();
  assert.equal(last(op).operation, "getMany");
  reqs = requests.take();
  assert.equal(reqs.length, 2);
  for (const req of reqs) assert.equal(parentOf(req), op.context, "each getMany item belongs to it");
  await ns.put("gone/1", "x");
  await ns.put("gone/2", "y");
  operations.take();
  requests.take();
  const deleted = await ns.deletePrefix("gone/");
  assert.equal(deleted.length, 2);
  [op, ...moreOps] = operations.take();
  assert.equal(moreOps.length, 0, "deletePrefix is one operation, its listing included");
  reqs = requests.take();
  assert.deepEqual(reqs.map((r) => last(r).operation).sort(), ["keys.delete", "keys.delete", "keys.list"]);
  for (const req of reqs) assert.equal(parentOf(req), op.context);

  // getJson with a schema (a Standard Schema by hand): its read names the getJson call.
  await ns.putJson("doc", { n: 1 });
  operations.take();
  requests.take();
  const schema = { "~standard": { version: 1, vendor: "smoke", validate: (value) => ({ value }) } };
  assert.deepEqual(await ns.getJson("doc", { schema }), { n: 1 });
  [op] = operations.take();
  assert.equal(last(op).operation, "getJson");
  reqs = requests.take();
  assert.equal(reqs.length, 1);
  assert.equal(parentOf(reqs[0]), op.context);

  // The caller's abort still reaches a traced request (it runs under a signal of its own that follows it).
  const controller = new AbortController();
  const hanging = ns.get("hang", { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(hanging, (error) => error.kind === "abort");
  [op] = operations.take();
  assert.equal(last(op).outcome, "error");
  reqs = requests.take();
  assert.equal(reqs.length, 1, "an abort is not retried");
  assert.equal(parentOf(reqs[0]), op.context);

  // A call that fails: the error event, then the outcome.
  await assert.rejects(client.namespaces.get("00000000-0000-4000-8000-000000000000"));
  [op] = operations.take();
  assert.deepEqual(eventsOf(op), FAILED);
  assert.equal(last(op).outcome, "error");
  assert.equal(last(op).error.status, 404);
  assert.ok(!JSON.stringify(last(op).error).includes(API_KEY), "no API key in the error");
  checkRequest(requests.take()[0], { operation: "namespaces.get", method: "GET", status: 404 });

  // An attempt that got no answer: the request trace carries the typed error.
  const offline = createKvClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9", retry: false, env: {} });
  await assert.rejects(offline.namespace(created.id).get("k"));
  await offline.close();
  operations.take();
  reqs = requests.take();
  assert.equal(reqs.length, 1);
  assert.deepEqual(eventsOf(reqs[0]), FAILED);
  assert.equal(last(reqs[0]).error.kind, "network");
  assert.equal(last(reqs[0]).status, undefined);

  // Nobody listening: nothing is published.
  operations.stop();
  requests.stop();
  await ns.put("quiet", "1");
  await ns.get("quiet");
  assert.equal(operations.take().length + requests.take().length, 0, "no traces without subscribers");
  console.log(`tracing ok (Node ${process.version})`);
} finally {
  await client.close();
  await emulator.close();
}
