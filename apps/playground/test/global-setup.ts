import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureChromium } from "@telnyx-kv/test-chromium";
import { appDir } from "../server/paths.js";

/**
 * The tests drive the built app (web UI bundle, server and scenario CLIs). turbo builds it before `test`;
 * this covers a bare `vitest run` on a fresh checkout.
 */
export default function setup(): void {
  // Before any test's timer starts: on a fresh machine this installs Debian's Chromium (a minute or two).
  ensureChromium();
  const app = appDir();
  const outputs = ["dist/web/index.html", "dist/server/main.js", "dist/scenarios/main.js"];
  if (outputs.every((file) => existsSync(join(app, file)))) return;
  execSync("pnpm run build", { cwd: app, stdio: "inherit" });
}
