/** Seeded random requests: no 5xx, no crash, every 4xx carries the error envelope. */
import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { Api, mapLimit } from "./helpers.js";
import { EmulatorPool, STORES } from "./stores.js";

const SEED = Number(process.env.FUZZ_SEED ?? 0x7e1a5eed);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5_000);
const TOKEN = "fuzz-token";

/** mulberry32: small, fast, deterministic. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

const VALID = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/=.";
const NASTY = [
  "%",
  "..",
  ".",
  " ",
  "?",
  "#",
  "é",
  "日本",
  "😀",
  "\u0000",
  "\n",
  ":",
  "\\",
  "+",
  "&",
  "~",
  "%2F",
  "%2E",
  "%00",
  "%zz",
  "%E0%A4",
  "%C3%28",
  "//",
  "_",
  "*",
  '"',
  "<>",
  "\u202e",
  "\ud800",
];
const SEGMENTS = [
  "v2",
  "storage",
  "kvs",
  "keys",
  "..",
  ".",
  "",
  "%2e%2e",
  "%2E",
  "x",
  "%",
  "%ff",
  "v1",
  "KVS",
  ";",
  "@",
];
const CONTENT_TYPES = [
  "application/json",
  "text/plain",
  "application/octet-stream",
  "",
  "multipart/form-data; boundary=x",
  "*/*",
  "application/json; charset=utf-16",
];
const METHODS = [
  "GET",
  "GET",
  "GET",
  "PUT",
  "PUT",
  "PUT",
  "DELETE",
  "POST",
  "POST",
  "PATCH",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "PROPFIND",
];

function randomKey(rng: Rng): string {
  const roll = rng.next();
  if (roll < 0.05) return "x".repeat(250 + rng.int(20));
  if (roll < 0.08) return rng.pick([".", "..", "", "_", "_sys", "/", "a/../b"]);
  let key = "";
  const parts = 1 + rng.int(6);
  for (let i = 0; i < parts; i++) {
    if (rng.chance(0.75)) {
      for (let j = rng.int(12); j >= 0; j--) key += VALID[rng.int(VALID.length)];
    } else key += rng.pick(NASTY);
  }
  return key;
}

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "\ufffd"));
  }
}

/** Keeps a path transmittable by node:http (0x21..0x7e raw), encoding whatever else. */
function onWire(rng: Rng, text: string, allowRaw = true): string {
  const mode = rng.int(3);
  if (mode === 0 || !allowRaw) return encode(text).replace(/%2F/g, () => (rng.chance(0.5) ? "/" : "%2F"));
  let out = "";
  for (const ch of text) out += /^[\x21-\x7e]$/.test(ch) ? ch : encode(ch);
  return out;
}

function randomValue(rng: Rng, cursors: string[]): string {
  const roll = rng.int(8);
  if (roll === 0) return String(rng.int(3000) - 500);
  if (roll === 1)
    return rng.pick([
      "0",
      "-1",
      "1.5",
      "abc",
      "1e3",
      "",
      "9223372037",
      "9223372036",
      "1",
      "1000",
      "NaN",
      "0x10",
    ]);
  if (roll === 2 && cursors.length > 0) {
    const c = rng.pick(cursors);
    return rng.chance(0.5) ? c : c.slice(0, rng.int(c.length)) + rng.pick(["A", "_", "=", "%", "."]);
  }
  return randomKey(rng);
}

function randomQuery(rng: Rng, cursors: string[]): string {
  const names = [
    "prefix",
    "cursor",
    "limit",
    "ttl_secs",
    "page[number]",
    "page[size]",
    "page%5Bsize%5D",
    "x",
    "prefix",
  ];
  const parts: string[] = [];
  for (let i = rng.int(4); i > 0; i--) {
    parts.push(`${rng.pick(names)}=${onWire(rng, randomValue(rng, cursors))}`);
  }
  if (rng.chance(0.05)) parts.push(rng.pick(["&&", "=", "limit", "%", "prefix=%zz"]));
  return parts.length ? `?${parts.join("&")}` : "";
}

function randomPath(rng: Rng, nsId: string): string {
  const ns = rng.chance(0.8)
    ? nsId
    : rng.pick([
        "00000000-0000-4000-8000-000000000000",
        "my-cache",
        "",
        "..",
        nsId.toUpperCase(),
        `${nsId}x`,
        "%2e%2e",
      ]);
  const roll = rng.next();
  if (roll < 0.6) return `/v2/storage/kvs/${ns}/keys/${onWire(rng, randomKey(rng))}`;
  if (roll < 0.72) return `/v2/storage/kvs/${ns}/keys`;
  if (roll < 0.82) return `/v2/storage/kvs/${ns}`;
  if (roll < 0.87) return "/v2/storage/kvs";
  const segments: string[] = [];
  for (let i = rng.int(7); i >= 0; i--)
    segments.push(rng.chance(0.7) ? rng.pick(SEGMENTS) : onWire(rng, randomKey(rng)));
  return `/${segments.join("/")}`;
}

function randomBody(rng: Rng): Uint8Array | string | undefined {
  const roll = rng.int(7);
  if (roll === 0) return undefined;
  if (roll === 1) return rng.bytes(rng.int(4096));
  if (roll === 2) return JSON.stringify({ name: `fz-${rng.int(1e9).toString(36)}` });
  if (roll === 3) return JSON.stringify({ name: randomKey(rng), extra: [rng.next(), null, { a: "b" }] });
  if (roll === 4) return rng.pick(["{", "null", "[]", '{"name":', "true", '"str"', "{}", "\u0000"]);
  if (roll === 5) return JSON.stringify(Array.from({ length: rng.int(50) }, () => rng.next()));
  return randomKey(rng);
}

