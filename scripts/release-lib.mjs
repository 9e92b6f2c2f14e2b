// Pieces of the release flow shared by `scripts/release.mjs` (the dry run), `scripts/bench.mjs` (turbo
// and the workspace list) and the release tests.
// Everything here reads the workspace and writes only into folders it is given: a dry run must leave
// the working tree as it found it.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in `scripts/`). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

const WORKSPACE_FOLDERS = ["packages", "apps", "tests"];

/** Every workspace package: `{ dir, rel, manifest }`, in folder order. */
export function workspacePackages(root = ROOT) {
  const found = [];
  for (const folder of WORKSPACE_FOLDERS) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = join(base, name, "package.json");
      if (!existsSync(file)) continue;
      found.push({ dir: join(base, name), rel: relative(root, join(base, name)), manifest: readJson(file) });
    }
  }
  return found;
}

/** The packages `changeset publish` would publish: every non-private one. */
export function publishedPackages(root = ROOT) {
  return workspacePackages(root).filter((pkg) => !pkg.manifest.private);
}

/**
 * Internal dependencies of published packages that are not `workspace:^`. `workspace:*` would publish an
 * exact pin (users get two copies of core after any patch), and a plain range would skip the local copy.
 */
export function internalRangeProblems(root = ROOT) {
  const names = new Set(workspacePackages(root).map((pkg) => pkg.manifest.name));
  const problems = [];
  for (const { manifest } of publishedPackages(root)) {
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        if (names.has(dep) && range !== "workspace:^") {
          problems.push(`${manifest.name} ${field}.${dep} is "${range}"; use "workspace:^"`);
        }
      }
    }
  }
  return problems;
}

/**
 * Copies what `changeset version` reads (root manifest, workspace file, .changeset/, every package's
 * manifest and changelog) into `dest`, so a version bump can run there instead of in the working tree.
 * `changesets: false` copies only the config, for a test that writes its own changeset.
 */
export function copyReleaseInputs(dest, { root = ROOT, changesets = true } = {}) {
  for (const file of ["package.json", "pnpm-workspace.yaml"]) cpSync(join(root, file), join(dest, file));
  mkdirSync(join(dest, ".changeset"), { recursive: true });
  for (const file of readdirSync(join(root, ".changeset"))) {
    if (file === "config.json" || file === "README.md" || (changesets && file.endsWith(".md"))) {
      cpSync(join(root, ".changeset", file), join(dest, ".changeset", file));
    }
  }
  for (const pkg of workspacePackages(root)) {
    mkdirSync(join(dest, pkg.rel), { recursive: true });
    for (const file of ["package.json", "CHANGELOG.md"]) {
      if (existsSync(join(pkg.dir, file))) cpSync(join(pkg.dir, file), join(dest, pkg.rel, file));
    }
  }
}

/** The workspace's own turbo binary (run directly: no pnpm in between). */
export const TURBO_BIN = join(ROOT, "node_modules", ".bin", "turbo");

/** The environment the scripts run turbo (and what it starts) with: telemetry off. */
export const TOOL_ENV = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

/** The workspace's own changesets CLI entry point, run with this Node. */
export const CHANGESET_BIN = createRequire(join(ROOT, "package.json")).resolve("@changesets/cli/bin.js");

/** Runs the workspace's own changesets CLI in `cwd` (no network: `version` reads and writes files only). */
export function changeset(cwd, args) {
  return execFileSync(process.execPath, [CHANGESET_BIN, ...args], { cwd, encoding: "utf8", stdio: "pipe" });
}

/** Writes one changeset file into `dir`/.changeset. */
export function writeChangeset(dir, name, bumps, summary) {
  const head = Object.entries(bumps).map(([pkg, bump]) => `"${pkg}": ${bump}`);
  writeFileSync(join(dir, ".changeset", `${name}.md`), `---\n${head.join("\n")}\n---\n\n${summary}\n`);
}

/**
 * How to run pnpm from here: the pnpm that runs this script (`npm_execpath`, set by `pnpm run`, also when
 * pnpm itself came from `npx` and is not on PATH), else `pnpm` from PATH.
 */
export function pnpmCommand(args) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm for every script it runs, turbo's tasks too
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) {
    return /\.c?js$/.test(execPath) ? [process.execPath, [execPath, ...args]] : [execPath, args];
  }
  return ["pnpm", args];
}

/** `pnpm pack` of one package into `dest`; returns the tarball's path. pnpm rewrites `workspace:` ranges. */
export function packPackage(dir, dest) {
  const [command, args] = pnpmCommand(["pack", "--pack-destination", dest]);
  const out = execFileSync(command, args, {
    cwd: dir,
    encoding: "utf8",
    stdio: "pipe",
  });
  const tarball = out
    .trim()
    .split("\n")
    .map((line) => line.trim())
    .findLast((line) => line.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack in ${dir} printed no tarball:\n${out}`);
  return tarball.startsWith("/") ? tarball : join(dest, tarball);
}

/** The package.json inside a packed tarball, as a registry would serve it. */
export function tarballManifest(tarball) {
  return JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
}

/** The files inside a packed tarball. */
export function tarballFiles(tarball) {
  return execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
}

/** Reads a JSON file. */
export function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}
