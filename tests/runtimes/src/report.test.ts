import { describe, expect, it } from "vitest";
import { END_LINE, parseOutput, RESULT_PREFIX, RUNTIME_PREFIX } from "./protocol.js";
import { countRow, formatMatrix, type MatrixRow, rowPassed, summaryLine } from "./report.js";

const rowOf = (outcome: MatrixRow["outcome"]): MatrixRow => ({
  runtime: "Bun 1.4",
  package: "client-node",
  outcome,
});

describe("the matrix report", () => {
  it("reads a runtime's lines, and knows a run that stopped early", () => {
    const lines = [
      "noise",
      `${RUNTIME_PREFIX}Bun 1.4.5`,
      `${RESULT_PREFIX}${JSON.stringify({ title: "a › b", status: "passed", ms: 3 })}`,
    ];
    expect(parseOutput(lines.join("\n"))).toEqual({
      results: [{ title: "a › b", status: "passed", ms: 3 }],
      runtime: "Bun 1.4.5",
      complete: false,
    });
    expect(parseOutput([...lines, END_LINE].join("\n")).complete).toBe(true);
  });

  it("counts a broken run as a failure, and a run with no passed case as not green", () => {
    const broken = rowOf({
      results: [{ title: "a › b", status: "passed", ms: 1 }],
      problem: "exited 1",
      ms: 1,
    });
    expect(countRow(broken)).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
    expect(rowPassed(broken)).toBe(false);
    expect(
      rowPassed(rowOf({ results: [{ title: "a › b", status: "not applicable", reason: "x" }], ms: 1 })),
    ).toBe(false);
  });

  it("prints failures and not-applicable cases by name, and the closing count CI reads", () => {
    const row = rowOf({
      runtime: "Bun 1.4.5",
      results: [
        { title: "keys › one", status: "passed", ms: 1 },
        { title: "keys › two", status: "failed", ms: 1, error: "expected 1 to be 2" },
        { title: "errors › faults", status: "not applicable", reason: "needs faults" },
      ],
      ms: 1,
    });
    const text = formatMatrix([row], ["client-node", "client-browser"]);
    expect(text).toMatch(/Bun 1\.4\s+Bun 1\.4\.5\s+FAILED 1 · 1 passed · 1 n\/a\s+—/);
    expect(text).toContain("✗ Bun 1.4 × client-node › keys › two\n    expected 1 to be 2");
    expect(text).toContain("○ Bun 1.4 × client-node › errors › faults: not applicable (needs faults)");
    expect(summaryLine([row], 2)).toBe("Tests  1 passed, 3 failed (1 not applicable, 1 rows)");
  });
});
