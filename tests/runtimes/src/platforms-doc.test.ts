import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlatformsDoc, readClaims } from "./platforms-doc.js";
import type { MatrixRow } from "./report.js";

const passed = { title: "keys › x", status: "passed", ms: 1 } as const;
const row = (runtime: string, pkg: MatrixRow["package"], ok = true): MatrixRow => ({
  runtime,
  package: pkg,
  outcome: {
    results: ok ? [passed] : [{ title: "keys › x", status: "failed", ms: 1, error: "boom" }],
    ms: 1,
  },
});

const DOC = `# Platforms

| platform | package | auth |
|---|---|---|
| Bun 1.4 | \`@telnyx-kv/client-node\` | key |
| workerd | \`@telnyx-kv/client-browser\` | token |

Text after the table.
`;

describe("docs/platforms.md against the matrix", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kv-platforms-"));
    await writeFile(join(dir, "platforms.md"), DOC);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads each table row as a platform and a package", () => {
    expect(readClaims(DOC)).toEqual([
      { platform: "Bun 1.4", package: "client-node" },
      { platform: "workerd", package: "client-browser" },
    ]);
  });

  it("agrees when every claimed row ran and passed, and nothing else ran", () => {
    const rows = [row("Bun 1.4", "client-node"), row("workerd", "client-browser")];
    expect(checkPlatformsDoc(join(dir, "platforms.md"), rows)).toEqual([]);
  });

  it("names a claimed row that failed, one that never ran, and a run row the doc lacks", () => {
    const rows = [row("Bun 1.4", "client-node", false), row("Deno 2.9", "client-node")];
    const problems = checkPlatformsDoc(join(dir, "platforms.md"), rows);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/client-node on Bun 1\.4, which failed/);
    expect(problems[1]).toMatch(/client-browser on workerd, a row the matrix does not run/);
    expect(problems[2]).toMatch(/no row for client-node on Deno 2\.9/);
  });

  it("fails when the doc is missing", () => {
    expect(checkPlatformsDoc(join(dir, "nope.md"), [])[0]).toMatch(/could not be read/);
  });
});
