import type { KvFactRow, KvFactsReport } from "@telnyx-kv/conformance/facts";
import { describe, expect, it } from "vitest";
import { formatTable, resultOf, summaryLines, wrap } from "./doctor-table.js";

const row = (over: Partial<KvFactRow>): KvFactRow => ({
  id: "keys.delete-status",
  section: "Keys",
  fact: "Key DELETE status: 204",
  kind: "choice",
  expected: "204 (empty)",
  observed: "204 (empty)",
  status: "ok",
  required: false,
  ...over,
});

function report(rows: KvFactRow[], over: Partial<KvFactsReport> = {}): KvFactsReport {
  const counts = { ok: 0, differs: 0, "not-checked": 0 };
  for (const r of rows) counts[r.status]++;
  return {
    baseUrl: "https://api.telnyx.com/v2",
    givenBaseUrl: "https://api.telnyx.com",
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 4200,
    requests: { budget: 80, sent: 51 },
    namespace: { name: "telnyx-kv-doctor-abc", created: true, deleted: true },
    interrupted: false,
    rows,
    ok: !rows.some((r) => r.required && r.status === "differs"),
    counts,
    ...over,
  };
}

describe("doctor table", () => {
  it("wraps words at the column width and cuts a word longer than it", () => {
    expect(wrap("a bb ccc dddd", 6)).toEqual(["a bb", "ccc", "dddd"]);
    expect(wrap("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
    expect(wrap("", 5)).toEqual([""]);
  });

  it("says ok, DIFFERS for a required row, differs for a [choice] row, and why a row was not checked", () => {
    expect(resultOf(row({}))).toBe("ok");
    expect(resultOf(row({ status: "differs", kind: "doc", required: true }))).toBe("DIFFERS");
    expect(resultOf(row({ status: "differs" }))).toBe("differs (reported, not a failure)");
    expect(resultOf(row({ status: "not-checked", why: "the namespace supports TTLs" }))).toBe(
      "not checked: the namespace supports TTLs",
    );
  });

  it("groups rows by section, one line per row when it fits, and ends with the counts and the verdict", () => {
    const text = formatTable(
      report([
        row({
          id: "setup.auth",
          section: "Setup",
          kind: "setup",
          fact: "Auth",
          required: true,
          observed: "200",
          expected: "2xx",
        }),
        row({ status: "differs", observed: "200 (empty)" }),
      ]),
    );
    const lines = text.split("\n");
    expect(lines[0]).toBe("telnyx-kv doctor: https://api.telnyx.com/v2");
    expect(lines).toContain("Setup");
    expect(lines).toContain("Keys");
    expect(text).toMatch(
      /^Key DELETE status: 204 +\[choice\] +204 \(empty\) +200 \(empty\) +differs \(reported, not a failure\)$/m,
    );
    expect(text).toContain("1 ok, 1 differ, 0 not checked; 51 of at most 80 requests in 4.2 s.");
    expect(text).toContain("Temporary namespace telnyx-kv-doctor-abc created and deleted.");
    expect(text).toContain("Every [doc] row holds.");
    expect(text).toContain("1 [choice] row differ");
  });

  it("names a namespace left behind, a failed [doc] row and an interruption", () => {
    const left = report([row({ status: "differs", kind: "doc", required: true })], {
      namespace: {
        name: "n",
        created: true,
        deleted: false,
        problem: "The temporary namespace n may be left behind (x).",
      },
    });
    expect(summaryLines(left)).toContain("The temporary namespace n may be left behind (x).");
    expect(summaryLines(left).join("\n")).toContain("A [doc] row differs");
    expect(summaryLines(report([], { interrupted: true })).join("\n")).toContain("Interrupted:");
  });
});
