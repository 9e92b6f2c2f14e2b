// A copy of the scratch project whose better-sqlite3 is built for Node 22, so the SQLite store runs there
// too. npm built the first copy for this machine's Node (20); a native addon loads only in the Node ABI
// it was built for. The copy hard-links every other file, and node-gyp builds against the headers of the
// npm package `node-<platform>-<arch>` (the one `npx node@22` runs), so only the npm registry is reached.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { nodeBinary } from "./helpers.js";
import { npmEnv } from "./npm-env.js";

/** Unpacks the headers of the Node at `binary` into `dest`; returns the folder for --nodedir. */
function nodeHeaders(binary: string, dest: string): string {
  const options = { encoding: "utf8", env: npmEnv() } as const;
  const version = execFileSync(binary, ["-p", "process.version"], options).trim();
  const name = `node-${process.platform}-${process.arch}@${version.slice(1)}`;
  mkdirSync(dest, { recursive: true });
  const tarball = execFileSync("npm", ["pack", name, "--silent", "--pack-destination", dest], options);
  execFileSync("tar", ["-xzf", join(dest, tarball.trim()), "-C", dest, "package/include"]);
  return join(dest, "package");
}

/** Makes `<scratch>/node22`, a copy of the scratch project with better-sqlite3 rebuilt for Node 22. */
export function prepareNode22Copy(scratch: string): string {
  const copy = join(scratch, "node22");
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy);
  execFileSync("cp", ["-al", join(scratch, "node_modules"), join(copy, "node_modules")], { stdio: "ignore" });
  const addon = join(copy, "node_modules", "better-sqlite3");
  rmSync(addon, { recursive: true });
  cpSync(join(scratch, "node_modules", "better-sqlite3"), addon, { recursive: true });
  cpSync(join(scratch, "runtime"), join(copy, "runtime"), { recursive: true });
  const npmRoot = execFileSync("npm", ["root", "-g"], { encoding: "utf8", env: npmEnv() }).trim();
  const nodeGyp = join(npmRoot, "npm", "node_modules", "node-gyp", "bin", "node-gyp.js");
  const node22 = nodeBinary(22);
  const nodedir = nodeHeaders(node22, join(copy, "headers"));
  // Piped, not shown: the compiler is verbose; a failure's message carries its output.
  execFileSync(node22, [nodeGyp, "rebuild", "--release", `--nodedir=${nodedir}`, "-j", "2"], {
    cwd: addon,
    env: npmEnv(),
    stdio: "pipe",
    maxBuffer: 64 * 2 ** 20,
  });
  return copy;
}
