import type { Options } from "tsup";
import { definePackageBuild } from "../../tsup.shared";

// The package is a command (no library entry): one ESM build of the bin, with the shared recipe's target
// and defines, plus the shebang. Its dependencies stay external, installed beside it.
const [esm] = definePackageBuild({ dir: process.cwd(), entry: { bin: "src/bin.ts" }, platform: "node" });

const config: Options[] = [
  {
    ...esm,
    format: ["esm"],
    dts: false,
    banner: { js: "#!/usr/bin/env node" },
  },
];

export default config;
