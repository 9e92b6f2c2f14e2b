import type { ScenarioResult } from "./types.js";

/** Renders the results as a plain-text table with a closing count line. */
export function formatTable(results: ScenarioResult[]): string {
  const rows = results.map((r) => [r.ok ? "PASS" : "FAIL", r.name, `${r.ms} ms`, r.detail]);
  const header = ["result", "scenario", "time", "detail"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  // The detail column is last and left ragged, so long error messages do not stretch every row.
  const fmt = (row: string[]) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ");
  const rule = widths.map((w, i) => "-".repeat(i === widths.length - 1 ? Math.min(w, 40) : w)).join("  ");
  const passed = results.filter((r) => r.ok).length;
  return [
    fmt(header),
    rule,
    ...rows.map(fmt),
    "",
    `scenarios: ${passed} passed, ${results.length - passed} failed`,
  ].join("\n");
}
