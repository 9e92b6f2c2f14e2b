// `pnpm bench` reads the ratios out of each package bench's printed table; when a bench's output changes
// shape, this fails here rather than leaving an empty report.
import { expect, it } from "vitest";
import { meetsTarget, parseBench } from "../../../scripts/bench-parse.mjs";

const EMULATOR = `target                  GET req/s   GET ratio  PUT req/s   PUT ratio
bare node:http (ceiling)86,838      1.00       76,975      1.00
emulator memory         73,076      0.84       62,240      0.81
emulator sqlite         40,224      0.46       20,833      0.27

memory GET / bare GET = 0.84 (target >= 0.60)

SQLite list page (median)   10,000 keys     1,000,000 keys    ratio
limit=1000                  1.34 ms         1.33 ms           1.00
limit=100                   0.22 ms         0.25 ms           1.14`;

const CLIENT_NODE = `op   client                    ops/s     client CPU µs/op
GET  @telnyx-kv/client-node    7848      149.8
GET  global fetch              9426      131.8
PUT  @telnyx-kv/client-node    5892      198.7
PUT  global fetch              6365      197.3

GET: ours/official ops/s = 1.38 (target ≥ 1.5)   ours/undici CPU = 6.77 (target ≤ 4)
PUT: ours/official ops/s = 1.40 (target ≥ 1.5)   ours/undici CPU = 7.42 (target ≤ 4)`;

const CACHE_ADAPTER = `getMany of 1000 keys, 20 ms injected latency, median of 5 rounds
concurrency | ideal ms | adapter ms | adapter ratio | bare client ratio
          8 |     2500 |       2720 |          1.09 |              1.08
         32 |      640 |        720 |          1.12 |              1.10 (default)`;

it("reads the emulator's throughput and list-latency ratios", () => {
  const rows = parseBench("@telnyx-kv/emulator", EMULATOR);
  expect(rows.map((r) => r.ratio)).toEqual([0.84, 0.81, 0.46, 0.27, 1, 1.14]);
  expect(rows[0]).toMatchObject({ target: "≥ 0.60", detail: "higher is better (73,076 vs 86,838 req/s)" });
  expect(rows[5]?.measure).toBe("SQLite list page (limit=100), 1,000,000 keys ÷ 10,000 keys");
});

it("reads client-node's stated targets and derives ours ÷ fetch", () => {
  const rows = parseBench("@telnyx-kv/client-node", CLIENT_NODE);
  expect(rows.map((r) => [r.measure, r.ratio, r.target])).toEqual([
    ["GET ours/official ops/s", 1.38, "≥ 1.5"],
    ["GET ours/undici CPU", 6.77, "≤ 4"],
    ["PUT ours/official ops/s", 1.4, "≥ 1.5"],
    ["PUT ours/undici CPU", 7.42, "≤ 4"],
    ["GET ours/global fetch ops/s", 0.83, ""],
    ["PUT ours/global fetch ops/s", 0.93, ""],
  ]);
});

it("reads the cache adapter's ratios, with the target on the default concurrency", () => {
  const rows = parseBench("@telnyx-kv/cache-adapter", CACHE_ADAPTER);
  expect(rows.map((r) => [r.ratio, r.target])).toEqual([
    [1.09, ""],
    [1.12, "≤ 1.3"],
  ]);
});

it("judges ratios against the targets as written", () => {
  expect(meetsTarget(1.38, "≥ 1.5")).toBe(false);
  expect(meetsTarget(0.84, ">= 0.60")).toBe(true);
  expect(meetsTarget(1.5, "≤ 1.5")).toBe(true);
  expect(meetsTarget(1, "")).toBeUndefined();
});

const CLIENT_BROWSER = `| bundle | gzipped | minified | ÷ createKvNamespace | target | regression gate |
|---|---|---|---|---|---|
| @telnyx-kv/client-browser createKvNamespace (ky included) | 13.4 KB | 37.5 KB | 1.00 | ≤ 10.0 KB missed by 3.4 KB | ≤ 13.6 KB ok |
| ky alone (the four requests by hand) | 5.1 KB | 14.0 KB | 0.38 |  |  |`;

it("reads client-browser's bundle sizes against their targets, peers beside", () => {
  const rows = parseBench("@telnyx-kv/client-browser", CLIENT_BROWSER);
  expect(rows.map((r) => [r.ratio, r.target])).toEqual([
    [1.34, "≤ 1.00"],
    [0.38, ""],
  ]);
  expect(meetsTarget(rows[0]!.ratio, rows[0]!.target)).toBe(false);
});
