#!/usr/bin/env node
// `pnpm --filter @telnyx-kv/cli bench:size [MB…]`: imports generated NDJSON files (2 KB values, default 100 MB
// and 1 GB) with the built bin into --local and into the emulator (its own thread, SQLite store), and exports
// them back, printing each run's time, throughput and the bin's peak RSS. A script, not a test: the figures
// go in bench/RESULTS.md. Target (issue 20): peak RSS ≤ 200 MB for every size, within 10 % across sizes.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

// TELNYX_KV_BENCH_TARGETS=emulator (or --local) runs one target only;
// TELNYX_KV_BENCH_BIN measures another build (an older commit's dist/bin.js) instead of this one;
// TELNYX_KV_BENCH_BASELINE=…/dist/bin.js measures this build and that one alternately, TELNYX_KV_BENCH_RUNS
// times each (default 3, the first build of each round alternating too, so the shared machine's load hits
// both alike), each run into a fresh namespace, and prints the medians side by side.
const BIN = process.env.TELNYX_KV_BENCH_BIN ?? fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const BASELINE = process.env.TELNYX_KV_BENCH_BASELINE;
const RUNS = BASELINE ? Math.max(1, Number(process.env.TELNYX_KV_BENCH_RUNS ?? 3)) : 1;
const BUILDS = BASELINE
  ? [
      { name: "this", bin: BIN },
      { name: "baseline", bin: BASELINE },
    ]
  : [{ name: "this", bin: BIN }];
const PRELOAD = fileURLToPath(new URL("./max-rss.cjs", import.meta.url));
const SIZES_MB = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sizes = SIZES_MB.length > 0 ? SIZES_MB : [100, 1024];
const VALUE_BYTES = 2000;
const API_KEY = "bench-size-key";

/** Runs the bin; resolves with its stderr and peak RSS (MB), rejects when it fails. */
function telnyxKv(args, env = {}, bin = BIN) {
  const child = spawn(process.execPath, ["-r", PRELOAD, bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      const rss = /telnyx-kv-bench max-rss-kb (\d+)/.exec(stderr);
      if (code !== 0) reject(new Error(`telnyx-kv ${args.join(" ")} exited ${code}:\n${stderr}`));
      else resolve({ stderr, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN });
    });
  });
}

/** Newlines in a file, streamed. */
async function countLines(path) {
  let count = 0;
  for await (const chunk of createReadStream(path)) for (const byte of chunk) if (byte === 10) count++;
  return count;
}

async function generate(path, megabytes) {
  const out = createWriteStream(path);
  const filler = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(Math.ceil(VALUE_BYTES / 36));
  let written = 0;
  let count = 0;
  for (let i = 0; written < megabytes * 1024 * 1024; i++, count++) {
    const line = `${JSON.stringify({ key: `bench/${String(i).padStart(8, "0")}`, value: `${i} ${filler}`.slice(0, VALUE_BYTES) })}\n`;
    written += line.length;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { bytes: statSync(path).size, entries: count };
}

async function timed(run) {
  const started = performance.now();
  const result = await run();
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

const scratch = mkdtempSync(join(tmpdir(), "telnyx-kv-size-bench-"));
const worker = new Worker(new URL("./emulator-worker.mjs", import.meta.url), {
  workerData: { store: "sqlite", dataDir: join(scratch, "emulator") },
});
const [{ url }] = await once(worker, "message");
const remote = { TELNYX_BASE_URL: url, TELNYX_API_KEY: API_KEY };
const rows = [];
/** The 1-minute load average, the shared machine's business while a run goes. */
const load = () => loadavg()[0].toFixed(1);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
try {
  for (const mb of sizes) {
    const input = join(scratch, `in-${mb}.ndjson`);
    const { bytes, entries } = await generate(input, mb);
    const megabytes = bytes / 1024 / 1024;
    for (const target of (process.env.TELNYX_KV_BENCH_TARGETS ?? "--local,emulator").split(",")) {
      for (let round = 1; round <= RUNS; round++) {
        const order = round % 2 === 1 ? BUILDS : [...BUILDS].reverse();
        for (const build of order) {
          const name = `bench-${mb}-${target === "--local" ? "local" : "emulator"}-${build.name}-${round}`;
          const flags = target === "--local" ? ["--local", join(scratch, `local-${name}`)] : [];
          const env = target === "--local" ? {} : remote;
          const bin = build.bin;
          await telnyxKv(["namespace", "create", name, "--wait", ...flags], env, bin);
          const loadAtStart = load();
          const imported = await timed(() => telnyxKv(["import", name, input, ...flags], env, bin));
          const output = join(scratch, `out-${name}.ndjson`);
          const exported = await timed(() => telnyxKv(["export", name, "--out", output, ...flags], env, bin));
          const lines = await countLines(output);
          if (lines !== entries)
            throw new Error(`${name}: the export has ${lines} lines, not the ${entries} imported`);
          rmSync(output);
          if (target === "--local") rmSync(flags[1], { recursive: true, force: true });
          for (const [job, run] of [
            ["import", imported],
            ["export", exported],
          ]) {
            rows.push({
              mb: megabytes,
              target,
              job,
              build: build.name,
              seconds: run.seconds,
              rss: run.rssMb,
            });
            console.log(
              `${megabytes.toFixed(0).padStart(5)} MB  ${target.padEnd(9)} ${job}  ${BASELINE ? `${build.name.padEnd(8)} run ${round}  ` : ""}${run.seconds.toFixed(1).padStart(7)} s  ${(megabytes / run.seconds).toFixed(1).padStart(6)} MB/s  peak RSS ${run.rssMb.toFixed(0)} MB  load ${loadAtStart}→${load()}`,
            );
          }
        }
      }
    }
    rmSync(input);
  }
  if (BASELINE) {
    console.log("\nMedians (this build vs the baseline):");
    const groups = new Map();
    for (const row of rows) {
      const id = `${row.mb.toFixed(0)} MB ${row.target} ${row.job}`;
      if (!groups.has(id)) groups.set(id, { this: [], baseline: [] });
      groups.get(id)[row.build].push(row);
    }
    for (const [id, builds] of groups) {
      const [ours, theirs] = [builds.this, builds.baseline].map((list) => ({
        seconds: median(list.map((row) => row.seconds)),
        rss: median(list.map((row) => row.rss)),
      }));
      console.log(
        `${id.padEnd(28)} this ${ours.seconds.toFixed(1)} s, ${ours.rss.toFixed(0)} MB  baseline ${theirs.seconds.toFixed(1)} s, ${theirs.rss.toFixed(0)} MB  time ${(((ours.seconds - theirs.seconds) / theirs.seconds) * 100).toFixed(1)} %`,
      );
    }
  }
  const peaks = rows.map((row) => row.rss);
  console.log(
    `\nNode ${process.version}; peak RSS of the bin: ${Math.min(...peaks).toFixed(0)}–${Math.max(...peaks).toFixed(0)} MB (target ≤ 200 MB).`,
  );
} finally {
  worker.postMessage({ type: "close" });
  await once(worker, "exit");
  rmSync(scratch, { recursive: true, force: true });
}
