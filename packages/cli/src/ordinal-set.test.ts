import { expect, it } from "vitest";
import { OrdinalSet } from "./ordinal-set.js";

it("OrdinalSet holds ordinals across word boundaries and growths, counted once each", () => {
  const set = new OrdinalSet();
  const ordinals = [0, 31, 32, 33, 1023, 40_000, 200_001];
  for (const ordinal of [...ordinals, 31, 0]) set.add(ordinal);
  expect(set.size).toBe(ordinals.length);
  expect([...set]).toEqual(ordinals);
  expect(set.has(34) || set.has(200_000) || set.has(10_000_000)).toBe(false);
  set.delete(32);
  set.delete(32);
  set.delete(9_999_999);
  expect(set.size).toBe(ordinals.length - 1);
  expect(set.has(32)).toBe(false);
  expect(set.has(33)).toBe(true);
});
