import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEnvelope, encodeEnvelope } from "./envelope.js";

const bytes = fc.uint8Array({ maxLength: 200 });

describe("expiry envelope", () => {
  it("round-trips payload, expiry and full key", () => {
    fc.assert(
      fc.property(
        bytes,
        fc.option(fc.integer({ min: 0, max: 2 ** 52 }), { nil: undefined }),
        fc.option(fc.string({ unit: "grapheme-ascii", maxLength: 300 }), { nil: undefined }),
        (payload, expiresAt, fullKey) => {
          const decoded = decodeEnvelope(encodeEnvelope({ payload, expiresAt, fullKey }));
          expect(decoded?.payload).toEqual(payload);
          expect(decoded?.expiresAt).toBe(expiresAt);
          expect(decoded?.fullKey).toBe(fullKey);
        },
      ),
    );
  });

  it("stores plain values without a header, and reads any text as a raw value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const payload = new TextEncoder().encode(text);
        expect(encodeEnvelope({ payload })).toBe(payload);
        expect(decodeEnvelope(payload)).toEqual({ payload });
      }),
    );
  });

  it("wraps a raw value that happens to start with the magic, so it reads back unchanged", () => {
    const tricky = new Uint8Array([0x00, 0xc0, 0x54, 0x4b, 1, 2, 3]);
    const stored = encodeEnvelope({ payload: tricky });
    expect(stored.length).toBe(6 + tricky.length);
    expect(decodeEnvelope(stored)).toEqual({ payload: tricky });
  });

  it("keeps the header compact: 14 bytes for an expiring value", () => {
    const stored = encodeEnvelope({ payload: new Uint8Array([7]), expiresAt: 1_767_225_600_000 });
    expect(stored.length).toBe(15);
  });

  it("refuses headers it cannot read: newer version, unknown flags, truncated", () => {
    const good = encodeEnvelope({ payload: new Uint8Array([1]), expiresAt: 5, fullKey: "k" });
    const newer = good.slice();
    newer[4] = 2;
    const flags = good.slice();
    flags[5] = 0x80;
    expect(decodeEnvelope(newer)).toBeUndefined();
    expect(decodeEnvelope(flags)).toBeUndefined();
    expect(decodeEnvelope(good.subarray(0, 10))).toBeUndefined();
    expect(decodeEnvelope(good.subarray(0, 16))).toBeUndefined();
  });
});
