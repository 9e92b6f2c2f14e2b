// What the tracing layer costs with no subscriber: client-node (its operation wrappers and request hook
// installed, nobody listening) against the same stack without them (core's client with a pacer, which is what
// client-node ran before), both on one shared undici fetch, in alternating rounds so a noisy machine hits both
// alike. Prints client CPU µs/op of each and their ratio. Usage: node bench/tracing-ab.mjs (needs dist/).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createKvClient as createCoreClient, createKvPacer } from "@telnyx-kv/core";
import { Agent } from "undici";
import { createKvClient } from "../dist/index.js";
import { loadCreateUndiciFetch } from "./compiled-undici-fetch.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const OPS = Number(process.env.BENCH_OPS ?? 2000);
const IN_FLIGHT = 32;
const KEYS = 100;
const API_KEY = "KEYbench";
const value = "v".repeat(100);

const here = dirname(fileURLToPath(import.meta.url));
const createUndiciFetch = await loadCreateUndiciFetch();
const server = spawn(process.execPath, [join(here, "server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
const [baseUrl] = await once(createInterface({ input: server.stdout }), "line");

async function measure(count, op) {
  let next = 0;
  const worker = async () => {
    while (next < count) await op(next++ % KEYS);
  };
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const used = process.cpuUsage(cpu);
  return used.user + used.system;
}

// Both contenders send through one and the same fetch (one undici Agent), so the connection pool, its
// keep-alive and its headers are not part of the comparison: only client-node's layer over core is.
const agent = new Agent({ keepAliveTimeout: 10_000 });
const sharedFetch = createUndiciFetch(agent);
const traced = createKvClient({ apiKey: API_KEY, baseUrl, env: {}, fetch: sharedFetch });
const ns = await traced.namespaces.create(`ab-${process.pid}`);
await traced.namespaces.waitUntilReady(ns.id, { intervalMs: 10 });
const plain = createCoreClient({
  apiKey: API_KEY,
  baseUrl,
  fetch: sharedFetch,
  pacer: createKvPacer(),
  bufferStreams: true,
});
const contenders = {
  "without tracing layer": plain.namespace(ns.id),
  "client-node (no subscriber)": traced.namespace(ns.id),
};
for (let i = 0; i < KEYS; i++) await contenders["client-node (no subscriber)"].put(`k${i}`, value);

const totals = {};
try {
  for (const op of ["get", "put"]) {
    const run = (kv) => (op === "get" ? (i) => kv.getText(`k${i}`) : (i) => kv.put(`k${i}`, value));
    for (const kv of Object.values(contenders)) await measure(OPS, run(kv));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always follows the other's garbage.
      const order = Object.entries(contenders);
      if (round % 2) order.reverse();
      for (const [name, kv] of order) {
        const key = `${op}:${name}`;
        totals[key] = (totals[key] ?? 0) + (await measure(OPS, run(kv)));
      }
    }
  }
} finally {
  await traced.close();
  await agent.close();
  server.kill("SIGTERM");
}

const ops = ROUNDS * OPS;
console.log(
  `\n${ROUNDS} alternating rounds of ${OPS} ops, ${IN_FLIGHT} in flight, Node ${process.version}\n`,
);
for (const op of ["get", "put"]) {
  const [base, ours] = Object.keys(contenders).map((name) => totals[`${op}:${name}`] / ops);
  console.log(
    `${op.toUpperCase()}  without: ${base.toFixed(1)} µs/op   client-node: ${ours.toFixed(1)} µs/op   ratio ${(ours / base).toFixed(3)}`,
  );
}
