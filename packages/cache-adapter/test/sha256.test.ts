import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64url, sha256 } from "../src/sha256.js";

describe("pure-JS SHA-256", () => {
  it("matches node:crypto for any input, across block boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const expected = createHash("sha256").update(data).digest();
        expect(Buffer.from(sha256(data))).toEqual(expected);
        expect(base64url(sha256(data))).toBe(expected.toString("base64url"));
      }),
      { numRuns: 500 },
    );
  });

  it("knows the published test vectors", () => {
    const hex = (text: string) => Buffer.from(sha256(new TextEncoder().encode(text))).toString("hex");
    expect(hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
