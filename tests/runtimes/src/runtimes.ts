import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { MatrixPackage } from "./protocol.js";

const require = createRequire(import.meta.url);

/**
 * The executable a runtime's npm package ships in its platform package (`@oven/bun-linux-x64`, …), found
 * among its optional dependencies: pnpm does not run their install scripts, and none is needed.
 */
function shippedBinary(packageName: string, candidates: readonly string[]): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    optionalDependencies?: Record<string, string>;
  };
  const fromPackage = createRequire(manifestPath);
  for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) {
    let dir: string;
    try {
      dir = dirname(fromPackage.resolve(`${dependency}/package.json`));
    } catch {
      continue; // Another platform's build, not installed here.
    }
    const found = candidates.map((file) => join(dir, file)).find((path) => existsSync(path));
    if (found) return found;
  }
  throw new Error(
    `No ${packageName} executable for ${process.platform}-${process.arch} among its platform packages: ` +
      "run `npx -y pnpm@10.34.8 install --frozen-lockfile` at the repository root.",
  );
}

/** How one runtime of the matrix is started on a harness file. */
export interface MatrixRuntime {
  /** The matrix's (and docs/platforms.md's) name for it. */
  name: string;
  /** What the runtime must report itself as (`runtimeVersion()`), so a wrong binary cannot pass for it. */
  reports: RegExp;
  /** Which packages it runs. */
  packages: readonly MatrixPackage[];
  /** `[command, args]` that run `script`; `undefined` for Chromium, which the host drives itself. */
  command?: (script: string) => [string, string[]];
  /** The harness file it runs (in dist/). */
  script?: string;
}

const npxNode =
  (version: string) =>
  (script: string): [string, string[]] => ["npx", ["-y", `node@${version}`, script]];

/** Every runtime the matrix runs, with the packages it must pass. */
export const RUNTIMES: readonly MatrixRuntime[] = [
  ...["18", "20", "22", "24"].map((version) => ({
    name: `Node ${version}`,
    reports: new RegExp(`^Node ${version}\\.`),
    packages: ["client-node", "client-browser"] as const,
    command: npxNode(version),
    script: "dist/harness.js",
  })),
  {
    name: "Bun 1.4",
    reports: /^Bun 1\.4\./,
    packages: ["client-node", "client-browser"],
    command: (script) => [shippedBinary("bun", ["bin/bun"]), [script]],
    script: "dist/harness.js",
  },
  {
    name: "Deno 2.9",
    reports: /^Deno 2\.9\./,
    packages: ["client-node", "client-browser"],
    command: (script) => [shippedBinary("deno", ["deno"]), ["run", "--allow-all", "--quiet", script]],
    script: "dist/harness.js",
  },
  // Miniflare 4 needs Node 22; it runs workerd, which runs the bundled worker harness.
  {
    name: "workerd",
    reports: /^workerd \S+ \(Cloudflare-Workers\)$/,
    packages: ["client-browser"],
    command: npxNode("22"),
    script: "dist/workerd-host.js",
  },
  { name: "Chromium", reports: /^Chromium \d+\./, packages: ["client-browser"] },
];
