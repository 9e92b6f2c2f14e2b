import { describe, expect, it } from "vitest";
import { LastEntries } from "./last-entries.js";

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

describe("LastEntries", () => {
  it("answers as a Map of key to last ordinal would, through many growths and repeated keys", () => {
    const next = random(20);
    const table = new LastEntries();
    const map = new Map<string, { ordinal: number; size: number }>();
    for (let ordinal = 0; ordinal < 60_000; ordinal++) {
      // Keys of 1 to 40 characters from a small alphabet: many repeats, many shared prefixes.
      const length = 1 + Math.floor(next() * 40);
      let key = "";
      for (let i = 0; i < length; i++) key += "ab/_-.9Z"[Math.floor(next() * (next() < 0.9 ? 2 : 8))];
      const size = Math.floor(next() * 5000);
      table.set(key, ordinal, size);
      map.set(key, { ordinal, size });
    }
    expect(table.size).toBe(map.size);
    let valueBytes = 0;
    for (const [key, { ordinal, size }] of map) {
      expect(table.get(key)).toBe(ordinal);
      valueBytes += size;
    }
    expect(table.valueBytes).toBe(valueBytes);
    expect(table.get("not-there")).toBeUndefined();
    expect(table.get("")).toBeUndefined();
  });

  it("tells apart keys that differ only in length or in one character", () => {
    const table = new LastEntries();
    table.set("a", 0, 1);
    table.set("aa", 1, 2);
    table.set("ab", 2, 3);
    table.set("a", 3, 10);
    expect([table.get("a"), table.get("aa"), table.get("ab"), table.get("b")]).toEqual([3, 1, 2, undefined]);
    expect(table.size).toBe(3);
    expect(table.valueBytes).toBe(15);
  });

  it("keeps 256-character keys (the longest the API takes) across a growth of its storage", () => {
    const table = new LastEntries();
    const keys = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(6, "0")}${"k".repeat(250)}`);
    keys.forEach((key, i) => {
      table.set(key, i, 1);
    });
    expect(keys.every((key, i) => table.get(key) === i)).toBe(true);
    expect(table.get(`${"k".repeat(256)}`)).toBeUndefined();
  });
});
