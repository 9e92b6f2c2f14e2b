import { describe, it, expect as vitestExpect } from "vitest";
import { ConformanceAssertionError, deepEqual, expect, matchesObject } from "../src/assert.js";

/** The message of what `check` threw, or fails when it threw nothing. */
async function failure(check: () => unknown): Promise<string> {
  try {
    await check();
  } catch (error) {
    vitestExpect(error).toBeInstanceOf(ConformanceAssertionError);
    return (error as Error).message;
  }
  throw new Error("the check passed, but it should have failed");
}

describe("the suite's own expect", () => {
  it("compares deeply, as Vitest's toEqual and toMatchObject do", () => {
    vitestExpect(deepEqual({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBe(true);
    vitestExpect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
    vitestExpect(deepEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    vitestExpect(deepEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    const error = Object.assign(new Error("x"), { status: 404, code: "10005" });
    vitestExpect(matchesObject(error, { status: 404 })).toBe(true);
    vitestExpect(matchesObject(error, { status: 500 })).toBe(false);
    vitestExpect(matchesObject({ a: { b: 1, c: 2 } }, { a: { b: 1 } })).toBe(true);
  });

  it("passes what holds and fails what does not, saying what came", async () => {
    expect(2).toBe(2);
    expect("Hello World").toMatch(/World/);
    expect([1, 2]).toHaveLength(2);
    expect(null).toBeNull();
    expect("abc").not.toContain("z");
    vitestExpect(await failure(() => expect(1).toBe(2))).toBe("expected 1 to be 2");
    vitestExpect(await failure(() => expect({ a: 1 }).toEqual({ a: 2 }))).toBe(
      'expected {"a":1} to equal {"a":2}',
    );
    vitestExpect(await failure(() => expect("secret-token").not.toContain("token"))).toMatch(
      /not to contain/,
    );
    vitestExpect(await failure(() => expect(5).toBeLessThan(4))).toMatch(/to be < 4/);
    vitestExpect(await failure(() => expect(1, "the count").toSatisfy((n) => n === 2))).toMatch(
      /^the count: /,
    );
  });

  it("checks throws, rejections and resolutions", async () => {
    expect(() => {
      throw new Error("bad apiKey");
    }).toThrow(/apiKey/);
    await expect(Promise.reject(Object.assign(new Error("no"), { status: 401 }))).rejects.toMatchObject({
      status: 401,
    });
    await expect(async () => {
      throw new Error("JSON cannot represent undefined");
    }).rejects.toThrow(/JSON/);
    await expect(Promise.resolve(undefined)).resolves.toBeUndefined();
    vitestExpect(await failure(() => expect(() => 1).toThrow())).toMatch(/it did not throw/);
    vitestExpect(await failure(() => expect(Promise.resolve(1)).rejects.toBe(1))).toMatch(
      /expected the promise to reject, it resolved with 1/,
    );
    vitestExpect(await failure(() => expect(Promise.reject(new Error("x"))).resolves.toBe(1))).toMatch(
      /expected the promise to resolve, it rejected with Error: x/,
    );
  });
});