interface Outcome {
  status: number;
  contentType: string;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function send(
  origin: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Uint8Array | string,
): Promise<Outcome> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"] ?? ""),
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

function envelopeProblem(outcome: Outcome): string | undefined {
  if (!/application\/json/.test(outcome.contentType)) return `content-type ${outcome.contentType}`;
  try {
    const parsed = JSON.parse(outcome.body) as {
      errors?: Array<{ code?: unknown; title?: unknown; detail?: unknown }>;
    };
    const first = parsed.errors?.[0];
    if (!first) return "no errors[0]";
    if (typeof first.code !== "string") return `code ${JSON.stringify(first.code)}`;
    if (typeof first.title !== "string" || typeof first.detail !== "string") return "title/detail missing";
  } catch {
    return `not JSON: ${outcome.body.slice(0, 80)}`;
  }
  return undefined;
}

afterAll(() => agent.destroy());

describe.each(STORES)("fuzz [%s]", (store) => {
  const pool = new EmulatorPool(store);
  let emu: Emulator;
  let api: Api;
  let nsId: string;
  const cursors: string[] = [];

  beforeAll(async () => {
    emu = await pool.start();
    api = new Api(emu, TOKEN);
    nsId = await api.readyNamespace("fuzz");
    for (let i = 0; i < 30; i++) await api.put(nsId, `seed/${i}`, `v${i}`);
    // Real cursors to mutate; collected before the plans are drawn so the plans stay deterministic.
    for (let limit = 1; limit <= 10; limit++) {
      const body = (await api.list(nsId, { limit })).json<{ meta: { cursor?: string } }>();
      if (body.meta.cursor) cursors.push(body.meta.cursor);
    }
  });
  afterAll(() => pool.closeAll());

  it(`survives ${REQUESTS} random requests`, async () => {
    const seed = (SEED ^ (store === "sqlite" ? 0x5ca1ab1e : 0)) >>> 0;
    console.log(`fuzz [${store}] seed ${seed} (FUZZ_SEED=${SEED}), ${REQUESTS} requests`);
    const rng = new Rng(seed);
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const plans = Array.from({ length: REQUESTS }, () => {
      const method = rng.pick(METHODS);
      const headers: Record<string, string> = {};
      const auth = rng.next();
      if (auth < 0.9) headers.authorization = `Bearer ${TOKEN}`;
      else if (auth < 0.95)
        headers.authorization = rng.pick([
          "Bearer ",
          "Bearer",
          "Basic x",
          "bearer fuzz-token",
          "Bearer  fuzz-token",
        ]);
      const type = rng.pick(CONTENT_TYPES);
      if (type) headers["content-type"] = type;
      if (rng.chance(0.05))
        headers.origin = rng.pick(["http://localhost:5173", "https://evil.example", "null"]);
      if (method === "OPTIONS" && rng.chance(0.5))
        headers["access-control-request-method"] = rng.pick(METHODS);
      const body =
        method === "GET" || method === "HEAD"
          ? rng.chance(0.05)
            ? randomBody(rng)
            : undefined
          : randomBody(rng);
      let path = randomPath(rng, nsId);
      // The target namespace must survive the run: deleting it would turn the rest into 404s.
      if (
        method === "DELETE" &&
        /^\/v2\/storage\/kvs\/[^/]+\/?$/.test(path) &&
        path.toLowerCase().includes(nsId.toLowerCase())
      ) {
        path = "/v2/storage/kvs/00000000-0000-4000-8000-000000000000";
      }
      return { method, path: path + randomQuery(rng, cursors), headers, body };
    });
    await mapLimit(plans, 16, async (plan, i) => {
      let outcome: Outcome;
      try {
        outcome = await send(emu.origin, plan.method, plan.path, plan.headers, plan.body);
      } catch (error) {
        problems.push(`#${i} ${plan.method} ${plan.path}: ${(error as Error).message}`);
        return;
      }
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      if (outcome.status >= 500 || outcome.status < 100) {
        problems.push(`#${i} ${plan.method} ${plan.path} -> ${outcome.status} ${outcome.body.slice(0, 200)}`);
      } else if (outcome.status >= 400 && plan.method !== "HEAD") {
        const problem = envelopeProblem(outcome);
        if (problem) problems.push(`#${i} ${plan.method} ${plan.path} -> ${outcome.status}: ${problem}`);
      }
    });
    console.log(`fuzz [${store}] statuses`, Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])));
    expect(problems.slice(0, 25)).toEqual([]);
    const count = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(count).toBe(REQUESTS);
    // The fuzz reached the handlers, not just the auth or routing layer.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(REQUESTS / 50);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(REQUESTS / 50);
    expect(statuses.get(201) ?? 0).toBeGreaterThan(0);
  }, 180_000);

  it("still answers afterwards, with its data intact", async () => {
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
    expect((await api.put(nsId, "after/fuzz", "alive")).status).toBeLessThan(300);
    expect(new TextDecoder().decode((await api.get(nsId, "after/fuzz")).bytes)).toBe("alive");
    const { keys } = await api.listAll(nsId);
    expect(keys.length).toBeGreaterThan(0);
    for (let i = 1; i < keys.length; i++)
      expect(Buffer.compare(Buffer.from(keys[i - 1]!), Buffer.from(keys[i]!))).toBe(-1);
  });
});
