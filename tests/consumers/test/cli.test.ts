// The `telnyx-kv` bin as npm installs it from the packed tarball, on the Node versions users have: 18
// (Telnyx functions), this machine's 20 and 22. `--local` needs the SQLite store (better-sqlite3, Node 20+),
// so it runs on this machine's Node; every Node loads the whole command and client-node behind it.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishedPackages } from "../../../scripts/release-lib.mjs";
import { describeRun, type NodeChoice, runNode, scratchDir } from "./helpers.js";

const bin = () => join(scratchDir(), "node_modules", "@telnyx-kv", "cli", "dist", "bin.js");
const version = () =>
  publishedPackages().find((pkg) => pkg.manifest.name === "@telnyx-kv/cli")!.manifest.version;

describe.each<NodeChoice>(["host", 18, 22])("telnyx-kv on Node %s", (node) => {
  it("prints its help and version, and names --api-key and TELNYX_API_KEY when no key is set", () => {
    const help = runNode(node, [bin(), "--help"]);
    expect(help.status, describeRun(help)).toBe(0);
    for (const command of ["namespace", "key", "export", "import", "copy"])
      expect(help.stdout).toContain(command);
    const printed = runNode(node, [bin(), "--version"]);
    expect(printed.stdout.trim()).toBe(version());
    const empty = mkdtempSync(join(tmpdir(), "telnyx-kv-cli-"));
    const noKey = runNode(node, [bin(), "namespace", "list"], empty);
    rmSync(empty, { recursive: true, force: true });
    expect(noKey.status, describeRun(noKey)).toBe(2);
    expect(noKey.stderr).toContain("--api-key");
    expect(noKey.stderr).toContain("TELNYX_API_KEY");
  });
});

it("is linked as node_modules/.bin/telnyx-kv and works on a --local store", () => {
  expect(existsSync(join(scratchDir(), "node_modules", ".bin", "telnyx-kv"))).toBe(true);
  const cwd = mkdtempSync(join(tmpdir(), "telnyx-kv-cli-local-"));
  try {
    for (const args of [
      ["namespace", "create", "consumer", "--local"],
      ["key", "put", "consumer", "hello", "from the tarball", "--local"],
    ]) {
      const result = runNode("host", [bin(), ...args], cwd);
      expect(result.status, describeRun(result)).toBe(0);
    }
    const get = runNode("host", [bin(), "key", "get", "consumer", "hello", "--local"], cwd);
    expect(get.stdout).toBe("from the tarball");
    expect(existsSync(join(cwd, ".telnyx-kv", "kv.sqlite3"))).toBe(true);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

it("on Node 18, --local stops with one line saying to use Node >= 20, before touching the store", () => {
  const cwd = mkdtempSync(join(tmpdir(), "telnyx-kv-cli-node18-"));
  try {
    const result = runNode(18, [bin(), "namespace", "list", "--local"], cwd);
    expect(result.status, describeRun(result)).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines, describeRun(result)).toHaveLength(1);
    expect(lines[0]).toMatch(/^telnyx-kv: --local needs Node >= 20 .*use Node >= 20 for --local/);
    expect(existsSync(join(cwd, ".telnyx-kv"))).toBe(false);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
