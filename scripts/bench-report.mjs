// Renders bench/RESULTS.md from the benches' parsed rows and raw output (see scripts/bench.mjs).
import { cpus, release, totalmem } from "node:os";
import { meetsTarget } from "./bench-parse.mjs";

/** CPU model, cores, memory and kernel of this machine, in one line. */
export function machineLine() {
  const cpu = cpus();
  const gib = Math.round(totalmem() / 2 ** 30);
  return `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${gib} GiB, Linux ${release()}`;
}

const cell = (text) => String(text).replace(/\|/g, "\\|");
const MET = { true: "yes", false: "**no**", undefined: "" };

/** One table row per ratio; a failed or unreadable bench still gets a row that says so. */
function tableRows(result) {
  if (result.code !== 0) return [`| ${result.name} | bench failed (exit ${result.code}) | | | | see below |`];
  if (result.rows.length === 0) return [`| ${result.name} | no ratio recognised | | | | see below |`];
  return result.rows.map((r) => {
    const met = MET[String(meetsTarget(r.ratio, r.target))];
    return `| ${[r.package, cell(r.measure), r.ratio.toFixed(2), cell(r.target), met, cell(r.detail)].join(" | ")} |`;
  });
}

/** The whole report: how it was made, the machine, one table of ratios, then each bench's own output. */
export function renderReport({ machine, node, date, results }) {
  const seconds = results.reduce((sum, result) => sum + result.seconds, 0);
  const lines = [
    "# Benchmark results",
    "",
    "Written by `pnpm bench` (scripts/bench.mjs) from every package's own benchmark, run one after another.",
    "Each ratio compares contenders measured side by side in the same run, so it means the same on another",
    "machine, where absolute numbers would not. Targets are the ones the benches state; nothing gates CI.",
    "",
    `- Machine: ${machine}`,
    `- Node: ${node}`,
    `- Date: ${date.slice(0, 16).replace("T", " ")} UTC`,
    `- Benches took: ${seconds.toFixed(0)} s`,
    "",
    "| package | measure | ratio | target | met | detail |",
    "|---|---|---:|---|:---:|---|",
    ...results.flatMap(tableRows),
    "",
    "## Raw output",
    "",
  ];
  for (const result of results) {
    lines.push(
      `### ${result.name} (${result.seconds.toFixed(0)} s)`,
      "",
      "```text",
      result.output.trim(),
      "```",
      "",
    );
  }
  return lines.join("\n");
}
