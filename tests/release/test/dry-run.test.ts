// `pnpm release --dry-run` is the documented rehearsal of a release: it must pass on the tree as it is,
// in CI too (turbo has built every package before this runs, so the build step is skipped here).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { internalRangeProblems, ROOT } from "../../../scripts/release-lib.mjs";

it("published packages depend on each other with workspace:^", () => {
  expect(internalRangeProblems()).toEqual([]);
});

it("the release dry run plans, packs and checks every published package", () => {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, "scripts", "release.mjs"), "--dry-run", "--skip-build"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/version plan/);
  expect(result.stdout).toMatch(/✓ @telnyx-kv\/core@\S+: \d+ files/);
  expect(result.stdout).toMatch(/dry run complete; working tree unchanged/);
});
