#!/usr/bin/env node
// getMany of 1,000 keys through the cache adapter, against the emulator with 20 ms of injected latency,
// as a ratio of the ideal ceil(1000 / concurrency) × 20 ms. Target: at most 1.3 at the default
// concurrency. Runs the built dist (`pnpm --filter @telnyx-kv/cache-adapter bench` builds first via turbo,
// or run `pnpm build` before). A ratio, not an absolute time, so it means the same on any machine.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { createKvClient } from "@telnyx-kv/core";
import { createKvCache } from "../dist/index.js";

const KEYS = 1000;
const LATENCY_MS = 20;
const ROUNDS = 5;
const DEFAULT_CONCURRENCY = 32;
const TARGET = 1.3;

const worker = new Worker(new URL("./emulator-worker.mjs", import.meta.url));
const [{ url }] = await once(worker, "message");
const setFaults = async (faults) => {
  worker.postMessage({ type: "faults", faults });
  await once(worker, "message");
};

/** The same bounded pool over the bare client: what the adapter adds is the difference. */
async function clientAlone(ns, keys, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const value = await ns.getBytes(keys[next++]);
      if (value === null) throw new Error("a key was missing");
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function medianMs(run) {
  await run(); // warm-up: open the connections outside the timing
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

try {
  const kv = createKvClient({ apiKey: "bench-token", baseUrl: url, retry: false });
  const created = await kv.namespaces.create("bench-get-many");
  await kv.namespaces.waitUntilReady(created.id, { intervalMs: 5 });
  const ns = kv.namespace(created.id);
  const keys = Array.from({ length: KEYS }, (_, i) => `bench:item ${i}`);
  const loader = createKvCache(ns, { concurrency: 64 });
  await Promise.all(keys.map((key, i) => loader.set(key, JSON.stringify({ i, pad: "x".repeat(200) }))));
  await setFaults({ latencyMs: LATENCY_MS });

  const rows = [];
  for (const concurrency of [8, 16, DEFAULT_CONCURRENCY, 64]) {
    const cache = createKvCache(ns, { concurrency });
    const median = await medianMs(async () => {
      const values = await cache.getMany(keys);
      if (values.some((value) => value === undefined)) throw new Error("a key was missing");
    });
    const storageKeys = keys.map((key) => cache.storageKey(key));
    const bare = await medianMs(() => clientAlone(ns, storageKeys, concurrency));
    const ideal = Math.ceil(KEYS / concurrency) * LATENCY_MS;
    rows.push({ concurrency, ideal, median, ratio: median / ideal, bareRatio: bare / ideal });
  }

  console.log(`getMany of ${KEYS} keys, ${LATENCY_MS} ms injected latency, median of ${ROUNDS} rounds`);
  console.log("concurrency | ideal ms | adapter ms | adapter ratio | bare client ratio");
  console.log("----------- | -------- | ---------- | ------------- | -----------------");
  for (const row of rows) {
    const mark = row.concurrency === DEFAULT_CONCURRENCY ? " (default)" : "";
    console.log(
      `${String(row.concurrency).padStart(11)} | ${String(row.ideal).padStart(8)} | ${row.median.toFixed(0).padStart(10)} | ${row.ratio.toFixed(2).padStart(13)} | ${row.bareRatio.toFixed(2).padStart(17)}${mark}`,
    );
  }
  const headline = rows.find((row) => row.concurrency === DEFAULT_CONCURRENCY);
  const verdict = headline.ratio <= TARGET ? "within" : "ABOVE";
  console.log(`default concurrency ratio ${headline.ratio.toFixed(2)}: ${verdict} the ${TARGET} target`);
} finally {
  worker.postMessage({ type: "close" });
  await once(worker, "exit");
}
