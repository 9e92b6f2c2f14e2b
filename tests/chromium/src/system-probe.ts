import { readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { debianInstallProblem, installDebianPackage, isExecutable } from "./debian-package.js";
import type { ChromiumProbe } from "./find-chromium.js";

/** Where a playwright download keeps its executable, per browser folder (chromium-NNNN, …). */
const PLAYWRIGHT_EXECUTABLES = [
  "chrome-linux64/chrome",
  "chrome-linux/chrome",
  "chrome-headless-shell-linux64/chrome-headless-shell",
  "chrome-linux/headless_shell",
];

function playwrightBrowsers(env: Record<string, string | undefined>): string[] {
  const found: string[] = [];
  try {
    found.push(chromium.executablePath());
  } catch {
    // playwright-core knows no build for this platform; the folder scan below still may.
  }
  const root = env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), ".cache", "ms-playwright");
  let folders: string[] = [];
  try {
    folders = readdirSync(root).filter((name) => name.startsWith("chromium"));
  } catch {
    return found;
  }
  for (const folder of folders.sort().reverse())
    for (const executable of PLAYWRIGHT_EXECUTABLES) found.push(join(root, folder, executable));
  return found;
}

/** The real machine: the file system, playwright-core's download folder, and root's apt-get. */
export function systemProbe(env: Record<string, string | undefined> = process.env): ChromiumProbe {
  return {
    env,
    exists: isExecutable,
    playwrightBrowsers: () => playwrightBrowsers(env),
    canInstall: () => debianInstallProblem(env) === undefined,
    // The same locked installer as every system tool the tests need, so two installs never race for dpkg.
    install: () => installDebianPackage("chromium", "chromium", { env }),
  };
}
