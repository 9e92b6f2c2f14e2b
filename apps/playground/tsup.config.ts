import { defineConfig } from "tsup";

// The Node side of the app: server and scenarios, one ESM file each. Dependencies stay external (they are
// installed), and `clean` is off because `vite build` has already written the web UI into dist/web.
export default defineConfig({
  entry: { "server/main": "server/main.ts", "scenarios/main": "scenarios/main.ts" },
  outDir: "dist",
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: false,
  // One self-contained file per entry: no shared chunks left behind by an earlier build (clean is off).
  splitting: false,
});
