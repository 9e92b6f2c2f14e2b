import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileError } from "./fs-errors.js";
import { charsHash, keyHash, LastEntries } from "./last-entries.js";
import { OrdinalSet } from "./ordinal-set.js";

/**
 * Distinct keys kept in memory before the table moves to disk: about 2.5 MB of {@link LastEntries} (an import
 * file of some 130 MB of 2 KB values). Past it, memory no longer grows with the file.
 */
const IN_MEMORY_KEYS = 65_536;
/** A spilled table is split by the top bits of each key's hash into 2^this files, each read back alone. */
const PARTITION_BITS = 6;
/** What each partition collects before a write to its file. */
const PARTITION_BUFFER_BYTES = 16 * 1024;
/** What a partition's file is read back through. */
const READ_BUFFER_BYTES = 64 * 1024;
/** A record: the ordinal (4 bytes), the value's size (4), the key's length less one (1), then its characters. */
const HEADER_BYTES = 9;
/** The longest key (the API's limit is 256 characters): its length less one fits the header's byte. */
const MAX_KEY_CHARS = 256;

/** What the checking pass needs to know about keys once every entry has been seen. */
export interface LastEntriesFound {
  /** The ordinals of the entries to write: the last valid entry of each key. */
  lastOfKey: OrdinalSet;
  /** Distinct keys. */
  keys: number;
  /** Bytes of the values of the last entries. */
  valueBytes: number;
}

/**
 * Finds the last entry of every key of an import file, however many keys it has. Up to
 * {@link IN_MEMORY_KEYS} keys it is a {@link LastEntries} table; past that every key goes to one of 64 files
 * by its hash (about 25 bytes a key of a 1 GB file: 13 MB of disk, none of memory), and {@link finish} builds
 * one file's table at a time, so memory holds a sixty-fourth of the keys at most. Exact either way.
 */
export class LastEntryFinder {
  #memory: LastEntries | undefined = new LastEntries();
  #disk: SpilledKeys | undefined;
  readonly #lastOfKey = new OrdinalSet();

  /** Records valid entry `ordinal` of `key` (its value `size` bytes), the last seen so far for that key. */
  add(key: string, ordinal: number, size: number): void {
    this.#lastOfKey.add(ordinal);
    if (this.#disk) {
      this.#disk.add(key, ordinal, size);
      return;
    }
    const memory = this.#memory!;
    const replaced = memory.set(key, ordinal, size);
    if (replaced !== -1) this.#lastOfKey.delete(replaced);
    if (memory.size < IN_MEMORY_KEYS) return;
    const disk = new SpilledKeys();
    this.#disk = disk;
    memory.eachEntry((chars, last, bytes) => {
      disk.addChars(chars, last, bytes);
    });
    this.#memory = undefined;
  }

  /** Ends the pass: which entries are the last of their key, how many keys, how many bytes they hold. */
  finish(): LastEntriesFound {
    const lastOfKey = this.#lastOfKey;
    if (!this.#disk) return { lastOfKey, keys: this.#memory!.size, valueBytes: this.#memory!.valueBytes };
    let keys = 0;
    let valueBytes = 0;
    this.#disk.eachPartition((records) => {
      const table = new LastEntries();
      for (const { key, ordinal, size } of records) {
        const replaced = table.set(key, ordinal, size);
        if (replaced !== -1) lastOfKey.delete(replaced);
      }
      keys += table.size;
      valueBytes += table.valueBytes;
    });
    return { lastOfKey, keys, valueBytes };
  }

  /** Closes and removes the files of a spilled table, if any (call it once done, failed or not). */
  close(): void {
    this.#disk?.close();
    this.#disk = undefined;
  }
}

/** One spilled record, as read back. */
interface KeyRecord {
  key: string;
  ordinal: number;
  size: number;
}

/** Why a spill failed, in the CLI's words. */
function spillError(error: unknown): Error {
  return fileError(
    error,
    "keep the import's keys in a temporary folder",
    "Set TMPDIR to a folder with room.",
  );
}

/** The files of a spilled table: records appended by key hash, read back one file at a time. */
class SpilledKeys {
  readonly #dir: string;
  readonly #files: number[] = [];
  readonly #buffers: Buffer[] = [];
  readonly #used: number[] = [];
  #inFolder = true;

