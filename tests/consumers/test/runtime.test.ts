// require and import of every package, run on the Node versions users have: 18 (Telnyx functions), this
// machine's 20 and 22. better-sqlite3 (the emulator's SQLite store) needs Node 20+, so Node 18 uses the
// memory store; Node 22 runs both, SQLite from a copy with the addon rebuilt for it.
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
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

/** Whether `manifest` has an entry point `require(name)` resolves (`exports["."]`, string exports, or main). */
function hasMainEntry(manifest: { exports?: unknown; main?: string }): boolean {
  const { exports } = manifest;
  if (typeof exports === "string" || Array.isArray(exports)) return true;
  if (exports && typeof exports === "object") {
    const keys = Object.keys(exports);
    // Conditions only ({ import, require }) are the "." entry; subpaths start with "./".
    return keys.includes(".") || keys.some((key) => !key.startsWith("."));
  }
  return manifest.main !== undefined;
}

/** The bins of `manifest` as [command, path in the package]. */
function binsOf(manifest: { name: string; bin?: string | Record<string, string> }): Array<[string, string]> {
  if (typeof manifest.bin === "string") return [[manifest.name.split("/").at(-1)!, manifest.bin]];
  return Object.entries(manifest.bin ?? {});
}

it("resolves every package inside the scratch project, not through a workspace link", () => {
  const scratch = realpathSync(scratchDir());
  const require = createRequire(join(scratch, "package.json"));
  const packages = publishedPackages();
  expect(packages.length).toBeGreaterThan(0);
  for (const { manifest } of packages) {
    const name: string = manifest.name;
    const home = join(scratch, "node_modules", ...name.split("/"));
    const inside = (path: string) =>
      expect(realpathSync(path).startsWith(`${home}${sep}`), `${name}: ${path}`).toBe(true);
    const bins = binsOf(manifest);
    // Every published package is reachable somehow: by require/import, or (a bin-only one) by its command.
    expect(hasMainEntry(manifest) || bins.length > 0, `${name} has neither an entry point nor a bin`).toBe(
      true,
    );
    if (hasMainEntry(manifest)) inside(require.resolve(name));
    for (const [command, file] of bins) {
      const target = join(dirname(require.resolve(`${name}/package.json`)), file);
      inside(target);
      // npm links the command to the installed file, not to the workspace's copy.
      expect(realpathSync(join(scratch, "node_modules", ".bin", command)), `${name}: bin ${command}`).toBe(
        realpathSync(target),
      );
    }
  }
});
