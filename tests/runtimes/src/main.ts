// `pnpm test:runtimes`: the conformance suite in every runtime we claim, against emulators on loopback.
// Prints runtime × package → passed / failed / not applicable, checks docs/platforms.md against it, and
// exits non-zero on any failure.
import { fileURLToPath } from "node:url";
import { checkPlatformsDoc } from "./platforms-doc.js";
import type { MatrixPackage } from "./protocol.js";
import { cell, formatMatrix, type MatrixRow, rowPassed, summaryLine } from "./report.js";
import { startRowServers } from "./row-servers.js";
import { runRow } from "./run-row.js";
import { type MatrixRuntime, RUNTIMES } from "./runtimes.js";
import { matrixSelection } from "./selection.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const docPath = fileURLToPath(new URL("../../../docs/platforms.md", import.meta.url));
const PACKAGES: readonly MatrixPackage[] = ["client-node", "client-browser"];
const selection = matrixSelection(
  process.env,
  RUNTIMES.map((runtime) => runtime.name),
);
if (!selection.ok) {
  console.error(`✗ ${selection.problem}`);
  process.exit(1);
}
/** Rows at once: each is mostly waiting on its runtime and the emulator, and the machine may be small. */
const PARALLEL = selection.parallel;
const only = selection.filtered;

const jobs: Array<{ runtime: MatrixRuntime; package: MatrixPackage }> = RUNTIMES.filter((runtime) =>
  selection.runtimes.includes(runtime.name),
).flatMap((runtime) => runtime.packages.map((pkg) => ({ runtime, package: pkg })));

async function runJob(job: (typeof jobs)[number]): Promise<MatrixRow> {
  const servers = await startRowServers(job.package, fileURLToPath(new URL("./page.js", import.meta.url)));
  try {
    const outcome = await runRow(job.runtime, servers.config, packageDir);
    const row = { runtime: job.runtime.name, package: job.package, outcome };
    console.log(
      `${rowPassed(row) ? "✓" : "✗"} ${row.runtime} × ${row.package}: ${cell(row)} (${(outcome.ms / 1000).toFixed(1)} s)`,
    );
    return row;
  } finally {
    await servers.close();
  }
}

const rows: MatrixRow[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: Math.max(1, PARALLEL) }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      rows.push(await runJob(job));
    }
  }),
);
// Printed in the matrix's own order, whatever order the rows finished in.
const order = (row: MatrixRow) =>
  jobs.findIndex((job) => job.runtime.name === row.runtime && job.package === row.package);
rows.sort((a, b) => order(a) - order(b));

console.log(`\n${formatMatrix(rows, PACKAGES)}\n`);
const docProblems = only ? [] : checkPlatformsDoc(docPath, rows);
for (const problem of docProblems) console.log(`✗ ${problem}`);
if (!only && docProblems.length === 0)
  console.log("✓ docs/platforms.md: every row it claims is a row the matrix ran and passed");
console.log(summaryLine(rows, docProblems.length));
process.exitCode = rows.every(rowPassed) && docProblems.length === 0 ? 0 : 1;
