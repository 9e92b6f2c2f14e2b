#!/usr/bin/env node
// `pnpm bench`: builds, then runs every workspace package's `bench` script one after another (never two
// at once: they share two cores), shows their output as it comes, and writes one report of ratios to
// bench/RESULTS.md (and the same rows to bench/results.json) with the machine, Node version and date.
// Ratios, not times: each bench measures its contenders side by side in one run. Nothing here gates CI.
// BENCH_ONLY=<package name> runs one package's bench (the report then holds only that one).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseBench } from "./bench-parse.mjs";
import { machineLine, renderReport } from "./bench-report.mjs";
import { pnpmCommand, ROOT, TOOL_ENV, TURBO_BIN, workspacePackages } from "./release-lib.mjs";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this script, which turbo does not run
const only = process.env.BENCH_ONLY;
const benches = workspacePackages().filter(
  (pkg) => pkg.manifest.scripts?.bench && (!only || pkg.manifest.name === only),
);
if (benches.length === 0) throw new Error(`no package with a bench script${only ? ` named ${only}` : ""}`);

const filters = benches.map((pkg) => `--filter=${pkg.manifest.name}`);
const build = spawnSync(TURBO_BIN, ["run", "build", "--output-logs=errors-only", ...filters], {
  cwd: ROOT,
  stdio: "inherit",
  env: TOOL_ENV,
});
if (build.status !== 0) process.exit(build.status ?? 1);

/** Runs one package's bench, echoing and capturing its output. */
function runBench(pkg) {
  const [command, args] = pnpmCommand(["run", "--silent", "bench"]);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: pkg.dir, env: TOOL_ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const started = performance.now();
    for (const stream of [child.stdout, child.stderr]) {
      stream.on("data", (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on("close", (code) => resolve({ code, output, seconds: (performance.now() - started) / 1000 }));
  });
}

const results = [];
for (const pkg of benches) {
  console.log(`\n▸ ${pkg.manifest.name}: bench`);
  const run = await runBench(pkg);
  results.push({ name: pkg.manifest.name, ...run, rows: parseBench(pkg.manifest.name, run.output) });
}

const report = { machine: machineLine(), node: process.version, date: new Date().toISOString(), results };
mkdirSync(join(ROOT, "bench"), { recursive: true });
writeFileSync(join(ROOT, "bench", "RESULTS.md"), renderReport(report));
// The same rows for tools, without the raw output.
const summary = results.map(({ name, code, seconds, rows }) => ({ name, code, seconds, rows }));
writeFileSync(
  join(ROOT, "bench", "results.json"),
  `${JSON.stringify({ ...report, results: summary }, null, 2)}\n`,
);
console.log("\n✓ wrote bench/RESULTS.md and bench/results.json");
process.exit(results.every((result) => result.code === 0) ? 0 : 1);
