// One scratch project for every consumer test: each published package packed with `pnpm pack` (the
// tarball the registry would get), installed with npm in a temp folder outside the workspace beside the
// third-party packages a user would add. No workspace link can leak in: nothing above the folder has them.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { packPackage, publishedPackages } from "../../../scripts/release-lib.mjs";
import { npmEnv } from "./npm-env.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The scratch project's folder. */
    scratch: string;
  }
}

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));

// The versions the workspace tests with, so a new release of one of them cannot turn this red overnight.
// The cache hosts are the cache adapter's optional peers: each subpath is imported with its host.
const THIRD_PARTY = [
  "keyv@5.6.0",
  "cache-manager@7.2.9",
  "unstorage@1.17.6",
  "@apollo/utils.keyvaluecache@4.0.0",
  "express-session@1.19.0",
  "@types/express-session@1.19.0",
  "@epic-web/cachified@5.6.3",
  "bentocache@1.6.1",
  "@opentelemetry/api@1.9.1",
  "@opentelemetry/sdk-trace-base@2.12.1",
  "typescript@5.9.3",
  "@types/node@20.19.43",
  "vite@8.3.8",
];

export default function setup(project: TestProject): () => void {
  const scratch = mkdtempSync(join(tmpdir(), "telnyx-kv-consumers-"));
  const tarballs = join(scratch, "tarballs");
  mkdirSync(tarballs);
  for (const pkg of publishedPackages()) packPackage(pkg.dir, tarballs);
  cpSync(FIXTURES, scratch, { recursive: true });
  writeFileSync(
    join(scratch, "package.json"),
    // No "type": plain .ts files are CommonJS under node16, as in most existing Node projects.
    // allowScripts: npm 11 runs a dependency's install script only when allowed (better-sqlite3 builds).
    JSON.stringify({ name: "telnyx-kv-consumer", private: true, allowScripts: { "better-sqlite3": true } }),
  );
  const files = readdirSync(tarballs).map((file) => `./tarballs/${file}`);
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files, ...THIRD_PARTY], {
    cwd: scratch,
    env: npmEnv(),
    stdio: ["ignore", "ignore", "inherit"],
  });
  project.provide("scratch", scratch);
  return () => {
    if (!process.env.KEEP_CONSUMER_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  };
}
