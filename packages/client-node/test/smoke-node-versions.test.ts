import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname ?? __dirname, "..");
const VERSIONS = ["18", "20", "22", "24"] as const;

/** Runs `npx -y node@<version> <script>` in the package folder; resolves with its exit code and output. */
function runUnder(version: string, script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["-y", `node@${version}`, script], {
      cwd: packageDir,
      env: { ...process.env, npm_config_yes: "true", npm_config_update_notifier: "false" },
      stdio: ["ignore", "pipe", "pipe"],
      // A hung script must not outlive the test.
      timeout: 85_000,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

// The smoke scripts exercise the BUILT package (dist/) and the built emulator, as a user would install them.
// A Node that npx cannot install fails the test too: CI must prove every version, never skip one.
describe("smoke script under every supported Node", () => {
  it("has a build to test", () => {
    expect(
      existsSync(join(packageDir, "dist", "index.js")),
      "run `pnpm --filter @telnyx-kv/client-node build` first",
    ).toBe(true);
  });

  for (const version of VERSIONS) {
    it(`passes on Node ${version} through import and require`, async () => {
      for (const script of ["smoke/smoke.mjs", "smoke/smoke.cjs"]) {
        const { code, output } = await runUnder(version, script);
        expect(output, `npx -y node@${version} ${script} exited ${code}:\n${output}`).toMatch(
          new RegExp(`smoke ok \\(${script.endsWith("mjs") ? "import" : "require"}, Node v${version}\\.`),
        );
        expect(code).toBe(0);
      }
    }, 180_000);

    // The tracing channels' contexts, with plain node:diagnostics_channel (tracingChannel exists from 18.19).
    it(`traces calls and attempts on Node ${version}`, async () => {
      const { code, output } = await runUnder(version, "smoke/tracing.mjs");
      expect(output, `npx -y node@${version} smoke/tracing.mjs exited ${code}:\n${output}`).toMatch(
        new RegExp(`tracing ok \\(Node v${version}\\.`),
      );
      expect(code).toBe(0);
    }, 180_000);
  }
});
