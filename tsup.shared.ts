import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "tsup";

/** What differs between our packages' builds. */
export interface PackageBuildOptions {
  /** Package folder (tsup runs in it, so `process.cwd()`). */
  dir: string;
  /** Entry points, relative to the package folder. */
  entry: Record<string, string>;
  /** ESM-only dependencies that must be bundled into the CommonJS build so `require` works on Node 18. */
  bundleIntoCjs?: string[];
  /** Target platform of the build. */
  platform?: "node" | "neutral" | "browser";
  /** Extra options merged into both builds. */
  extra?: Options;
}

/** The one build recipe of every published package: ESM + CJS, declarations per format, version injected. */
export function definePackageBuild(options: PackageBuildOptions): Options[] {
  const pkg = JSON.parse(readFileSync(join(options.dir, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const common: Options = {
    entry: options.entry,
    target: "node18",
    platform: options.platform ?? "neutral",
    sourcemap: true,
    dts: true,
    treeshake: true,
    splitting: false,
    define: {
      __PACKAGE_NAME__: JSON.stringify(pkg.name),
      __PACKAGE_VERSION__: JSON.stringify(pkg.version),
    },
    ...options.extra,
  };
  // Clean once, here: tsup's own `clean` runs per build, and the ESM build's declaration step could then
  // delete the `.d.cts` the CJS build wrote concurrently.
  rmSync(join(options.dir, "dist"), { recursive: true, force: true });
  return [
    { ...common, format: ["esm"], clean: false },
    {
      ...common,
      format: ["cjs"],
      clean: false,
      noExternal: options.bundleIntoCjs ?? [],
    },
  ];
}
