import { describe, expect, it } from "vitest";
import { localNodeProblem } from "./target.js";

describe("localNodeProblem", () => {
  it("refuses --local below Node 20 in one line naming the flag and the Node to use", () => {
    const problem = localNodeProblem("18.20.8", "--to-local");
    expect(problem).toMatch(/^--to-local needs Node >= 20 .*Node 18\.20\.8.*use Node >= 20 for --to-local/);
    expect(problem).not.toContain("\n");
  });

  it("allows Node 20 and later", () => {
    for (const version of ["20.0.0", "22.11.0", "24.1.0"])
      expect(localNodeProblem(version, "--local")).toBeUndefined();
  });
});
