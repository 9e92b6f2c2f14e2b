import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.js";

describe("cursor codec", () => {
  it("round-trips every valid key", () => {
    for (const key of ["a", "user/123", "_system", "x".repeat(256), "-=._/"]) {
      expect(decodeCursor(encodeCursor(key))).toBe(key);
    }
  });

  it("is opaque: not the key, not an offset", () => {
    const cursor = encodeCursor("user/1");
    expect(cursor).not.toContain("user");
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuses cursors it did not make", () => {
    for (const bad of [
      "",
      "!!!",
      "a b",
      "dXNlci8x=",
      "dXNlci8x.",
      encodeCursor("bad key"),
      encodeCursor("x".repeat(257)),
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
    expect(decodeCursor("A".repeat(10_000))).toBeUndefined();
  });
});
