// Client bench: GET and PUT of 100-byte values, 32 in flight, against the emulator on loopback (in a
// child process). Prints ops/s and client CPU µs/op for this client, a bare ky instance on the same undici
// fetch (what ky costs before any code of ours runs), raw undici.request, global fetch and the official
// telnyx SDK, side by side in one run, plus the ratios the targets are stated against.
// The contenders take turns: BENCH_ROUNDS rounds (default 7), each running every contender for
// BENCH_OPS ÷ rounds operations in a rotated order, and each figure is the median of its rounds. One pass
// per contender swung ±30 % between runs on a 2-core machine (GC, JIT and the emulator's own pauses landing
// on whoever ran then); in turns, a disturbance hits every contender alike and the median drops it.
// Usage: pnpm --filter @telnyx-kv/client-node bench   (BENCH_OPS=40000 for longer runs)
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import ky from "ky";
import Telnyx from "telnyx";
import { Agent } from "undici";
import { createKvClient } from "../dist/index.js";
import { loadCreateUndiciFetch } from "./compiled-undici-fetch.mjs";

const OPS = Number(process.env.BENCH_OPS ?? 14_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PER_ROUND = Math.ceil(OPS / ROUNDS);
const WARMUP = Math.min(2_000, OPS);
const IN_FLIGHT = 32;
const KEYS = 100;
const API_KEY = "KEYbench";
const value = "v".repeat(100);

const here = dirname(fileURLToPath(import.meta.url));
const createUndiciFetch = await loadCreateUndiciFetch();
const server = spawn(process.execPath, [join(here, "server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
const [baseUrl] = await once(createInterface({ input: server.stdout }), "line");

/** Runs `op(i)` `count` times with IN_FLIGHT at once; returns ops/s and client CPU µs per op. */
async function measure(count, op) {
  let next = 0;
  const worker = async () => {
    while (next < count) await op(next++ % KEYS);
  };
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { opsPerSec: count / seconds, cpuUsPerOp: (used.user + used.system) / count };
}

const ours = createKvClient({ apiKey: API_KEY, baseUrl, env: {} });
const ns = await ours.namespaces.create(`bench-${process.pid}`);
await ours.namespaces.waitUntilReady(ns.id, { intervalMs: 10 });
const kv = ours.namespace(ns.id);
for (let i = 0; i < KEYS; i++) await kv.put(`k${i}`, value);

const origin = new URL(baseUrl).origin;
const basePath = new URL(baseUrl).pathname;
const keyPath = (i) => `${basePath}/storage/kvs/${ns.id}/keys/k${i}`;
const auth = { authorization: `Bearer ${API_KEY}` };
const agent = new Agent({ keepAliveTimeout: 10_000 });
const telnyx = new Telnyx({ apiKey: API_KEY, baseURL: baseUrl });
// The same undici fetch our client sends with, under ky configured as core configures it.
const bareKy = ky.create({
  prefixUrl: baseUrl,
  retry: 0,
  throwHttpErrors: false,
  timeout: 30_000,
  headers: auth,
  fetch: createUndiciFetch(agent),
});

const unpaced = createKvClient({ apiKey: API_KEY, baseUrl, env: {}, pacer: false }).namespace(ns.id);
// BENCH_BASELINE=<another build's dist/index.js> adds that build as a contender: a change's cost, side by side.
const baselinePath = process.env.BENCH_BASELINE;
const baseline = baselinePath
  ? (await import(pathToFileURL(baselinePath).href))
      .createKvClient({ apiKey: API_KEY, baseUrl, env: {} })
      .namespace(ns.id)
  : undefined;

const contenders = {
  "@telnyx-kv/client-node": {
    get: (i) => kv.getText(`k${i}`),
    put: (i) => kv.put(`k${i}`, value),
  },
  "ours, pacer: false": {
    get: (i) => unpaced.getText(`k${i}`),
    put: (i) => unpaced.put(`k${i}`, value),
  },
  ...(baseline
    ? {
        "baseline build": {
          get: (i) => baseline.getText(`k${i}`),
          put: (i) => baseline.put(`k${i}`, value),
        },
      }
    : {}),
  "bare ky (same fetch)": {
    get: async (i) => {
      const res = await bareKy.get(`storage/kvs/${ns.id}/keys/k${i}`);
      await res.text();
    },
    put: async (i) => {
      const res = await bareKy.put(`storage/kvs/${ns.id}/keys/k${i}`, {
        headers: { "content-type": "text/plain" },
        body: value,
      });
      await res.body?.cancel();
    },
  },
  "undici.request (floor)": {
    get: async (i) => {
      const res = await agent.request({ origin, path: keyPath(i), method: "GET", headers: auth });
      await res.body.text();
    },
    put: async (i) => {
      const res = await agent.request({
        origin,
        path: keyPath(i),
        method: "PUT",
        headers: { ...auth, "content-type": "text/plain" },
        body: value,
      });
      await res.body.dump();
    },
  },
  "global fetch": {
    get: async (i) => {
      const res = await fetch(`${origin}${keyPath(i)}`, { headers: auth });
      await res.text();
    },
    put: async (i) => {
      const res = await fetch(`${origin}${keyPath(i)}`, {
        method: "PUT",
        headers: { ...auth, "content-type": "text/plain" },
        body: value,
      });
      await res.arrayBuffer();
    },
  },
  "telnyx SDK": {
    get: async (i) => {
      const res = await telnyx.storage.kvs.keys.retrieve(`k${i}`, { id: ns.id });
      await res.text();
    },
    put: (i) => telnyx.storage.kvs.keys.update(`k${i}`, value, { id: ns.id }),
  },
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const rows = [];
try {
  const entries = Object.entries(contenders);
  for (const op of ["get", "put"]) {
    for (const [, contender] of entries) await measure(WARMUP, contender[op]);
    const rounds = new Map(entries.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let turn = 0; turn < entries.length; turn++) {
        const [name, contender] = entries[(round + turn) % entries.length];
        rounds.get(name).push(await measure(PER_ROUND, contender[op]));
      }
    }
    for (const [name, results] of rounds) {
      const cpu = results.map((result) => result.cpuUsPerOp);
      rows.push({
        op: op.toUpperCase(),
        name,
        opsPerSec: median(results.map((result) => result.opsPerSec)),
        cpuUsPerOp: median(cpu),
        spread: `${Math.min(...cpu).toFixed(0)}–${Math.max(...cpu).toFixed(0)}`,
      });
    }
  }
} finally {
  await ours.close();
  await agent.close();
  server.kill("SIGTERM");
}

const pad = (text, width) => String(text).padEnd(width);
console.log(
  `\n${PER_ROUND * ROUNDS} ops each in ${ROUNDS} alternating rounds (medians), ${IN_FLIGHT} in flight, 100-byte values, Node ${process.version}\n`,
);
console.log(
  `${pad("op", 5)}${pad("client", 26)}${pad("ops/s", 10)}${pad("client CPU µs/op", 18)}rounds' range`,
);
for (const row of rows) {
  console.log(
    `${pad(row.op, 5)}${pad(row.name, 26)}${pad(Math.round(row.opsPerSec), 10)}${pad(row.cpuUsPerOp.toFixed(1), 18)}${row.spread}`,
  );
}
console.log("");
for (const op of ["GET", "PUT"]) {
  const of = (name) => rows.find((row) => row.op === op && row.name === name);
  const mine = of("@telnyx-kv/client-node");
  const sdk = of("telnyx SDK");
  const overKy = mine.cpuUsPerOp / of("bare ky (same fetch)").cpuUsPerOp;
  const cpuVsSdk = mine.cpuUsPerOp / sdk.cpuUsPerOp;
  const speed = mine.opsPerSec / sdk.opsPerSec;
  console.log(
    `${op}: ours/bare ky CPU = ${overKy.toFixed(2)} (target ≤ 1.25)   ours/official CPU = ${cpuVsSdk.toFixed(2)} (target ≤ 0.6)   ours/official ops/s = ${speed.toFixed(2)} (target ≥ 1.5)`,
  );
  const base = of("baseline build");
  if (base) console.log(`${op}: ours/baseline build CPU = ${(mine.cpuUsPerOp / base.cpuUsPerOp).toFixed(2)}`);
}
