import type { MatrixPackage } from "./protocol.js";
import type { RowOutcome } from "./run-row.js";

/** One finished row of the matrix. */
export interface MatrixRow {
  runtime: string;
  package: MatrixPackage;
  outcome: RowOutcome;
}

/** Counts of one row; a row with a problem counts one failure more, so it can never read as green. */
export function countRow(row: MatrixRow): { passed: number; failed: number; notApplicable: number } {
  const count = (status: string) => row.outcome.results.filter((result) => result.status === status).length;
  return {
    passed: count("passed"),
    failed: count("failed") + (row.outcome.problem ? 1 : 0),
    notApplicable: count("not applicable"),
  };
}

/** Whether a row ran to the end with no failure and at least one passed case. */
export function rowPassed(row: MatrixRow): boolean {
  const { passed, failed } = countRow(row);
  return failed === 0 && passed > 0;
}

/** `38 passed · 2 n/a`, or with failures first. */
export function cell(row: MatrixRow | undefined): string {
  if (!row) return "—";
  const { passed, failed, notApplicable } = countRow(row);
  const parts = [
    failed > 0 ? `FAILED ${failed}` : "",
    `${passed} passed`,
    notApplicable ? `${notApplicable} n/a` : "",
  ];
  return parts.filter(Boolean).join(" · ");
}

/** What a runtime said it was ("Node 18.20.8", "Chromium 156.0.8078.114"…). */
function ranOn(rows: readonly MatrixRow[], runtime: string): string {
  return rows.find((row) => row.runtime === runtime && row.outcome.runtime)?.outcome.runtime ?? "?";
}

/** The printed matrix: runtime × package, then every failure and every not-applicable case by name. */
export function formatMatrix(rows: readonly MatrixRow[], packages: readonly MatrixPackage[]): string {
  const runtimes = [...new Set(rows.map((row) => row.runtime))];
  const table = [["runtime", "ran on", ...packages]];
  for (const runtime of runtimes) {
    const cells = packages.map((pkg) => cell(rows.find((r) => r.runtime === runtime && r.package === pkg)));
    table.push([runtime, ranOn(rows, runtime), ...cells]);
  }
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const lines = table.map((line) =>
    line
      .map((text, column) => text.padEnd(widths[column]!))
      .join("   ")
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("   "));
  for (const row of rows) {
    const label = `${row.runtime} × ${row.package}`;
    if (row.outcome.problem) lines.push("", `✗ ${label}: ${row.outcome.problem}`);
    for (const result of row.outcome.results) {
      if (result.status === "failed") lines.push(`✗ ${label} › ${result.title}\n    ${result.error}`);
      if (result.status === "not applicable")
        lines.push(`○ ${label} › ${result.title}: not applicable (${result.reason})`);
    }
  }
  return lines.join("\n");
}

/** The closing count, in the words CI's summary reads (`N passed, N failed`). */
export function summaryLine(rows: readonly MatrixRow[], extraFailures: number): string {
  const totals = rows.map(countRow).reduce(
    (sum, row) => ({
      passed: sum.passed + row.passed,
      failed: sum.failed + row.failed,
      notApplicable: sum.notApplicable + row.notApplicable,
    }),
    { passed: 0, failed: extraFailures, notApplicable: 0 },
  );
  return `Tests  ${totals.passed} passed, ${totals.failed} failed (${totals.notApplicable} not applicable, ${rows.length} rows)`;
}
