import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Both tests build or pack real packages: tens of seconds on a 2-core CI machine.
    testTimeout: 180_000,
    // The version test builds core and the emulator in its beforeAll, so hooks get the same room.
    hookTimeout: 180_000,
  },
});
