/// <reference types="node" />
// Stored form of a Next.js cache value: JSON for the structure, raw bytes for every Buffer in it (page
// RSC payloads, route bodies, segment data), so binary data costs no base64 third on the 1 MiB limit.
//
//   u32 json length | json | u32 count | count × u32 length | the byte blocks, in order
//
// In the JSON a Buffer is {"\u0000b": index} and a Map is {"\u0000m": [[key, value], ...]}.

const BYTES = "\u0000b";
const MAP = "\u0000m";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes a JSON-like value that may hold Buffers, Uint8Arrays and Maps. */
export function encodeFrame(value: unknown): Uint8Array {
  const blocks: Uint8Array[] = [];
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key, replaced: unknown) {
    // `this[key]` is the value before Buffer#toJSON ran.
    const raw = this[key];
    if (raw instanceof Uint8Array) {
      blocks.push(raw);
      return { [BYTES]: blocks.length - 1 };
    }
    if (raw instanceof Map) return { [MAP]: [...raw] };
    return replaced;
  });
  const text = encoder.encode(json ?? "null");
  const size = 4 + text.length + 4 + 4 * blocks.length + blocks.reduce((sum, b) => sum + b.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, text.length);
  out.set(text, 4);
  let offset = 4 + text.length;
  view.setUint32(offset, blocks.length);
  offset += 4;
  for (const block of blocks) {
    view.setUint32(offset, block.length);
    offset += 4;
  }
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

/** Decodes {@link encodeFrame}'s bytes; byte blocks come back as Buffers. Throws on malformed input. */
export function decodeFrame(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const textLength = view.getUint32(0);
  const json = decoder.decode(bytes.subarray(4, 4 + textLength));
  let offset = 4 + textLength;
  const count = view.getUint32(offset);
  offset += 4;
  const lengths: number[] = [];
  for (let i = 0; i < count; i++) lengths.push(view.getUint32(offset + 4 * i));
  offset += 4 * count;
  const blocks: Buffer[] = [];
  for (const length of lengths) {
    if (offset + length > bytes.length) throw new RangeError("truncated cache value");
    // A copy, so a cached value never aliases the memory tier's bytes.
    blocks.push(Buffer.from(bytes.subarray(offset, offset + length)));
    offset += length;
  }
  return JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      if (typeof record[BYTES] === "number") return blocks[record[BYTES]];
      if (Array.isArray(record[MAP])) return new Map(record[MAP] as Array<[unknown, unknown]>);
    }
    return value;
  });
}
