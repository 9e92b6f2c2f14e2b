import { randomUUID } from "node:crypto";
import { buildErrorEnvelope, KV_ERRORS, LIMIT_PARAM, TTL_SECS_PARAM } from "@telnyx-kv/core/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HandlerContext } from "./context.js";
import type { Exchange } from "./exchange.js";
import { injectedFailure } from "./faults.js";
import {
  findKey,
  findNamespace,
  findReadyNamespace,
  queryValue,
  wholeQueryValue,
} from "./handlers/common.js";
import { type Emulator, startEmulator } from "./index.js";
import { KvProblem, problem } from "./problem.js";
import { MemoryStore } from "./store/memory.js";

/** What a handler throws, or a failure when it returned instead. */
function thrown(run: () => unknown): KvProblem {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KvProblem);
    return error as KvProblem;
  }
  throw new Error("expected a KvProblem to be thrown");
}

describe("KvProblem", () => {
  it("carries a catalogue entry, the detail and extra headers", () => {
    const p = problem("methodNotAllowed", "PATCH is not allowed here.", { allow: "GET, HEAD, OPTIONS" });
    expect(p).toBeInstanceOf(Error);
    expect(p.entry).toBe(KV_ERRORS.methodNotAllowed);
    expect(p.detail).toBe("PATCH is not allowed here.");
    expect(p.headers).toEqual({ allow: "GET, HEAD, OPTIONS" });
    expect(p.message).toBe("405 Method not allowed: PATCH is not allowed here.");
  });

  it("maps every injected failure kind to its catalogue entry", () => {
    expect(injectedFailure("500").entry).toBe(KV_ERRORS.unexpected);
    expect(injectedFailure("502").entry).toBe(KV_ERRORS.badGateway);
    expect(injectedFailure("503").entry).toBe(KV_ERRORS.serviceUnavailable);
    expect(injectedFailure("408").entry).toBe(KV_ERRORS.requestTimeout);
    const limited = injectedFailure("429", 60);
    expect(limited.entry).toBe(KV_ERRORS.tooManyRequests);
    expect(limited.headers).toMatchObject({ "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0" });
  });
});

describe("handler look-ups throw typed problems instead of answering", () => {
  const store = new MemoryStore();
  let clock = 1_000;
  const ctx: HandlerContext = {
    store,
    now: () => clock,
    provisionDelayMs: 0,
    deleteDelayMs: 0,
    ttlSupport: true,
  };
  const ex = { account: "acct" } as Exchange;
  const ready = store.createNamespace({
    id: randomUUID(),
    account: "acct",
    name: "ready",
    createdAt: 0,
    readyAt: 0,
  })!;
  const pending = store.createNamespace({
    id: randomUUID(),
    account: "acct",
    name: "pending",
    createdAt: 0,
    readyAt: 1_000_000,
  })!;

  it("returns the namespace or key when all is well", () => {
    expect(findNamespace(ex, ctx, ready.id).id).toBe(ready.id);
    expect(findReadyNamespace(ex, ctx, ready.id.toUpperCase()).id).toBe(ready.id);
    expect(findKey(ex, "a%2Fb", "write")).toBe("a/b");
  });

  it("throws invalidId, notFound and resourceInUse for the namespace", () => {
    expect(thrown(() => findNamespace(ex, ctx, "my-cache")).entry).toBe(KV_ERRORS.invalidId);
    expect(thrown(() => findNamespace(ex, ctx, "%zz")).entry).toBe(KV_ERRORS.badRequest);
    const missing = thrown(() => findNamespace(ex, ctx, randomUUID()));
    expect(missing.entry).toBe(KV_ERRORS.notFound);
    // Another account's namespace does not exist for this one.
    expect(thrown(() => findNamespace({ account: "other" } as Exchange, ctx, ready.id)).entry).toBe(
      KV_ERRORS.notFound,
    );
    const notReady = thrown(() => findReadyNamespace(ex, ctx, pending.id));
    expect(notReady.entry).toBe(KV_ERRORS.resourceInUse);
    expect(notReady.detail).toContain(`GET /storage/kvs/${pending.id}`);
    clock = 2_000_000;
    expect(findReadyNamespace(ex, ctx, pending.id).id).toBe(pending.id);
  });

  it("throws badRequest for a key that is badly encoded or invalid", () => {
    expect(thrown(() => findKey(ex, "%E0%A4", "read")).detail).toMatch(/percent-encoding/);
    expect(thrown(() => findKey(ex, "_reserved", "write")).entry).toBe(KV_ERRORS.badRequest);
    expect(thrown(() => findKey(ex, "", "read")).entry).toBe(KV_ERRORS.badRequest);
  });

  it("checks query parameters with the table's rules", () => {
    const params = new URLSearchParams("limit=5000&ttl_secs=1.5");
    expect(wholeQueryValue(params, LIMIT_PARAM, 1000)).toBe(5000);
    expect(wholeQueryValue(new URLSearchParams(""), LIMIT_PARAM, 1000)).toBe(1000);
    const ttl = thrown(() => queryValue(params, TTL_SECS_PARAM));
    expect(ttl.entry).toBe(KV_ERRORS.badRequest);
    expect(ttl.detail).toMatch(/^Invalid ttl_secs "1\.5": /);
    expect(thrown(() => wholeQueryValue(new URLSearchParams("limit=0"), LIMIT_PARAM, 1)).detail).toMatch(
      /limit/,
    );
  });
});

describe("the pipeline sends a thrown problem as the envelope", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ logger: false });
  });
  afterAll(() => emu.close());

  const send = (method: string, path: string) =>
    fetch(`${emu.url}${path}`, { method, headers: { authorization: "Bearer problem-test" } });

  it("with the entry's status, code and title and the problem's detail", async () => {
    const id = randomUUID();
    const res = await send("GET", `/storage/kvs/${id}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual(
      buildErrorEnvelope(KV_ERRORS.notFound, `No namespace ${id} exists for this API key.`),
    );
  });

  it("with the problem's headers", async () => {
    const res = await send("PATCH", "/storage/kvs");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    const body = (await res.json()) as { errors: Array<{ code: string; title: string }> };
    expect(body.errors[0]).toMatchObject({
      code: KV_ERRORS.methodNotAllowed.code,
      title: KV_ERRORS.methodNotAllowed.title,
    });
  });

  it("and stops the handler: a refused write stores nothing", async () => {
    let clock = Date.parse("2026-06-18T14:00:00Z");
    const slow = await startEmulator({ logger: false, provisionDelayMs: 1000, now: () => clock });
    try {
      const call = (method: string, path: string, body?: string) =>
        fetch(`${slow.url}${path}`, {
          method,
          body,
          headers: { authorization: "Bearer problem-test", "content-type": "application/json" },
        });
      const created = await call("POST", "/storage/kvs", JSON.stringify({ name: "slow" }));
      const { id } = ((await created.json()) as { data: { id: string } }).data;
      const refused = await call("PUT", `/storage/kvs/${id}/keys/k`, "v");
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { errors: unknown[] }).errors).toHaveLength(1);
      clock += 1000;
      expect((await call("GET", `/storage/kvs/${id}/keys/k`)).status).toBe(404);
      expect((await call("PUT", `/storage/kvs/${id}/keys/k`, "v")).status).toBe(201);
    } finally {
      await slow.close();
    }
  });
});
