// better-sqlite3 is an optional dependency: where it cannot load (Node 18, no build tools), the SQLite
// store says what to do instead of crashing, and the memory store is unaffected.
import { KvConfigError } from "@telnyx-kv/core";
import { expect, it, vi } from "vitest";

vi.mock("better-sqlite3", () => {
  throw new Error("Could not locate the bindings file.\nTried: …");
});

it("a SQLite store without better-sqlite3 is a KvConfigError naming the way out", async () => {
  const { openSqliteStore } = await import("../src/store/sqlite.js");
  const error = await openSqliteStore("/nonexistent/telnyx-kv-test").then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(KvConfigError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ option: "store" });
  expect((error as Error).message).toContain("better-sqlite3");
  expect((error as Error).message).toContain('store: "memory"');
  expect((error as Error).message).not.toContain("Tried:");
});

it("the memory store does not need it", async () => {
  const { startEmulator } = await import("../src/index.js");
  const emulator = await startEmulator({ host: "127.0.0.1", port: 0, store: "memory" });
  await emulator.close();
});
