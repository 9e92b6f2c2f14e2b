import { describe, expect, it } from "vitest";
import { DEFAULT_PARALLEL, matrixSelection } from "./selection.js";

const NAMES = ["Node 18", "Node 20", "Bun 1.4", "Deno 2.9", "workerd", "Chromium"];

describe("matrixSelection", () => {
  it("runs every runtime, 3 at once, when nothing is set", () => {
    expect(matrixSelection({}, NAMES)).toEqual({
      ok: true,
      runtimes: NAMES,
      parallel: DEFAULT_PARALLEL,
      filtered: false,
    });
  });

  it("keeps the runtimes whose names start with a listed prefix, in matrix order", () => {
    expect(
      matrixSelection({ TELNYX_KV_MATRIX_ONLY: " deno, node ,", TELNYX_KV_MATRIX_PARALLEL: "1" }, NAMES),
    ).toEqual({
      ok: true,
      runtimes: ["Node 18", "Node 20", "Deno 2.9"],
      parallel: 1,
      filtered: true,
    });
  });

  it("fails when ONLY matches nothing, names one prefix that matches nothing, or is empty", () => {
    expect(matrixSelection({ TELNYX_KV_MATRIX_ONLY: "bunn" }, NAMES)).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /^TELNYX_KV_MATRIX_ONLY names no runtime for "bunn": use prefixes of "Node 18", /,
      ),
    });
    expect(matrixSelection({ TELNYX_KV_MATRIX_ONLY: "bun,firefox" }, NAMES)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('for "firefox"'),
    });
    expect(matrixSelection({ TELNYX_KV_MATRIX_ONLY: " , " }, NAMES)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("names no runtime: list some"),
    });
  });

  it("fails when PARALLEL is not a whole number of at least 1", () => {
    for (const value of ["three", "0", "-2", "1.5", "2x"]) {
      expect(matrixSelection({ TELNYX_KV_MATRIX_PARALLEL: value }, NAMES)).toEqual({
        ok: false,
        problem: `TELNYX_KV_MATRIX_PARALLEL is ${JSON.stringify(value)}: set it to a whole number of rows run at once, 1 or more (default 3), or unset it.`,
      });
    }
    expect(matrixSelection({ TELNYX_KV_MATRIX_PARALLEL: "" }, NAMES)).toMatchObject({
      ok: true,
      parallel: 3,
    });
  });
});
