// A release bumps package.json with `changeset version`, then builds: the version a user sees at run time
// (core's VERSION and User-Agent, the emulator's --help) must be the bumped one, with no constant to keep
// in step by hand. Runs in a temp copy of the workspace so the real packages and their dist/ stay as they are.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeset,
  copyReleaseInputs,
  publishedPackages,
  ROOT,
  readJson,
  writeChangeset,
} from "../../../scripts/release-lib.mjs";

const BUILT = ["core", "emulator"];
const NAMESPACE = "550e8400-e29b-41d4-a716-446655440000";
let scratch: string;
const before = new Map<string, string>(publishedPackages().map((p) => [p.rel, p.manifest.version]));
const after = new Map<string, string>();

/** Copies a package's build inputs, sharing its installed node_modules (read only) through a symlink. */
function copyPackage(name: string): string {
  const from = join(ROOT, "packages", name);
  const to = join(scratch, "packages", name);
  mkdirSync(to, { recursive: true });
  for (const entry of ["src", "tsconfig.json", "tsup.config.ts"])
    cpSync(join(from, entry), join(to, entry), { recursive: true });
  symlinkSync(join(from, "node_modules"), join(to, "node_modules"), "dir");
  return to;
}

function bumpMinor(version: string): string {
  const [major, minor] = version.split(".").map(Number);
  return `${major}.${(minor ?? 0) + 1}.0`;
}

function bumpPatch(version: string): string {
  const [major, minor, patch] = version.split(".").map(Number);
  return `${major}.${minor}.${(patch ?? 0) + 1}`;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "telnyx-kv-version-"));
  copyReleaseInputs(scratch, { changesets: false });
  for (const file of ["tsup.shared.ts", "tsconfig.base.json"]) cpSync(join(ROOT, file), join(scratch, file));
  symlinkSync(join(ROOT, "node_modules"), join(scratch, "node_modules"), "dir");
  writeChangeset(
    scratch,
    "bump",
    { "@telnyx-kv/core": "minor", "@telnyx-kv/emulator": "patch" },
    "A bump made by the version-injection test.",
  );
  changeset(scratch, ["version"]);
  for (const rel of before.keys()) after.set(rel, readJson(join(scratch, rel, "package.json")).version);
  const tsup = createRequire(join(ROOT, "package.json")).resolve("tsup/dist/cli-default.js");
  for (const name of BUILT) {
    execFileSync(process.execPath, [tsup, "--silent"], { cwd: copyPackage(name), stdio: "pipe" });
  }
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("changeset version", () => {
  it("bumps the packages named in the changeset", () => {
    expect(after.get("packages/core")).toBe(bumpMinor(before.get("packages/core")!));
    expect(after.get("packages/emulator")).toBe(bumpPatch(before.get("packages/emulator")!));
  });

  it("bumps every published dependent of core, so none is left pointing at the old range", () => {
    for (const rel of ["packages/client-node", "packages/client-browser", "packages/cache-adapter"]) {
      expect(after.get(rel), rel).toBe(bumpPatch(before.get(rel)!));
      const manifest = readJson(join(scratch, rel, "package.json"));
      expect(manifest.dependencies["@telnyx-kv/core"], rel).toBe("workspace:^");
    }
  });
});

describe("the version injected at build time", () => {
  it("is core's bumped version, in ESM and CommonJS", async () => {
    const dist = join(scratch, "packages", "core", "dist");
    const esm = await import(pathToFileURL(join(dist, "index.js")).href);
    const cjs = createRequire(import.meta.url)(join(dist, "index.cjs"));
    expect(esm.VERSION).toBe(after.get("packages/core"));
    expect(cjs.VERSION).toBe(after.get("packages/core"));
  });

  it("is the one core sends in its User-Agent", async () => {
    const core = await import(pathToFileURL(join(scratch, "packages", "core", "dist", "index.js")).href);
    let userAgent: string | null = null;
    const kv = core.createKvClient({
      apiKey: "KEYtest",
      baseUrl: "http://kv.test",
      retry: false,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        userAgent = new Request(input, init).headers.get("user-agent");
        return new Response(null, { status: 404 });
      },
    });
    expect(await kv.namespace(NAMESPACE).get("missing")).toBeNull();
    expect(userAgent).toBe(`@telnyx-kv/core/${after.get("packages/core")}`);
  });

  it("is the emulator's bumped version in its --help", () => {
    const cli = join(scratch, "packages", "emulator", "dist", "cli.js");
    const help = execFileSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.split("\n")[0]).toBe(`@telnyx-kv/emulator ${after.get("packages/emulator")}`);
  });
});
