import { defineConfig } from "vitest/config";

const KEYV6_TESTS = ["test/keyv6-*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "default", include: ["src/**/*.test.ts", "test/**/*.test.ts"], exclude: KEYV6_TESTS },
      },
      {
        // An app with keyv 6 installed: "keyv" resolves to keyv 6 for the tests and for src, so the
        // store's `contract: "auto"` meets the major it would meet there.
        extends: true,
        resolve: { alias: [{ find: /^keyv$/, replacement: "keyv6" }] },
        test: { name: "keyv6", include: KEYV6_TESTS },
      },
    ],
  },
});
