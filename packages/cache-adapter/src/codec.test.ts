import { KV_MAX_KEY_LENGTH, keyProblem } from "@telnyx-kv/core/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeKey, encodeKey } from "./codec.js";
import { listPrefix, SAFE_LIST_PREFIX_LENGTH, toStorageKey } from "./storage-key.js";

// Any sequence of UTF-16 code units, lone surrogates included: what a JavaScript string can hold.
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) });
// Keys shaped like the ones caches use: ":" separators, spaces, quotes, unicode, emoji.
const cacheLike = fc.string({
  unit: fc.constantFrom(..."ab:/ _.-'\"=é中😀\u0000".split(""), "😀"),
  maxLength: 40,
});
const anyKey = fc.oneof(codeUnits, cacheLike, fc.string({ unit: "binary" }));
const prefixes = fc.constantFrom("", "cache/", "app-1=v2/");

describe("key codec", () => {
  it("round-trips any string", () => {
    fc.assert(
      fc.property(anyKey, (key) => decodeKey(encodeKey(key)) === key),
      { numRuns: 2000 },
    );
  });

  it("is injective", () => {
    fc.assert(fc.property(anyKey, anyKey, (a, b) => a === b || encodeKey(a) !== encodeKey(b)));
  });

  it("produces keys core's validator accepts for writes, hashed when too long", () => {
    const long = fc.string({ unit: fc.constantFrom("a", ":", "中", "😀"), minLength: 100, maxLength: 600 });
    fc.assert(
      fc.property(prefixes, fc.oneof(anyKey, long), (prefix, key) => {
        fc.pre(prefix !== "" || key !== "");
        const stored = toStorageKey(prefix, key);
        expect(keyProblem(stored.key, "write")).toBeUndefined();
        expect(stored.key.length).toBeLessThanOrEqual(KV_MAX_KEY_LENGTH);
        expect(stored.hashed).toBe(stored.full.length > KV_MAX_KEY_LENGTH);
      }),
      { numRuns: 2000 },
    );
  });

  it("preserves prefixes: a startsWith b implies enc(a) startsWith enc(b)", () => {
    fc.assert(
      fc.property(anyKey, anyKey, (b, rest) => encodeKey(b + rest).startsWith(encodeKey(b))),
      { numRuns: 2000 },
    );
  });

  it("keeps hashed keys under the list prefix of every logical prefix", () => {
    const long = fc.string({ unit: fc.constantFrom("a", ":", "中"), minLength: 50, maxLength: 400 });
    fc.assert(
      fc.property(prefixes, long, fc.nat(), (prefix, key, cut) => {
        const logicalPrefix = key.slice(0, cut % (key.length + 1));
        const { list, exact } = listPrefix(prefix, logicalPrefix);
        expect(list.length).toBeLessThanOrEqual(SAFE_LIST_PREFIX_LENGTH);
        expect(exact.startsWith(list)).toBe(true);
        expect(toStorageKey(prefix, key).key.startsWith(list)).toBe(true);
      }),
    );
  });

  it("leaves already valid keys alone and escapes what the API refuses", () => {
    expect(encodeKey("user/42/profile.json")).toBe("user/42/profile.json");
    expect(encodeKey("keyv:foo bar")).toBe("keyv=3afoo=20bar");
    expect(encodeKey("_private")).toBe("=5fprivate");
    expect(encodeKey(".")).toBe("=2e");
    expect(encodeKey("..")).toBe("=2e.");
    expect(encodeKey("a=b")).toBe("a=3db");
    expect(encodeKey("中")).toBe("=u4e2d");
    expect(encodeKey("😀")).toBe("=ud83d=ude00");
  });

  it("rejects strings the encoder never produces", () => {
    for (const bad of ["=41", "=3A", "=u003a", "_x", ".x", "=", "=4", "=u12", "a b", "==x"]) {
      expect(decodeKey(bad), bad).toBeUndefined();
    }
  });
});
