#!/usr/bin/env node
// `pnpm release`: build, check:packages, then `changeset publish` (extra arguments go to it, e.g. --otp).
// `pnpm release --dry-run`: the same gates, then everything publishing would do short of the registry,
// offline and without touching the working tree: the version plan (`changeset version` in a temp copy),
// one `pnpm pack` per package with its manifest checked as the registry would receive it.
// `--skip-build` skips the build and gates (for tests that run after turbo built everything).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CHANGESET_BIN,
  changeset,
  copyReleaseInputs,
  internalRangeProblems,
  packPackage,
  publishedPackages,
  ROOT,
  readJson,
  TOOL_ENV,
  TURBO_BIN,
  tarballFiles,
  tarballManifest,
} from "./release-lib.mjs";

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const skipBuild = args.includes("--skip-build");

function step(title) {
  console.log(`\n▸ ${title}`);
}

function fail(message) {
  console.error(`✗ ${message}`);
  process.exit(1);
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: "inherit", env: TOOL_ENV });
  if (result.status !== 0) fail(`${command} ${commandArgs.join(" ")} exited with ${result.status}`);
}

// What a release could change (versions, changelogs, consumed changesets, the lockfile), compared before
// and after a dry run; the rest of the tree is left to whoever else is editing it.
const RELEASE_PATHS = [":(glob)**/package.json", ":(glob)**/CHANGELOG.md", ".changeset", "pnpm-lock.yaml"];

/** `git status` of the release paths, or null outside a git checkout. */
function treeState() {
  try {
    return execFileSync("git", ["status", "--porcelain", "--untracked-files=all", "--", ...RELEASE_PATHS], {
      cwd: ROOT,
      encoding: "utf8",
    });
  } catch {
    return null;
  }
}

const before = treeState();
step("internal dependency ranges");
const problems = internalRangeProblems();
if (problems.length > 0) fail(problems.join("\n  "));
console.log("✓ published packages depend on each other with workspace:^");

if (!skipBuild) {
  step("build and packaging gate (turbo run build check:packages)");
  run(TURBO_BIN, ["run", "build", "check:packages", "--output-logs=errors-only"]);
}

if (!dryRun) {
  step("changeset publish");
  run(process.execPath, [CHANGESET_BIN, "publish", ...args.filter((arg) => arg !== "--skip-build")]);
  process.exit(0);
}

const scratch = mkdtempSync(join(tmpdir(), "telnyx-kv-release-"));
try {
  step("version plan (changeset version in a temp copy)");
  copyReleaseInputs(join(scratch, "plan"));
  changeset(join(scratch, "plan"), ["version"]);
  const packages = publishedPackages();
  for (const pkg of packages) {
    const next = readJson(join(scratch, "plan", pkg.rel, "package.json")).version;
    const change = next === pkg.manifest.version ? "unchanged" : `→ ${next}`;
    console.log(`  ${pkg.manifest.name.padEnd(28)} ${pkg.manifest.version.padEnd(8)} ${change}`);
  }

  step("pack (what the registry would receive)");
  const versions = new Map(packages.map((pkg) => [pkg.manifest.name, pkg.manifest.version]));
  for (const pkg of packages) {
    const tarball = packPackage(pkg.dir, join(scratch, "tarballs"));
    const manifest = tarballManifest(tarball);
    const files = tarballFiles(tarball);
    if (JSON.stringify(manifest).includes("workspace:"))
      fail(`${manifest.name}: a workspace: range was packed`);
    for (const field of ["dependencies", "peerDependencies"]) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        if (versions.has(dep) && range !== `^${versions.get(dep)}`) {
          fail(`${manifest.name}: ${field}.${dep} packed as "${range}", expected "^${versions.get(dep)}"`);
        }
      }
    }
    if (!files.some((file) => file.startsWith("package/dist/")))
      fail(`${manifest.name}: no dist/ in the tarball`);
    if (files.some((file) => /\/(src|test)\//.test(file))) fail(`${manifest.name}: sources in the tarball`);
    console.log(
      `✓ ${manifest.name}@${manifest.version}: ${files.length} files, internal ranges pinned with ^`,
    );
  }

  step("publish (skipped: dry run)");
  console.log(
    `  \`changeset publish\` would publish each of these ${packages.length} packages whose version`,
  );
  console.log(
    "  is not on the registry yet, then tag it; run `pnpm version-packages` first to apply the plan.",
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const after = treeState();
if (before !== after) fail(`the dry run changed the working tree:\n${after}`);
console.log("\n✓ dry run complete; working tree unchanged");
