import type { Options } from "tsup";
import { definePackageBuild } from "../../tsup.shared";

const builds = definePackageBuild({
  dir: process.cwd(),
  entry: { index: "src/index.ts" },
  platform: "node",
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
