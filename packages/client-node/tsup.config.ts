import { definePackageBuild } from "../../tsup.shared";

export default definePackageBuild({
  dir: process.cwd(),
  entry: { index: "src/index.ts", otel: "src/otel/index.ts" },
  platform: "node",
});
