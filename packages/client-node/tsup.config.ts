import { definePackageBuild } from "../../tsup.shared";

export default definePackageBuild({
  dir: process.cwd(),
  entry: { index: "src/index.ts" },
  platform: "node",
});
