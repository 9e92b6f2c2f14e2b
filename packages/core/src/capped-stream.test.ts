import { describe, expect, it } from "vitest";
import { createByteCap, readCapped } from "./capped-stream.js";

function streamOf(chunks: number[], failAfter?: number): ReadableStream<Uint8Array> {
  let index = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && index === failAfter) {
        controller.error(new Error("connection reset"));
        return;
      }
      const length = chunks[index++];
      if (length === undefined) controller.close();
      else controller.enqueue(new Uint8Array(length).fill(index));
    },
    cancel() {
      cancelled = true;
    },
  });
  return Object.assign(stream, { wasCancelled: () => cancelled });
}

describe("createByteCap", () => {
  it("keeps the first `limit` bytes, counts every byte, and says when the cap was passed", () => {
    const cap = createByteCap(5);
    expect(cap.add(new Uint8Array([1, 2, 3]))).toBe(true);
    expect(cap.add(new Uint8Array([4, 5]))).toBe(true);
    expect(cap.overflowed).toBe(false);
    expect(cap.add(new Uint8Array([6, 7]))).toBe(false);
    expect(cap.size).toBe(7);
    expect(cap.overflowed).toBe(true);
    expect([...cap.bytes()]).toEqual([1, 2, 3, 4, 5]);
  });

  it("only counts with keep: false", () => {
    const cap = createByteCap(2, { keep: false });
    expect(cap.add(new Uint8Array([1, 2]))).toBe(true);
    expect(cap.add(new Uint8Array([3]))).toBe(false);
    expect(cap.bytes().byteLength).toBe(0);
  });
});

describe("readCapped", () => {
  it("reads a stream under the cap whole", async () => {
    const read = await readCapped(streamOf([2, 3]), 10);
    expect(read.overflowed).toBe(false);
    expect([...read.bytes()]).toEqual([1, 1, 2, 2, 2]);
  });

  it("stops at the first chunk past the cap and cancels the rest of the stream", async () => {
    const stream = streamOf([4, 4, 4, 4]);
    const read = await readCapped(stream, 6);
    expect(read.overflowed).toBe(true);
    expect(read.size).toBe(8);
    expect(read.bytes().byteLength).toBe(6);
    expect((stream as unknown as { wasCancelled(): boolean }).wasCancelled()).toBe(true);
  });

  it("rethrows a failed read, or keeps what arrived when tolerant", async () => {
    await expect(readCapped(streamOf([2, 2], 1), 10)).rejects.toThrow("connection reset");
    const read = await readCapped(streamOf([2, 2], 1), 10, { tolerant: true });
    expect([...read.bytes()]).toEqual([1, 1]);
  });
});
