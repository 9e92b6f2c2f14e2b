import { keyProblem, ttlSecondsProblem, valueSizeProblem } from "@telnyx-kv/core/protocol";
import { type ImportFormat, importItems, type RawImportItem } from "./import-stream.js";

/** One checked entry of an import file, ready to write. */
export interface ImportEntry {
  /** Position in the file (0-based), the checkpoint's name for it. */
  ordinal: number;
  /** Where it is, for messages: `line 3` or `index 2`. */
  where: string;
  key: string;
  /** The value's bytes (empty when checked with `values: false`). */
  value: Uint8Array;
  /** The value's size in bytes. */
  size: number;
  contentType: string;
  ttlSeconds?: number;
}

/** An entry that breaks a rule, and why. */
export interface ImportProblem {
  where: string;
  message: string;
}

/** The parsed file: the good entries, the bad ones, and which format it was. */
export interface ImportFile {
  format: ImportFormat;
  entries: ImportEntry[];
  problems: ImportProblem[];
}

const FIELDS = new Set([
  "key",
  "value",
  "base64",
  "content_type",
  "expiration_ttl",
  "expiration",
  "metadata",
]);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// A content type travels as an HTTP header: printable ASCII only.
const HEADER_VALUE = /^[\x20-\x7e]+$/;

class EntryProblem extends Error {}

function check(problem: string | undefined, subject: string): void {
  if (problem) throw new EntryProblem(`${subject}: ${problem}`);
}

const NO_BYTES = new Uint8Array(0);
const encoder = new TextEncoder();

/** The value's bytes, or only their count when `keep` is false (the checking pass needs no copy). */
function decodeValue(record: Record<string, unknown>, keep: boolean): { value: Uint8Array; size: number } {
  const { value, base64 } = record;
  if (typeof value !== "string") throw new EntryProblem('"value" must be a string');
  if (base64 !== undefined && typeof base64 !== "boolean")
    throw new EntryProblem('"base64" must be true or false');
  if (!base64) {
    if (!keep) return { value: NO_BYTES, size: Buffer.byteLength(value, "utf8") };
    const bytes = encoder.encode(value);
    return { value: bytes, size: bytes.byteLength };
  }
  if (!BASE64.test(value)) throw new EntryProblem('"value" is not valid base64 (and "base64" is true)');
  if (!keep) return { value: NO_BYTES, size: Buffer.byteLength(value, "base64") };
  const bytes = new Uint8Array(Buffer.from(value, "base64"));
  return { value: bytes, size: bytes.byteLength };
}

function ttlOf(record: Record<string, unknown>, nowMs: number): number | undefined {
  const { expiration_ttl: ttl, expiration } = record;
  if (ttl !== undefined && expiration !== undefined)
    throw new EntryProblem('give "expiration_ttl" or "expiration", not both');
  if (ttl !== undefined) {
    check(ttlSecondsProblem(ttl), `"expiration_ttl" ${JSON.stringify(ttl)}`);
    return ttl as number;
  }
  if (expiration === undefined) return undefined;
  if (typeof expiration !== "number" || !Number.isInteger(expiration))
    throw new EntryProblem('"expiration" must be a whole number of epoch seconds');
  const seconds = expiration - Math.floor(nowMs / 1000);
  if (seconds < 1) throw new EntryProblem(`"expiration" ${expiration} is in the past`);
  check(ttlSecondsProblem(seconds), `"expiration" ${expiration}`);
  return seconds;
}

function toEntry(raw: unknown, ordinal: number, where: string, nowMs: number, keep: boolean): ImportEntry {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new EntryProblem("not a JSON object with key and value");
  const record = raw as Record<string, unknown>;
  if ("metadata" in record)
    throw new EntryProblem('"metadata" is not supported: Telnyx KV stores no metadata; remove the field');
  const unknown = Object.keys(record).filter((field) => !FIELDS.has(field));
  if (unknown.length > 0) throw new EntryProblem(`unknown field ${unknown.map((f) => `"${f}"`).join(", ")}`);
  const { key, content_type: contentType } = record;
  if (typeof key !== "string") throw new EntryProblem('"key" must be a string');
  check(keyProblem(key, "write"), `key ${JSON.stringify(key)}`);
  const { value, size } = decodeValue(record, keep);
  check(valueSizeProblem(size), `key ${JSON.stringify(key)}: value of ${size} bytes`);
  if (contentType !== undefined && (typeof contentType !== "string" || !HEADER_VALUE.test(contentType)))
    throw new EntryProblem('"content_type" must be a non-empty string of printable ASCII');
  const ttlSeconds = ttlOf(record, nowMs);
  return {
    ordinal,
    where,
    key,
    value,
    size,
    // The default a client gives each kind of value: text for plain values, bytes for base64 ones.
    contentType:
      (contentType as string | undefined) ??
      (record.base64 ? "application/octet-stream" : "text/plain; charset=utf-8"),
    ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
  };
}

/** An entry checked against the API's rules: ready to write, or the problem that keeps it out. */
export type CheckedItem =
  | { entry: ImportEntry; problem?: undefined }
  | { entry?: undefined; problem: ImportProblem };

/**
 * Checks one parsed item of an import file against core's rules (key, value size, TTL, fields).
 * `values: false` checks the same but leaves `value` empty (its `size` is still exact).
 */
export function checkItem(
  item: RawImportItem,
  nowMs = Date.now(),
  options: {
    /** Whether the entry carries its value's bytes. @default true */
    values?: boolean;
  } = {},
): CheckedItem {
  if (item.problem !== undefined) return { problem: { where: item.where, message: item.problem } };
  try {
    return { entry: toEntry(item.raw, item.ordinal, item.where, nowMs, options.values ?? true) };
  } catch (error) {
    if (!(error instanceof EntryProblem)) throw error;
    return { problem: { where: item.where, message: error.message } };
  }
}

/**
 * Reads a whole import file given as text: every entry, checked, and the problems. For tests and small
 * inputs; `import` itself streams with {@link importItems} and {@link checkItem}.
 */
export async function parseImportFile(text: string, nowMs = Date.now()): Promise<ImportFile> {
  let format: ImportFormat = "ndjson";
  const entries: ImportEntry[] = [];
  const problems: ImportProblem[] = [];
  async function* chunks() {
    yield new TextEncoder().encode(text);
  }
  for await (const item of importItems(chunks(), (found) => {
    format = found;
  })) {
    const checked = checkItem(item, nowMs);
    if (checked.entry) entries.push(checked.entry);
    else problems.push(checked.problem);
  }
  return { format, entries, problems };
}
