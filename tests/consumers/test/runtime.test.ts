// require and import of every package, run on the Node versions users have: 18 (Telnyx functions), this
// machine's 20 and 22. better-sqlite3 (the emulator's SQLite store) needs Node 20+, so Node 18 uses the
// memory store; Node 22 runs both, SQLite from a copy with the addon rebuilt for it.
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { publishedPackages } from "../../../scripts/release-lib.mjs";
import { describeRun, type NodeChoice, runNode, scratchDir } from "./helpers.js";
import { prepareNode22Copy } from "./node22-sqlite.js";

const RUNS = [
  { node: "host", store: "sqlite" },
  { node: 18, store: "memory" },
  { node: 22, store: "memory" },
] as const;

/** Runs main.cjs or main.mjs and checks the line it prints. */
function scenario(node: NodeChoice, store: string, format: string, cwd = scratchDir()): void {
  const result = runNode(node, [`runtime/main.${format}`, store], cwd);
  expect(result.status, describeRun(result)).toBe(0);
  const line = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
  expect(line).toMatchObject({ ok: true, store, format: format === "cjs" ? "cjs" : "esm" });
  if (node !== "host") expect(line.node).toMatch(new RegExp(`^v${node}\\.`));
}

describe.each(RUNS)("Node $node ($store store)", ({ node, store }) => {
  it.each(["cjs", "mjs"])("runs the scenario through main.%s", (format) => scenario(node, store, format));
});

describe("Node 22 (sqlite store)", () => {
  let copy: string;
  beforeAll(() => {
    copy = prepareNode22Copy(scratchDir());
  }, 300_000);

  it.each(["cjs", "mjs"])("runs the scenario through main.%s", (format) =>
    scenario(22, "sqlite", format, copy),
  );
});

it("resolves every package inside the scratch project, not through a workspace link", () => {
  const scratch = realpathSync(scratchDir());
  const require = createRequire(join(scratch, "package.json"));
  const names: string[] = publishedPackages().map((pkg) => pkg.manifest.name);
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const resolved = realpathSync(require.resolve(name));
    expect(resolved.startsWith(join(scratch, "node_modules", ...name.split("/"))), name).toBe(true);
  }
});
