import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame } from "./frame.js";
import { KvOutageGuard } from "./outage.js";
import { tagState } from "./tags.js";

describe("encodeFrame / decodeFrame", () => {
  it("round-trips a page value with Buffers and a Map, bytes stored raw", () => {
    const rsc = Buffer.from([0, 1, 2, 255]);
    const value = {
      kind: "APP_PAGE",
      html: "<p>é</p>",
      rscData: rsc,
      segmentData: new Map([["/a", Buffer.from("seg")]]),
      headers: { "x-next-cache-tags": "a,b" },
      status: 200,
    };
    const bytes = encodeFrame({ lastModified: 5, value });
    // The binary parts are in the frame as they are, not base64.
    expect(Buffer.from(bytes).includes(rsc)).toBe(true);
    const back = decodeFrame(bytes) as { lastModified: number; value: typeof value };
    expect(back.lastModified).toBe(5);
    expect(Buffer.isBuffer(back.value.rscData)).toBe(true);
    expect(back.value.rscData.equals(rsc)).toBe(true);
    expect(back.value.segmentData.get("/a")?.toString()).toBe("seg");
    expect(back.value.html).toBe("<p>é</p>");
  });

  it("throws on truncated input (the handler turns that into a miss)", () => {
    const bytes = encodeFrame({ b: Buffer.alloc(100) });
    expect(() => decodeFrame(bytes.subarray(0, bytes.length - 10))).toThrow();
  });
});

describe("tagState", () => {
  it("follows Next's rules: expired after the write and already passed, or stale after the write", () => {
    expect(tagState([undefined, {}], 100, 200)).toBe("fresh");
    expect(tagState([{ e: 150 }], 100, 200)).toBe("expired");
    expect(tagState([{ e: 50 }], 100, 200)).toBe("fresh");
    expect(tagState([{ e: 300, s: 150 }], 100, 200)).toBe("stale");
    expect(tagState([{ s: 150 }, { e: 180 }], 100, 200)).toBe("expired");
  });
});

describe("KvOutageGuard", () => {
  it("logs once per outage, skips requests while open, and logs the recovery", async () => {
    let now = 0;
    const lines: string[] = [];
    const guard = new KvOutageGuard(
      (line) => lines.push(line),
      1000,
      () => now,
    );
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error("connect ECONNREFUSED, Authorization: Bearer sk-secret-value");
    };
    expect(await guard.run("reading", failing, "miss")).toBe("miss");
    expect(await guard.run("reading", failing, "miss")).toBe("miss");
    expect(calls).toBe(1);
    now = 1000;
    expect(await guard.run("reading", failing, "miss")).toBe("miss");
    expect(calls).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("sk-secret-value");
    now = 2000;
    expect(await guard.run("reading", async () => "hit", "miss")).toBe("hit");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("answers again");
  });
});
