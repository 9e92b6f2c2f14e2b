import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  KV_FACT_CHECKS,
  KV_FACTS_DEFAULT_BUDGET,
  plannedRequests,
  runFactChecks,
} from "../../src/doctor/index.js";
import { API_KEY, everything, namespaceNames, rowsWith } from "./facts-helpers.js";

describe("fact checks against the emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ recordRequests: true });
  });
  afterAll(() => emulator.close());

  it("every row holds, the run stays in its budget and leaves only what was there", async () => {
    // Something of the user's own: it must be there, unchanged, afterwards.
    const own = await fetch(`${emulator.url}/storage/kvs`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "users-own" }),
    });
    const ownId = ((await own.json()) as { data: { id: string } }).data.id;
    await fetch(`${emulator.url}/storage/kvs/${ownId}/keys/kept`, {
      method: "PUT",
      headers: { authorization: `Bearer ${API_KEY}` },
      body: "mine",
    });
    emulator.requests.length = 0;
    const progress: string[] = [];

    const report = await runFactChecks({
      baseUrl: emulator.url,
      apiKey: API_KEY,
      onProgress: (line) => progress.push(line),
    });

    expect(rowsWith(report, "differs")).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.setupProblem).toBeUndefined();
    for (const row of report.rows.filter((r) => r.status === "not-checked")) expect(row.why).toBeTruthy();
    // Rows that only a rate-limited or slower target shows are the only ones left open here.
    expect(rowsWith(report, "not-checked").sort()).toEqual(
      [
        "keys.ttl-unsupported-code",
        "ns.delete-again",
        "ns.keys-while-deleting",
        "ns.pending-keys",
        "wire.rate-limit-headers",
      ].sort(),
    );
    expect(report.rows.map((r) => r.id)).toEqual(KV_FACT_CHECKS.map((c) => c.id));
    expect(report.requests.sent).toBe(emulator.requests.length);
    expect(report.requests.sent).toBeLessThanOrEqual(KV_FACTS_DEFAULT_BUDGET);
    expect(progress[0]).toContain(`at most ${KV_FACTS_DEFAULT_BUDGET} requests`);
    expect(report.namespace).toMatchObject({ created: true, deleted: true });
    expect(report.namespace.name).toMatch(/^telnyx-kv-doctor-[0-9a-f]{12}$/);
    // Only the temporary namespace and its keys were written or deleted.
    const writes = emulator.requests.filter((r) => r.method !== "GET" && r.method !== "OPTIONS");
    expect(writes.every((r) => r.namespaceId === undefined || r.namespaceId === report.namespace.id)).toBe(
      true,
    );
    expect(await namespaceNames(emulator.url)).toEqual(["users-own"]);
    const kept = await fetch(`${emulator.url}/storage/kvs/${ownId}/keys/kept`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(await kept.text()).toBe("mine");
    expect(everything(report)).not.toContain(API_KEY);
  });

  it("plans well under 100 requests, derives its default budget from the plan, and every read is declared", () => {
    expect(KV_FACTS_DEFAULT_BUDGET).toBe(plannedRequests());
    // A longer wait for provisioning plans more polls.
    expect(plannedRequests(80_000)).toBeGreaterThan(plannedRequests());
    expect(KV_FACTS_DEFAULT_BUDGET).toBeLessThan(100);
    for (const check of KV_FACT_CHECKS) {
      expect(check.fact.length).toBeGreaterThan(10);
      expect(["setup", "doc", "choice"]).toContain(check.kind);
    }
  });

  it("stops at a small budget, says which rows it could not check, and still deletes the namespace", async () => {
    const report = await runFactChecks({ baseUrl: emulator.url, apiKey: API_KEY, maxRequests: 24 });
    expect(report.requests.sent).toBeLessThanOrEqual(24);
    const spent = report.rows.filter((r) => r.why?.includes("budget of 24 requests is spent"));
    expect(spent.length).toBeGreaterThan(0);
    expect(report.namespace).toMatchObject({ created: true, deleted: true });
    expect(await namespaceNames(emulator.url)).not.toContain(report.namespace.name);
  });
});

describe("fact checks against a slower emulator without TTL support", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ provisionDelayMs: 300, deleteDelayMs: 300, ttlSupport: false });
  });
  afterAll(() => emulator.close());

  it("sees pending and deleting namespaces answer 409, and TTL writes refused with 10021", async () => {
    const report = await runFactChecks({ baseUrl: emulator.url, apiKey: API_KEY });
    expect(rowsWith(report, "differs")).toEqual([]);
    const byId = new Map(report.rows.map((row) => [row.id, row]));
    for (const id of [
      "ns.pending-keys",
      "ns.delete-again",
      "ns.keys-while-deleting",
      "keys.ttl-unsupported-code",
    ]) {
      expect(byId.get(id)?.status, id).toBe("ok");
    }
    expect(byId.get("keys.ttl")?.observed).toContain("no TTL support");
    expect(byId.get("ns.provisioning")?.observed).toMatch(/"provision_ok" after [0-9.]+ s \([2-9] GETs\)/);
    expect(byId.get("ns.gone")?.status).toBe("ok");
    expect(await namespaceNames(emulator.url)).toEqual([]);
  });
});

describe("fact checks are paced by core's pacer", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimitPerMinute: 20, rateLimitWindowMs: 2000, recordRequests: true });
  });
  afterAll(() => emulator.close());

  it("spreads the run over the windows x-ratelimit-* announce instead of running into 429s", async () => {
    const report = await runFactChecks({ baseUrl: emulator.url, apiKey: API_KEY });
    expect(emulator.requests.filter((r) => r.status === 429)).toEqual([]);
    // More requests than one window allows went through without a 429: only waiting for the windows does that.
    expect(report.requests.sent).toBeGreaterThan(2 * 20);
    expect(report.requests.sent).toBe(emulator.requests.length);
    const headers = report.rows.find((r) => r.id === "wire.rate-limit-headers");
    expect(headers?.status).toBe("ok");
    expect(headers?.observed).toMatch(/^limit 20, remaining \d+, reset \d+$/);
    expect(rowsWith(report, "differs")).toEqual([]);
    expect(report.namespace).toMatchObject({ created: true, deleted: true });
  });
});
