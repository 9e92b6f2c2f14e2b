import type { KvFactRow, KvFactsReport } from "./types.js";

/** The width the table fits: a classic terminal's 80 columns. */
export const TABLE_WIDTH = 80;
// One line per row: the fact, its kind and a short result; the details (expected, observed, why) go on
// indented lines below when there is something to see, so nothing runs past the width.
const KIND_WIDTH = 8;
const TAG_WIDTH = "not checked".length;
const INDENT = "  ";
const DETAIL_INDENT = "      ";

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

/** The short result of a row's first line: ok, DIFFERS (fails the run), differs (reported), not checked. */
function tagOf(row: KvFactRow): string {
  if (row.status === "ok") return "ok";
  if (row.status === "not-checked") return "not checked";
  return row.required ? "DIFFERS" : "differs";
}

/** `label` and `text` wrapped at `width`, the continuation lines under the text. */
function detail(label: string, text: string, width: number): string[] {
  const room = width - DETAIL_INDENT.length - label.length;
  return wrap(text, room).map(
    (line, i) => `${DETAIL_INDENT}${i === 0 ? label : " ".repeat(label.length)}${line}`,
  );
}

/** The lines of one row: fact, kind and result, then what was expected and observed when it matters. */
function rowLines(row: KvFactRow, width: number): string[] {
  const factWidth = width - INDENT.length - 2 - KIND_WIDTH - 2 - TAG_WIDTH;
  const fact = wrap(row.fact, factWidth);
  const lines = fact.map((line, i) =>
    i === 0
      ? `${INDENT}${line.padEnd(factWidth)}  ${kindOf(row).padEnd(KIND_WIDTH)}  ${tagOf(row)}`.trimEnd()
      : `${INDENT}${line}`,
  );
  const observed = row.observed || "—";
  if (row.status !== "ok" || observed !== row.expected) {
    lines.push(...detail("expected: ", row.expected, width), ...detail("observed: ", observed, width));
  }
  if (row.status === "differs" && !row.required) lines.push(...detail("", "reported, not a failure", width));
  if (row.status !== "ok" && row.why) lines.push(...detail("why: ", row.why, width));
  return lines;
}

/**
 * The report as a table that fits `width` columns (80 by default), grouped by API-FACTS section: a line per
 * row (fact, kind, result) with the expected and observed values below it when they differ, then a summary.
 */
export function formatTable(report: KvFactsReport, width = TABLE_WIDTH): string {
  const out: string[] = [...wrap(`telnyx-kv doctor: ${report.baseUrl}`, width), ""];
  const factWidth = width - INDENT.length - 2 - KIND_WIDTH - 2 - TAG_WIDTH;
  out.push(`${INDENT}${"FACT".padEnd(factWidth)}  ${"KIND".padEnd(KIND_WIDTH)}  RESULT`);
  let section = "";
  for (const row of report.rows) {
    if (row.section !== section) {
      section = row.section;
      out.push("", section);
    }
    out.push(...rowLines(row, width));
  }
  out.push("", ...summaryLines(report).flatMap((line) => wrap(line, width)));
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
