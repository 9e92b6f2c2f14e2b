import type { Options } from "tsup";
import { definePackageBuild } from "../../tsup.shared";

const builds = definePackageBuild({
  dir: process.cwd(),
  entry: { index: "src/index.ts" },
  platform: "node",
  // An optional dependency, loaded only by the SQLite store: tsup externalises `dependencies` by itself,
  // not `optionalDependencies`, and a bundled native module cannot load.
  extra: { external: ["better-sqlite3"] },
});

// The CLI is ESM only (the `bin`), built with the same defines as the library, plus the shebang.
const [esm] = builds;

const config: Options[] = [
  ...builds,
  {
    ...esm,
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    banner: { js: "#!/usr/bin/env node" },
  },
];

export default config;
