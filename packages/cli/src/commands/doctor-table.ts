import type { KvFactRow, KvFactsReport } from "@telnyx-kv/conformance/facts";

// Column widths a cell wraps at; the result column (with its "why") takes the rest of the line.
const WIDTHS = { fact: 46, expected: 30, observed: 36 } as const;

/** The words of `text` wrapped at `width` (a longer word is cut). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > width) {
      if (line) lines.push(line);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      line = "";
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** The result cell of a row: ok, differs (with the kind that decides whether it fails), or not checked and why. */
export function resultOf(row: KvFactRow): string {
  if (row.status === "ok") return "ok";
  if (row.status === "not-checked") return `not checked: ${row.why ?? "no reason given"}`;
  const label = row.required ? "DIFFERS" : "differs (reported, not a failure)";
  return row.why ? `${label}: ${row.why}` : label;
}

function kindOf(row: KvFactRow): string {
  return row.kind === "setup" ? "setup" : `[${row.kind}]`;
}

/** One table row, its cells wrapped into as many lines as the longest needs. */
function tableLines(cells: string[], widths: number[]): string[] {
  const wrapped = cells.map((cell, i) => wrap(cell, widths[i] as number));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let i = 0; i < height; i++) {
    const parts = wrapped.map((w, c) =>
      c === wrapped.length - 1 ? (w[i] ?? "") : (w[i] ?? "").padEnd(widths[c] as number),
    );
    lines.push(parts.join("  ").trimEnd());
  }
  return lines;
}

/** The report as a table, fact → expected → observed → result, grouped by API-FACTS section, and a summary. */
export function formatTable(report: KvFactsReport): string {
  const widths = [WIDTHS.fact, 8, WIDTHS.expected, WIDTHS.observed, 60];
  const out: string[] = [`telnyx-kv doctor: ${report.baseUrl}`, ""];
  out.push(...tableLines(["FACT", "KIND", "EXPECTED", "OBSERVED", "RESULT"], widths));
  let section = "";
  for (const row of report.rows) {
    if (row.section !== section) {
      section = row.section;
      out.push("", `${section}`);
    }
    out.push(
      ...tableLines([row.fact, kindOf(row), row.expected, row.observed || "—", resultOf(row)], widths),
    );
  }
  out.push("", ...summaryLines(report));
  return `${out.join("\n")}\n`;
}

/** The closing lines: counts, requests spent, what became of the temporary namespace, and the verdict. */
export function summaryLines(report: KvFactsReport): string[] {
  const { counts, requests, namespace } = report;
  const choiceDiffs = report.rows.filter((r) => r.status === "differs" && !r.required).length;
  const lines = [
    `${counts.ok} ok, ${counts.differs} differ, ${counts["not-checked"]} not checked; ${requests.sent} of at most ${requests.budget} requests in ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  if (namespace.created) {
    lines.push(
      namespace.deleted
        ? `Temporary namespace ${namespace.name} created and deleted.`
        : (namespace.problem ?? `Temporary namespace ${namespace.name} may be left behind.`),
    );
  }
  if (report.setupProblem) lines.push(`Setup failed: ${report.setupProblem}`);
  else if (report.interrupted) lines.push("Interrupted: the rows after the interruption were not checked.");
  else if (report.ok) lines.push("Every [doc] row holds.");
  else
    lines.push(
      "A [doc] row differs: this target does not behave as the Telnyx docs say (see the rows marked DIFFERS).",
    );
  if (choiceDiffs > 0) {
    lines.push(
      `${choiceDiffs} [choice] row${choiceDiffs === 1 ? "" : "s"} differ: the API answers otherwise than this project guessed. Please open an issue with \`telnyx-kv doctor --json\` attached (CONTRIBUTING.md, "When doctor reports a difference").`,
    );
  }
  return lines;
}
