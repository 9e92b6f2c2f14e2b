import { createHash, type Hash } from "node:crypto";
import { statSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { fileError } from "./fs-errors.js";
import { checkItem, type ImportProblem } from "./import-file.js";
import { type ImportFormat, importItems } from "./import-stream.js";
import { LastEntryFinder } from "./last-entry-finder.js";
import type { OrdinalSet } from "./ordinal-set.js";
import { spoolStdin } from "./stdin.js";

/** The input of an import: a file the user named, or stdin copied into a temporary file. */
export interface ImportInput {
  /** The file read (the temporary copy for stdin). */
  path: string;
  /** The name the user gave: the path, or `-`. */
  name: string;
  /** Removes the temporary copy of stdin (nothing for a named file). */
  close(): void;
}

/** Opens the input: checks a named file is there (exit 2 if not); copies stdin to a temporary file. */
export async function openInput(name: string): Promise<ImportInput> {
  if (name === "-") {
    let spooled: Awaited<ReturnType<typeof spoolStdin>>;
    try {
      spooled = await spoolStdin("the entries to import");
    } catch (error) {
      throw fileError(error, "copy stdin to a temporary file", "Set TMPDIR to a folder with room for it.");
    }
    return { path: spooled.path, name, close: spooled.remove };
  }
  try {
    if (statSync(name).isDirectory()) throw Object.assign(new Error("a folder"), { code: "EISDIR" });
  } catch (error) {
    throw fileError(error, `read ${name}`);
  }
  return { path: name, name, close: () => {} };
}

/** The one buffer an input is read through: large reads for speed, one megabyte held whatever the file's size. */
const READ_BYTES = 1024 * 1024;

/**
 * The bytes of `path` in large chunks, fed to `hash` on the way when given. Every chunk is the same buffer,
 * refilled: a chunk is valid until the next one is asked for (copy what must outlive it). A fresh buffer a
 * read would be garbage outside V8's heap, collected only after tens of megabytes of it pile up.
 */
export async function* inputChunks(path: string, name: string, hash?: Hash): AsyncGenerator<Uint8Array> {
  let file: FileHandle | undefined;
  try {
    file = await open(path, "r");
    const buffer = new Uint8Array(READ_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) return;
      const chunk = buffer.subarray(0, bytesRead);
      hash?.update(chunk);
      yield chunk;
    }
  } catch (error) {
    throw fileError(error, `read ${name}`);
  } finally {
    // Only read from: a failure to close loses nothing, and must not hide what ended the reading.
    await file?.close().catch(() => {});
  }
}

/** What the checking pass learnt about the file, without keeping any value. */
export interface ImportScan {
  format: ImportFormat;
  sha256: string;
  bytes: number;
  /** Valid entries, a key given twice counted twice. */
  entries: number;
  /** Bytes of the values of the entries that will be written (the last per key). */
  valueBytes: number;
  /** Distinct keys among the valid entries: the writes a full import makes. */
  keys: number;
  /**
   * The ordinals of the entries to write: the last valid entry of each key. One bit an entry: the writing
   * pass holds no key.
   */
  lastOfKey: OrdinalSet;
  /** The first invalid entries (up to `shown`), and how many there are in all. */
  problems: ImportProblem[];
  problemCount: number;
}

/**
 * The checking pass over an import file: every entry parsed and checked as it streams by, the content
 * hashed for the checkpoint; values are dropped at once, and the keys are kept compactly (on disk past a
 * size, see {@link LastEntryFinder}): the writing pass holds only a bit per entry.
 */
export async function scanImport(input: ImportInput, shown: number, nowMs = Date.now()): Promise<ImportScan> {
  const hash = createHash("sha256");
  let bytes = 0;
  let format: ImportFormat = "ndjson";
  const finder = new LastEntryFinder();
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  let entries = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of inputChunks(input.path, input.name, hash)) {
      bytes += chunk.byteLength;
      yield chunk;
    }
  }
  try {
    for await (const item of importItems(counted(), (found) => {
      format = found;
    })) {
      const checked = checkItem(item, nowMs, { values: false });
      if (checked.problem) {
        problemCount++;
        if (problems.length < shown) problems.push(checked.problem);
        continue;
      }
      entries++;
      const { key, ordinal, size } = checked.entry;
      finder.add(key, ordinal, size);
    }
    const { lastOfKey, keys, valueBytes } = finder.finish();
    return {
      format,
      sha256: hash.digest("hex"),
      bytes,
      entries,
      valueBytes,
      keys,
      lastOfKey,
      problems,
      problemCount,
    };
  } finally {
    finder.close();
  }
}
