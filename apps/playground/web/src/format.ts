import { KV_MAX_KEY_LENGTH, keyProblem } from "@telnyx-kv/core/protocol";

/** "512 B", "1.5 KiB", "1.0 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A local date and time from RFC 3339 (the API sends nanoseconds; Date keeps milliseconds). */
export function formatTime(iso: string): string {
  const date = new Date(iso.replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The value as text when it is valid UTF-8 without control characters (other than tab and newlines). */
export function asText(bytes: Uint8Array): string | undefined {
  try {
    const text = strictUtf8.decode(bytes);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mark a binary value.
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The value as indented JSON when it parses. */
export function asPrettyJson(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

/** A classic hex dump (offset, 16 bytes, ASCII), cut at `max` bytes so a 1 MiB value stays responsive. */
export function hexDump(bytes: Uint8Array, max = 64 * 1024): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, max);
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = [...row].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  if (bytes.length > end) lines.push(`… ${bytes.length - end} more bytes not shown`);
  return lines.join("\n") || "(empty value)";
}

/**
 * A file name made into a valid key: the API allows only `-/_=.a-zA-Z0-9`, no leading `_` or `.`, and at
 * most {@link KV_MAX_KEY_LENGTH} characters. Throws when the result is still not writable (a bad prefix).
 */
export function keyFromFileName(prefix: string, name: string): string {
  const safe = name.replace(/[^-_=.a-zA-Z0-9]+/g, "-");
  const joined = `${prefix}${safe}`;
  const key = (/^[_.]/.test(joined) ? `file-${joined.slice(1)}` : joined).slice(0, KV_MAX_KEY_LENGTH);
  const problem = keyProblem(key, "write");
  if (problem) throw new Error(`Cannot upload "${name}" as key ${JSON.stringify(key)}: ${problem}.`);
  return key;
}
