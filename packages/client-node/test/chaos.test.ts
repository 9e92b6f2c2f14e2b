import { type Emulator, type EmulatorFailureKind, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKvClient, KvError, type KvNodeClient, type KvNodeNamespaceClient } from "../src/index.js";

const OPERATIONS = 10_000;
const KEYS = 200;
const CONCURRENCY = 16;
const FAILURE_KINDS: EmulatorFailureKind[] = ["500", "502", "503", "408", "429", "reset"];
const PREFIXES = ["a/", "b/", "c/", "d/", ""];

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with the same operations. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Operation =
  | { type: "put"; key: string; value: Uint8Array; binary: boolean }
  | { type: "get" | "delete"; key: string }
  | { type: "list"; prefix: string; limit: number | undefined };

function generate(seed: number): { keys: string[]; operations: Operation[] } {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const keys = Array.from({ length: KEYS }, (_, index) => `${"abcd"[index % 4]}/key-${index}`);
  const operations = Array.from({ length: OPERATIONS }, (_, index): Operation => {
    const roll = random();
    const key = pick(keys);
    if (roll < 0.4) {
      const binary = random() < 0.2;
      const length = Math.floor(random() * 300);
      const value = binary
        ? Uint8Array.from({ length }, () => Math.floor(random() * 256))
        : new TextEncoder().encode(`op${index}:${"x".repeat(length)}`);
      return { type: "put", key, value, binary };
    }
    if (roll < 0.7) return { type: "get", key };
    if (roll < 0.85) return { type: "delete", key };
    return { type: "list", prefix: pick(PREFIXES), limit: pick([undefined, 7, 60]) };
  });
  return { keys, operations };
}

const equalBytes = (a: Uint8Array | null | undefined, b: Uint8Array | null | undefined) =>
  (a ?? null) === (b ?? null) || (a != null && b != null && Buffer.from(a).equals(Buffer.from(b)));

// The emulator injects every fault before it applies a request (faults.ts, pipeline.ts: the fault plan runs
// ahead of auth and dispatch, and a reset destroys the socket unread), so a write that failed did not apply.
// Per-key chains keep each key's operations in order, so the model is exact for the key being touched.
describe("chaos: 10,000 mixed operations while 20% of requests fail", () => {
  let emulator: Emulator;
  let client: KvNodeClient;
  let ns: KvNodeNamespaceClient;

  beforeAll(async () => {
    emulator = await startEmulator({ host: "127.0.0.1", port: 0, recordRequests: true });
    client = createKvClient({
      baseUrl: emulator.url,
      apiKey: "chaos-token",
      env: {},
      // The emulator's injected 429 says x-ratelimit-reset: 1 (s); a 200 ms ceiling turns those into fast,
      // typed failures instead of a run that sleeps a second per 429.
      retry: { baseDelayMs: 1, maxDelayMs: 20, maxRetryAfterMs: 200 },
      // This run checks what was acknowledged, not pacing: a pacer would pause every start a second per 429.
      pacer: false,
    });
    const created = await client.namespaces.create("chaos");
    ns = client.namespace((await client.namespaces.waitUntilReady(created.id, { intervalMs: 5 })).id);
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it("ends with the namespace equal to a model of exactly the acknowledged writes", async () => {
    const { keys, operations } = generate(20_261_126);
    const model = new Map<string, Uint8Array>();
    const chains = new Map<string, Promise<void>>();
    const outcomes = new Map<string, number>();
    const problems: string[] = [];
    const count = (label: string) => outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
    const failed = (operation: Operation, error: unknown) => {
      if (!KvError.isInstance(error)) {
        problems.push(`${operation.type} threw an untyped ${String(error)}`);
        return;
      }
      const status = (error as { status?: number }).status;
      count(`${operation.type} failed: ${error.kind}${status === undefined ? "" : ` ${status}`}`);
    };

    const run = async (operation: Operation): Promise<void> => {
      try {
        if (operation.type === "list") {
          const listed: string[] = [];
          for await (const entry of ns.list({ prefix: operation.prefix, limit: operation.limit }))
            listed.push(entry.key);
          const sorted = listed.every((key, index) => index === 0 || (listed[index - 1] as string) < key);
          const inScope = listed.every((key) => key.startsWith(operation.prefix) && keys.includes(key));
          if (!sorted || !inScope)
            problems.push(`list ${JSON.stringify(operation.prefix)} returned keys out of order or scope`);
        } else if (operation.type === "put") {
          const options = operation.binary ? {} : { contentType: "text/plain" };
          await ns.put(operation.key, operation.value, options);
          model.set(operation.key, operation.value);
        } else if (operation.type === "delete") {
          await ns.delete(operation.key);
          model.delete(operation.key);
        } else {
          const value = await ns.getBytes(operation.key);
          if (!equalBytes(value, model.get(operation.key)))
            problems.push(`get ${operation.key} disagrees with the model`);
        }
        count(`${operation.type} ok`);
      } catch (error) {
        failed(operation, error);
      }
    };

    emulator.setFaults({ failureRate: 0.2, failureKinds: FAILURE_KINDS, latencyMs: 0, jitterMs: 2 });
    const firstRecord = emulator.requests.length;
    let next = 0;
    const worker = async () => {
      while (next < operations.length) {
        const operation = operations[next++] as Operation;
        if (operation.type === "list") {
          await run(operation);
          continue;
        }
        const previous = chains.get(operation.key) ?? Promise.resolve();
        const current = previous.then(() => run(operation));
        chains.set(operation.key, current);
        await current;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    emulator.setFaults(undefined);

    const records = emulator.requests.slice(firstRecord);
    const injected = records.filter((record) => record.status === 0 || record.status >= 408).length;
    const total = [...outcomes.values()].reduce((sum, value) => sum + value, 0);
    console.info(
      `chaos: ${records.length} requests, ${injected} failed on purpose`,
      Object.fromEntries([...outcomes].sort()),
    );

    expect(problems).toEqual([]);
    expect(total).toBe(OPERATIONS);
    // The faults really were there, of every kind, and retries still carried most operations through.
    expect(injected / records.length).toBeGreaterThan(0.1);
    expect([...outcomes.keys()].some((label) => label.includes("network"))).toBe(true);
    expect([...outcomes.keys()].some((label) => label.includes("http 429"))).toBe(true);
    expect((outcomes.get("put ok") ?? 0) + (outcomes.get("delete ok") ?? 0)).toBeGreaterThan(OPERATIONS / 2);

    const stored: string[] = [];
    for await (const entry of ns.list()) stored.push(entry.key);
    expect(stored).toEqual([...model.keys()].sort());
    const mismatched: string[] = [];
    for (const key of stored) {
      if (!equalBytes(await ns.getBytes(key), model.get(key))) mismatched.push(key);
    }
    expect(mismatched).toEqual([]);
    // 10,000 operations take ~15 s alone but several times that when CI runs every package's tests at once;
    // this timeout only catches a hang, it is not a speed limit.
  }, 600_000);
});