  constructor() {
    try {
      this.#dir = mkdtempSync(join(tmpdir(), "telnyx-kv-keys-"));
    } catch (error) {
      throw spillError(error);
    }
    try {
      for (let i = 0; i < 1 << PARTITION_BITS; i++) {
        this.#files.push(openSync(join(this.#dir, String(i)), "w+"));
        this.#buffers.push(Buffer.allocUnsafe(PARTITION_BUFFER_BYTES));
        this.#used.push(0);
      }
    } catch (error) {
      this.close();
      throw spillError(error);
    }
    // Where the system allows it (not Windows), the folder goes at once and the open files live on until
    // closed: a killed process leaves nothing behind.
    try {
      rmSync(this.#dir, { recursive: true, force: true });
      this.#inFolder = false;
    } catch {
      // Removed by close() instead.
    }
  }

  /** Appends a record for `key` (a string of the API's ASCII characters). */
  add(key: string, ordinal: number, size: number): void {
    const partition = keyHash(key) >>> (32 - PARTITION_BITS);
    this.#buffers[partition]!.write(key, this.#room(partition, ordinal, size, key.length), "latin1");
  }

  /** Appends a record for the key whose characters are `chars`. */
  addChars(chars: Uint8Array, ordinal: number, size: number): void {
    const partition = charsHash(chars) >>> (32 - PARTITION_BITS);
    this.#buffers[partition]!.set(chars, this.#room(partition, ordinal, size, chars.length));
  }

  /** Writes a record's header into its partition's buffer (flushed first if full); returns where the key goes. */
  #room(partition: number, ordinal: number, size: number, length: number): number {
    if (ordinal > 0xffff_ffff || size > 0xffff_ffff || length < 1 || length > MAX_KEY_CHARS)
      throw new RangeError(`an import entry out of range (entry ${ordinal})`);
    if (this.#used[partition]! + HEADER_BYTES + length > PARTITION_BUFFER_BYTES) this.#flush(partition);
    const buffer = this.#buffers[partition]!;
    const start = this.#used[partition]!;
    buffer.writeUInt32LE(ordinal, start);
    buffer.writeUInt32LE(size, start + 4);
    buffer[start + 8] = length - 1;
    this.#used[partition] = start + HEADER_BYTES + length;
    return start + HEADER_BYTES;
  }

  #flush(partition: number): void {
    const buffer = this.#buffers[partition]!;
    const used = this.#used[partition]!;
    try {
      for (let done = 0; done < used; ) done += writeSync(this.#files[partition]!, buffer, done, used - done);
    } catch (error) {
      throw spillError(error);
    }
    this.#used[partition] = 0;
  }

  /** Calls `visit` with each partition's records in the order they were added, one partition at a time. */
  eachPartition(visit: (records: Iterable<KeyRecord>) => void): void {
    for (let partition = 0; partition < this.#files.length; partition++) this.#flush(partition);
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    for (const file of this.#files) visit(this.#records(file, buffer));
  }

  *#records(file: number, buffer: Buffer): Generator<KeyRecord> {
    let position = 0;
    let held = 0;
    for (;;) {
      let read: number;
      try {
        read = readSync(file, buffer, held, buffer.length - held, position);
      } catch (error) {
        throw spillError(error);
      }
      position += read;
      const end = held + read;
      let at = 0;
      while (at + HEADER_BYTES <= end && at + HEADER_BYTES + buffer[at + 8]! + 1 <= end) {
        const length = buffer[at + 8]! + 1;
        const key = buffer.toString("latin1", at + HEADER_BYTES, at + HEADER_BYTES + length);
        yield { key, ordinal: buffer.readUInt32LE(at), size: buffer.readUInt32LE(at + 4) };
        at += HEADER_BYTES + length;
      }
      if (read === 0) {
        if (at !== end) throw spillError(new Error("a temporary file of the key table was cut short"));
        return;
      }
      held = buffer.copy(buffer, 0, at, end);
    }
  }

  close(): void {
    for (const file of this.#files.splice(0)) closeSync(file);
    if (this.#inFolder) rmSync(this.#dir, { recursive: true, force: true });
  }
}
