import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LastEntryFinder } from "./last-entry-finder.js";

/** What the finder must answer, computed with a Map. */
function expected(entries: [string, number][]): { last: Set<number>; keys: number; valueBytes: number } {
  const map = new Map<string, { ordinal: number; size: number }>();
  entries.forEach(([key, size], ordinal) => {
    map.set(key, { ordinal, size });
  });
  let valueBytes = 0;
  for (const { size } of map.values()) valueBytes += size;
  return { last: new Set([...map.values()].map(({ ordinal }) => ordinal)), keys: map.size, valueBytes };
}

/** What the finder answers for `entries`; `whileOpen` runs once all are added, before it finishes. */
function found(
  entries: [string, number][],
  whileOpen: () => void = () => {},
): { last: Set<number>; keys: number; valueBytes: number } {
  const finder = new LastEntryFinder();
  try {
    entries.forEach(([key, size], ordinal) => {
      finder.add(key, ordinal, size);
    });
    whileOpen();
    const { lastOfKey, keys, valueBytes } = finder.finish();
    return { last: new Set(lastOfKey), keys, valueBytes };
  } finally {
    finder.close();
  }
}

describe("LastEntryFinder", () => {
  let scratch: string;
  // os.tmpdir() reads TMPDIR, or TEMP and TMP on Windows.
  const names = ["TMPDIR", "TEMP", "TMP"] as const;
  let before: (string | undefined)[] = [];
  const useTemporaryFolder = (path: string) => {
    for (const name of names) process.env[name] = path;
  };
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "telnyx-kv-finder-test-"));
    before = names.map((name) => process.env[name]);
    useTemporaryFolder(scratch);
  });
  afterEach(() => {
    names.forEach((name, i) => {
      if (before[i] === undefined) delete process.env[name];
      else process.env[name] = before[i];
    });
    rmSync(scratch, { recursive: true, force: true });
  });

  it("finds the last entry of each key in memory, for a file with few keys", () => {
    const entries: [string, number][] = [
      ["a", 1],
      ["b", 2],
      ["a", 3],
      ["c", 4],
      ["b", 5],
    ];
    expect(found(entries)).toEqual(expected(entries));
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("gives the same answer once the keys move to disk, keys repeated on both sides of the move", () => {
    // 150,000 distinct keys (past the 65,536 kept in memory), each given up to three times, far apart: the
    // first copies before the move, later ones after it; lengths from 1 to 256 characters.
    const entries: [string, number][] = [];
    const keyOf = (i: number) => {
      const id = i.toString(36);
      return `${id}/${"x".repeat(255)}`.slice(0, Math.max(id.length, 1 + (i % 256)));
    };
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < 150_000; i++)
        if (i % (round + 1) === 0) entries.push([keyOf(i), (i * 7 + round) % 5000]);
    const wanted = expected(entries);
    expect(wanted.keys).toBeGreaterThan(65_536);
    const got = found(entries, () => {
      // Spilled: the files are open, yet nothing is in the temporary folder (on a system that allows it).
      if (process.platform !== "win32") expect(readdirSync(scratch)).toEqual([]);
    });
    expect({ keys: got.keys, valueBytes: got.valueBytes, entries: got.last.size }).toEqual({
      keys: wanted.keys,
      valueBytes: wanted.valueBytes,
      entries: wanted.last.size,
    });
    // The first few differences only: a diff of two sets this large takes minutes to print.
    expect([...got.last].filter((ordinal) => !wanted.last.has(ordinal)).slice(0, 5)).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("says in one line where the keys could not go, and how to fix it", () => {
    useTemporaryFolder(join(scratch, "not-there"));
    const finder = new LastEntryFinder();
    try {
      expect(() => {
        for (let i = 0; i < 70_000; i++) finder.add(`key-${i}`, i, 1);
      }).toThrow(
        "Cannot keep the import's keys in a temporary folder: no such file or folder. Set TMPDIR (TEMP on Windows) to a folder with room.",
      );
    } finally {
      finder.close();
    }
  });
});
