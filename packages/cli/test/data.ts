// Random keys and values for the round-trip tests: text (with multi-byte characters, a BOM, quotes and
// newlines), binary bytes, and empty values, under a mix of content types.
import { randomBytes } from "node:crypto";
import type { KvPutManyEntry } from "@telnyx-kv/client-node";

const CONTENT_TYPES = [
  "application/octet-stream",
  "text/plain; charset=utf-8",
  "application/json",
  "image/png",
  "text/csv",
];
const TEXT_PIECES = [
  "hello",
  " ",
  "ünïcødé",
  "日本語",
  "🦊",
  '"quoted"',
  "\\",
  "\n",
  "\r\n",
  "\t",
  "{}",
  "\u2028",
];

function text(seed: number): string {
  let out = seed % 7 === 0 ? "\uFEFF" : "";
  const pieces = seed % 50;
  for (let i = 0; i < pieces; i++) out += TEXT_PIECES[(seed * 31 + i * 7) % TEXT_PIECES.length];
  return out;
}

/** One entry of the sample: `key/<i>`-style keys, every third value binary. */
export interface SampleEntry {
  key: string;
  bytes: Uint8Array;
  contentType: string;
}

/** `count` random entries with distinct keys. */
export function sample(count: number, prefix = "k"): SampleEntry[] {
  const entries: SampleEntry[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 3;
    const bytes =
      kind === 0
        ? new Uint8Array(randomBytes(i % 97 === 0 ? 0 : 1 + (i % 1500)))
        : new TextEncoder().encode(text(i));
    entries.push({
      key: `${prefix}/${i % 10}/${i.toString(36)}-${randomBytes(3).toString("hex")}`,
      bytes,
      contentType: CONTENT_TYPES[i % CONTENT_TYPES.length]!,
    });
  }
  return entries;
}

/** The entries as putMany arguments. */
export function asPuts(entries: SampleEntry[]): KvPutManyEntry[] {
  return entries.map((entry) => ({ key: entry.key, value: entry.bytes, contentType: entry.contentType }));
}
