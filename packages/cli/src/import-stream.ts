import { JSONParser } from "@streamparser/json";
import { usageError } from "./exit.js";

/** The two formats `import` reads: our NDJSON, or a JSON array in `wrangler kv bulk put` format. */
export type ImportFormat = "ndjson" | "wrangler";

/** One entry of the file as parsed, not yet checked: its JSON, or why it is not JSON. */
export interface RawImportItem {
  /** Position among the file's entries (0-based): the checkpoint's name for it. */
  ordinal: number;
  /** Where it is, for messages: `line 3` or `index 2`. */
  where: string;
  raw?: unknown;
  problem?: string;
}

const NEWLINE = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

const NOT_EITHER =
  "The file is neither NDJSON (one JSON object a line, as `telnyx-kv export` writes) nor a JSON array (wrangler kv bulk format).";

/** The first byte that is not a BOM or whitespace, or `undefined` for an empty buffer. */
function firstSignificant(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2] ? 3 : 0;
  while (i < bytes.length && WHITESPACE.has(bytes[i]!)) i++;
  return bytes[i];
}

/**
 * The entries of an import file, parsed as they stream by: memory holds one line (NDJSON) or one array
 * element (wrangler) at a time, whatever the file's size. Each line is decoded on its own, so a line that is
 * not UTF-8 or not JSON is reported by number; a JSON array that breaks off is a usage error.
 * `onFormat` learns the format once the first significant byte is read.
 */
export async function* importItems(
  chunks: AsyncIterable<Uint8Array>,
  onFormat: (format: ImportFormat) => void = () => {},
): AsyncGenerator<RawImportItem> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    // Find the format: buffer until a byte other than a BOM or whitespace shows up.
    let head: Uint8Array = new Uint8Array(0);
    let format: ImportFormat | undefined;
    while (format === undefined) {
      const next = await iterator.next();
      if (next.done) {
        if (firstSignificant(head) !== undefined) throw usageError(NOT_EITHER);
        onFormat("ndjson");
        return;
      }
      // Copied: the reader refills its chunk, and a file that opens with whitespace needs more than one.
      head = Buffer.concat([head, next.value]);
      const first = firstSignificant(head);
      if (first === undefined) continue;
      if (first === 0x5b /* [ */) format = "wrangler";
      else if (first === 0x7b /* { */) format = "ndjson";
      else throw usageError(NOT_EITHER);
    }
    onFormat(format);
    async function* rest(): AsyncGenerator<Uint8Array> {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }
    yield* format === "ndjson" ? ndjsonItems(rest()) : arrayItems(rest());
  } finally {
    // A consumer that stops early (Ctrl-C, a bad entry, a failed write) ends here: the reader's file is closed.
    await iterator.return?.();
  }
}

const lineDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function lineItem(bytes: Uint8Array, line: number, ordinal: number): RawImportItem | undefined {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  let text: string;
  try {
    text = lineDecoder.decode(bytes.subarray(0, end));
  } catch {
    return { ordinal, where: `line ${line}`, problem: "not UTF-8 text" };
  }
  if (text.trim() === "") return undefined;
  try {
    return { ordinal, where: `line ${line}`, raw: JSON.parse(text) };
  } catch (error) {
    return { ordinal, where: `line ${line}`, problem: `not JSON (${(error as Error).message})` };
  }
}

async function* ndjsonItems(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<RawImportItem> {
  let line = 0;
  let ordinal = 0;
  let pending: Uint8Array[] = [];
  const take = (bytes: Uint8Array) => {
    line++;
    const item = lineItem(bytes, line, ordinal);
    if (item) ordinal++;
    return item;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl);
      const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      start = nl + 1;
      const item = take(bytes);
      if (item) yield item;
    }
    // Copied: the reader refills the chunk once it is handed back.
    if (start < chunk.length) pending.push(Uint8Array.prototype.slice.call(chunk, start));
  }
  if (pending.length > 0) {
    const item = take(Buffer.concat(pending));
    if (item) yield item;
  }
}

async function* arrayItems(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<RawImportItem> {
  // keepStack false: elements already handed out are not kept in the parser's copy of the array.
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  const ready: RawImportItem[] = [];
  let ordinal = 0;
  let ended = false;
  parser.onValue = ({ value }) => {
    ready.push({ ordinal, where: `index ${ordinal}`, raw: value });
    ordinal++;
  };
  parser.onEnd = () => {
    ended = true;
  };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  const feed = (text: string) => {
    try {
      parser.write(text);
    } catch (error) {
      throw usageError(
        `The file starts like a JSON array but is not valid JSON: ${(error as Error).message} (after entry ${ordinal}).`,
      );
    }
  };
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw usageError(`The file is not UTF-8 text (near byte ${offset}), so it cannot be a JSON array.`);
    }
    offset += chunk.length;
    if (text !== "") feed(text);
    yield* ready.splice(0);
  }
  const tail = decoder.decode();
  if (tail !== "") feed(tail);
  yield* ready.splice(0);
  if (!ended && !parser.isEnded) {
    throw usageError(
      `The file starts like a JSON array but is not valid JSON: it ends before the array does (after entry ${ordinal}); is it cut short?`,
    );
  }
}
