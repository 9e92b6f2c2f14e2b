import { describe, expect, it } from "vitest";
import { formatTable, resultOf, summaryLines, wrap } from "./table.js";
import type { KvFactRow, KvFactsReport } from "./types.js";

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
    expect(text).toMatch(/^ {2}Auth +setup +ok$/m);
    expect(text).toMatch(
      /^ {2}Key DELETE status: 204 +\[choice\] +differs\n {6}expected: 204 \(empty\)\n {6}observed: 200 \(empty\)\n {6}reported, not a failure$/m,
    );
    expect(text).toContain("1 ok, 1 differ, 0 not checked; 51 of at most 80 requests in 4.2 s.");
    expect(text).toContain("Temporary namespace telnyx-kv-doctor-abc created and deleted.");
    expect(text).toContain("Every [doc] row holds.");
    expect(text).toContain("1 [choice] row differ");
  });

  it("fits 80 columns: long facts, values and reasons wrap onto indented lines", () => {
    const long = "a-rather-long-observed-value-with-no-spaces-at-all-".repeat(3);
    const text = formatTable(
      report(
        [
          row({
            fact: "A fact whose description is much longer than the column it gets in an 80-column table",
            status: "differs",
            kind: "doc",
            required: true,
            observed: long,
            why: "the server answered with something this project never saw before, see the observed value",
          }),
          row({ status: "not-checked", why: "the budget of requests ran out before this check" }),
        ],
        { baseUrl: `https://example.com/${"v".repeat(90)}` },
      ),
    );
    const lines = text.split("\n");
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(text).toMatch(/^ {2}A fact whose description .* +\[doc\] +DIFFERS$/m);
    expect(text).toContain("      why: the budget of requests ran out");
    expect(lines.filter((line) => line.startsWith("      observed: "))).toHaveLength(2);
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
