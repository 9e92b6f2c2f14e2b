import { describe, expect, it } from "vitest";
import { localEnv, runCli } from "./helpers.js";

describe("pnpm --filter playground scenarios", () => {
  it("exits 0 with every row passing", async () => {
    const cli = runCli("scenarios/main.js", localEnv());
    const code = await cli.exited;
    const output = cli.output();
    expect(code, output).toBe(0);
    const rows = output.split("\n").filter((line) => /^(PASS|FAIL) /.test(line));
    // Every area the issues name has rows: client-node, bindings, bulk, Keyv/cache-manager, unstorage,
    // and a session login round trip.
    for (const area of [
      "client-node:",
      "bindings:",
      "bulk:",
      "cache-manager",
      "unstorage",
      "express-session login",
    ]) {
      expect(
        rows.some((row) => row.includes(area)),
        `${area} row in\n${output}`,
      ).toBe(true);
    }
    expect(
      rows.filter((row) => row.startsWith("FAIL")),
      output,
    ).toEqual([]);
    expect(output).toMatch(/putMany\s+\[#+\] 200\/200/);
  });
});
