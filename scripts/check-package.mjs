#!/usr/bin/env node
// Packaging gate for one published package (run from its folder by `pnpm check:packages`):
// publint --strict, attw --pack, and with --browser an esbuild platform:"browser" bundle of every
// entry that fails on any Node built-in. Exits non-zero on any finding. Peer dependencies stay out of
// the bundle: they are the user's install (a host library like keyv), not code this package ships.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const browser = process.argv.includes("--browser");
// Subpaths for a Node-only host (`--node-only=./next,./next/use-cache`: Next.js's server) may use Node
// built-ins; the browser bundle check skips exactly those, and still checks every other entry.
const nodeOnly = new Set(
  (process.argv.find((arg) => arg.startsWith("--node-only="))?.slice("--node-only=".length) ?? "")
    .split(",")
    .filter(Boolean),
);
let failed = false;

if (pkg.private) {
  console.log(`${pkg.name}: private, not published; skipped`);
  process.exit(0);
}

function run(label, command, args) {
  const result = spawnSync(command, args, { cwd: dir, stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`✗ ${pkg.name}: ${label} failed`);
    failed = true;
  } else {
    console.log(`✓ ${pkg.name}: ${label}`);
  }
}

run("publint --strict", "publint", ["--strict"]);
// A command-only package (a `bin`, no entry but ./package.json) has no types for attw to resolve.
const libraryEntries = Object.keys(pkg.exports ?? {}).filter((entry) => entry !== "./package.json");
if (libraryEntries.length > 0 || pkg.main || pkg.types) {
  run("attw --pack", "attw", ["--pack", ".", "--format", "table-flipped"]);
  // The README's API table must list exactly the root's exports (decision 0006).
  run("README API table", process.execPath, [fileURLToPath(new URL("api-table.mjs", import.meta.url)), dir]);
} else {
  console.log(`- ${pkg.name}: attw skipped (bin only, no library entry)`);
}

if (browser) {
  const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const peers = Object.keys(pkg.peerDependencies ?? {});
  const isPeer = (path) => peers.some((peer) => path === peer || path.startsWith(`${peer}/`));
  for (const subpath of nodeOnly) {
    if (!pkg.exports?.[subpath]) {
      console.error(`✗ ${pkg.name}: --node-only names ${subpath}, which is not in exports`);
      failed = true;
    } else {
      console.log(`- ${pkg.name}: ${subpath} is Node-only; browser bundle check skipped for it`);
    }
  }
  const entries = Object.entries(pkg.exports ?? {})
    .filter(([subpath]) => !nodeOnly.has(subpath))
    .map(([, target]) => (typeof target === "object" ? target.import?.default : undefined))
    .filter(Boolean);
  for (const entry of entries) {
    const offenders = new Set();
    const result = await build({
      entryPoints: [resolve(dir, entry)],
      bundle: true,
      minify: true,
      write: false,
      format: "esm",
      platform: "browser",
      logLevel: "silent",
      plugins: [
        {
          name: "forbid-node-builtins",
          setup(b) {
            b.onResolve({ filter: /.*/ }, (args) => {
              if (isPeer(args.path)) return { path: args.path, external: true };
              if (nodeBuiltins.has(args.path)) {
                offenders.add(`${args.path} (imported by ${args.importer.replace(dir, ".")})`);
                return { path: args.path, external: true };
              }
              return undefined;
            });
          },
        },
      ],
    }).catch((error) => {
      offenders.add(String(error.message ?? error));
      return undefined;
    });
    if (offenders.size > 0) {
      console.error(
        `✗ ${pkg.name}: browser bundle of ${entry} reaches Node built-ins:\n  ${[...offenders].join("\n  ")}`,
      );
      failed = true;
    } else {
      const code = result.outputFiles[0].contents;
      console.log(
        `✓ ${pkg.name}: browser bundle of ${entry} has no Node built-in (${code.byteLength} B minified, ${gzipSync(code).byteLength} B gzipped)`,
      );
    }
  }
}

process.exit(failed ? 1 : 0);
