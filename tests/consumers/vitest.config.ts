import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One scratch install (npm, with a native build of better-sqlite3) serves every file.
    globalSetup: ["./test/global-setup.ts"],
    hookTimeout: 600_000,
    testTimeout: 180_000,
    // The files spawn compilers, bundlers and other Node versions: one at a time on a 2-core machine.
    fileParallelism: false,
  },
});
