import { keyProblem, ttlSecondsProblem, valueSizeProblem } from "@telnyx-kv/client-node";
import { usageError } from "./exit.js";
import { ndjsonLines } from "./ndjson.js";

/** One checked entry of an import file, ready to write. */
export interface ImportEntry {
  /** Position in the file (0-based), the checkpoint's name for it. */
  ordinal: number;
  /** Where it is, for messages: `line 3` or `index 2`. */
  where: string;
  key: string;
  value: Uint8Array;
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
  format: "ndjson" | "wrangler";
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

function decodeValue(record: Record<string, unknown>): Uint8Array {
  const { value, base64 } = record;
  if (typeof value !== "string") throw new EntryProblem('"value" must be a string');
  if (base64 !== undefined && typeof base64 !== "boolean")
    throw new EntryProblem('"base64" must be true or false');
  if (!base64) return new TextEncoder().encode(value);
  if (!BASE64.test(value)) throw new EntryProblem('"value" is not valid base64 (and "base64" is true)');
  return new Uint8Array(Buffer.from(value, "base64"));
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

function toEntry(raw: unknown, ordinal: number, where: string, nowMs: number): ImportEntry {
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
  const value = decodeValue(record);
  check(valueSizeProblem(value.byteLength), `key ${JSON.stringify(key)}: value of ${value.byteLength} bytes`);
  if (contentType !== undefined && (typeof contentType !== "string" || !HEADER_VALUE.test(contentType)))
    throw new EntryProblem('"content_type" must be a non-empty string of printable ASCII');
  const ttlSeconds = ttlOf(record, nowMs);
  return {
    ordinal,
    where,
    key,
    value,
    // The default a client gives each kind of value: text for plain values, bytes for base64 ones.
    contentType:
      (contentType as string | undefined) ??
      (record.base64 ? "application/octet-stream" : "text/plain; charset=utf-8"),
    ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
  };
}

/**
 * Reads an import file: our NDJSON (one object a line) or a JSON array in `wrangler kv bulk put` format.
 * Every entry is checked against core's rules; bad entries are collected, never thrown one by one, so all
 * of them can be listed before anything is written. A file that is neither format is a usage error.
 */
export function parseImportFile(text: string, nowMs = Date.now()): ImportFile {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const first = body.trimStart()[0];
  const entries: ImportEntry[] = [];
  const problems: ImportProblem[] = [];
  const take = (raw: unknown, ordinal: number, where: string) => {
    try {
      entries.push(toEntry(raw, ordinal, where, nowMs));
    } catch (error) {
      if (!(error instanceof EntryProblem)) throw error;
      problems.push({ where, message: error.message });
    }
  };
  if (first === undefined) return { format: "ndjson", entries, problems };
  if (first === "[") {
    let array: unknown;
    try {
      array = JSON.parse(body);
    } catch (error) {
      throw usageError(
        `The file starts like a JSON array but is not valid JSON: ${(error as Error).message}.`,
      );
    }
    if (!Array.isArray(array)) throw usageError("The file is JSON but not an array of entries.");
    for (const [index, raw] of array.entries()) take(raw, index, `index ${index}`);
    return { format: "wrangler", entries, problems };
  }
  if (first !== "{") {
    throw usageError(
      "The file is neither NDJSON (one JSON object a line, as `telnyx-kv export` writes) nor a JSON array (wrangler kv bulk format).",
    );
  }
  for (const [ordinal, { line, text: lineText }] of ndjsonLines(body).entries()) {
    let raw: unknown;
    try {
      raw = JSON.parse(lineText);
    } catch (error) {
      problems.push({ where: `line ${line}`, message: `not JSON (${(error as Error).message})` });
      continue;
    }
    take(raw, ordinal, `line ${line}`);
  }
  return { format: "ndjson", entries, problems };
}
