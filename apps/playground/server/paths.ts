import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The app folder (the one with the playground's package.json). Found by walking up from this module,
 * because it runs both from source (server/) and bundled (dist/server/), one level apart.
 */
export function appDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "playground") return dir;
    if (dirname(dir) === dir) throw new Error(`No playground package.json above ${from}.`);
  }
}

/** Where `vite build` puts the web UI. */
export function webDir(app: string = appDir()): string {
  return join(app, "dist", "web");
}

/** The sample function config the binding scenario reads. */
export function funcTomlPath(app: string = appDir()): string {
  return join(app, "scenarios", "func.toml");
}

/** Default SQLite folder of the emulator: inside the app, so it does not depend on the working directory. */
export function defaultDataDir(app: string = appDir()): string {
  return join(app, ".telnyx-kv");
}
