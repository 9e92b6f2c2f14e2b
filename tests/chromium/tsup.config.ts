import { defineConfig } from "tsup";

// Built, not loaded as source: Vitest loads a config file's imports with plain Node, which runs no TypeScript.
export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  dts: true,
  clean: true,
});
