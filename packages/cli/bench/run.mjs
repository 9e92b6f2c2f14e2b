#!/usr/bin/env node
// `pnpm --filter @telnyx-kv/cli bench`: `telnyx-kv import` and `telnyx-kv export` of 5,000 keys through the
// built bin (a subprocess, as users run it, start-up included) against the emulator with 20 ms of injected
// latency, each as a ratio of the ideal keys × latency ÷ concurrency, beside a plain sequential loop of
// `put` over the same keys in the same run. Target: at most 1.3 for import and export. Ratios, not
// absolute times, so they mean the same on any machine; nothing gates CI.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { createKvClient } from "@telnyx-kv/client-node";

const KEYS = 5000;
const LATENCY_MS = 20;
const CONCURRENCY = 16;
const TARGET = 1.3;
const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const API_KEY = "bench-cli-key";

const worker = new Worker(new URL("./emulator-worker.mjs", import.meta.url));
const [{ url }] = await once(worker, "message");
const setFaults = async (faults) => {
  worker.postMessage({ type: "faults", faults });
  await once(worker, "message");
};

/** Runs the bin to the end; rejects with its stderr when it fails. */
function telnyxKv(args) {
  const env = { ...process.env, TELNYX_BASE_URL: url, TELNYX_API_KEY: API_KEY };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(stderr) : reject(new Error(`telnyx-kv ${args[0]} exited ${code}:\n${stderr}`)),
    );
  });
}

async function timed(run) {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const scratch = mkdtempSync(join(tmpdir(), "telnyx-kv-cli-bench-"));
const kv = createKvClient({ apiKey: API_KEY, baseUrl: url, proxy: false });
try {
  const namespace = async (name) => {
    const created = await kv.namespaces.create(name);
    await kv.namespaces.waitUntilReady(created.id, { intervalMs: 5 });
    return kv.namespace(created.id);
  };
  const imported = await namespace("bench-import");
  const sequential = await namespace("bench-sequential");
  const entries = Array.from({ length: KEYS }, (_, i) => ({
    key: `bench/${String(i).padStart(5, "0")}`,
    value: `value ${i} ${"x".repeat(100)}`,
  }));
  const input = join(scratch, "in.ndjson");
  writeFileSync(input, `${entries.map((entry) => JSON.stringify(entry)).join("\n")}\n`);
  const output = join(scratch, "out.ndjson");
  const concurrency = ["--concurrency", String(CONCURRENCY)];

  await setFaults({ latencyMs: LATENCY_MS });
  const importMs = await timed(() => telnyxKv(["import", imported.id, input, ...concurrency]));
  const exportMs = await timed(() => telnyxKv(["export", imported.id, "--out", output, ...concurrency]));
  const loopMs = await timed(async () => {
    for (const entry of entries) await sequential.put(entry.key, entry.value);
  });
  await setFaults(undefined);

  // The numbers only count if the work was done: every key exported, byte for byte.
  const exported = readFileSync(output, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  if (exported.length !== KEYS || exported.some((record, i) => record.value !== entries[i].value))
    throw new Error(`export wrote ${exported.length} records, not the ${KEYS} imported`);
  let stored = 0;
  for await (const _ of sequential.list()) stored++;
  if (stored !== KEYS) throw new Error(`the sequential loop stored ${stored} keys, not ${KEYS}`);

  const ideal = (KEYS * LATENCY_MS) / CONCURRENCY;
  const rows = [
    ["telnyx-kv import", importMs, true],
    ["telnyx-kv export", exportMs, true],
    ["sequential put loop", loopMs, false],
  ];
  console.log(
    `${KEYS} keys, ${LATENCY_MS} ms injected latency, concurrency ${CONCURRENCY}, Node ${process.version}`,
  );
  console.log(
    `ideal = keys × latency ÷ concurrency = ${ideal.toFixed(0)} ms (the bin's start-up is in its time)`,
  );
  console.log("");
  console.log(`${"run".padEnd(22)}${"ms".padStart(9)}${"÷ ideal".padStart(10)}`);
  for (const [name, ms] of rows) {
    console.log(`${name.padEnd(22)}${ms.toFixed(0).padStart(9)}${(ms / ideal).toFixed(2).padStart(10)}`);
  }
  console.log("");
  for (const [name, ms, targeted] of rows) {
    const measure = `${name} of ${KEYS} keys at ${LATENCY_MS} ms latency, time ÷ ideal`;
    console.log(`${measure} = ${(ms / ideal).toFixed(2)} (target ${targeted ? `≤ ${TARGET}` : "none"})`);
  }
  const missed = rows.filter(([, ms, targeted]) => targeted && ms / ideal > TARGET).map(([name]) => name);
  console.log(
    missed.length === 0
      ? `import and export within the ${TARGET} target`
      : `ABOVE the ${TARGET} target: ${missed.join(", ")}`,
  );
} finally {
  await kv.close();
  rmSync(scratch, { recursive: true, force: true });
  worker.postMessage({ type: "close" });
  await once(worker, "exit");
}
