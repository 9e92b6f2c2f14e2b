import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    hookTimeout: 120_000,
    testTimeout: 120_000,
    // The file starts two `next start` servers: one file at a time on a 2-core machine.
    fileParallelism: false,
  },
});
