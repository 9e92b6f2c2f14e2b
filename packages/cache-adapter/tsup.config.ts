import { definePackageBuild } from "../../tsup.shared";

export default definePackageBuild({
  dir: process.cwd(),
  entry: { index: "src/index.ts" },
  // Browser-facing: the bundle check in check:packages proves no Node built-in is reached.
  platform: "neutral",
});
