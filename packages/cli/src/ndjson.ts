/** One key of an export line: `{"key":…,"value":…,"content_type":…}` plus `"base64":true` for binary values. */
export interface ExportRecord {
  key: string;
  bytes: Uint8Array;
  contentType: string;
}

// fatal: a value that is not valid UTF-8 must be base64, never decoded with replacement characters;
// ignoreBOM: a leading BOM is part of the value and must come back byte for byte.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The value as text when its bytes are valid UTF-8, else `undefined`. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** One NDJSON line (with its newline) for a key: text values as they are, other bytes as base64. */
export function encodeRecord(record: ExportRecord): string {
  const text = utf8OrUndefined(record.bytes);
  const line =
    text === undefined
      ? {
          key: record.key,
          value: Buffer.from(record.bytes.buffer, record.bytes.byteOffset, record.bytes.byteLength).toString(
            "base64",
          ),
          base64: true,
          content_type: record.contentType,
        }
      : { key: record.key, value: text, content_type: record.contentType };
  return `${JSON.stringify(line)}\n`;
}

/** A line of an NDJSON text, numbered from 1, blank lines left out. */
export interface NdjsonLine {
  line: number;
  text: string;
}

/** Splits NDJSON text into its non-blank lines (accepting `\r\n`). */
export function ndjsonLines(text: string): NdjsonLine[] {
  const lines: NdjsonLine[] = [];
  let line = 0;
  for (const raw of text.split("\n")) {
    line++;
    const trimmed = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (trimmed.trim() !== "") lines.push({ line, text: trimmed });
  }
  return lines;
}
