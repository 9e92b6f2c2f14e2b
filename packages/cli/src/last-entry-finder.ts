import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KV_MAX_KEY_LENGTH } from "@telnyx-kv/core/protocol";
import { CliError, EXIT } from "./exit.js";
import { fileError } from "./fs-errors.js";
import { charsHash, checkEntryRange, LastEntries } from "./last-entries.js";
import { OrdinalSet } from "./ordinal-set.js";

/**
 * Distinct keys kept in memory before the table moves to disk: about 2.5 MB of {@link LastEntries} (an import
 * file of some 130 MB of 2 KB values), small enough that a file this size or smaller needs no disk.
 */
const IN_MEMORY_KEYS = 65_536;
/**
 * A spilled table is split by the top bits of each key's hash into 2^this (64) files, each read back alone:
 * a file's table stays below {@link IN_MEMORY_KEYS} keys up to about 4 million keys, for 64 open files.
 */
const PARTITION_BITS = 6;
/** What each partition collects before a write to its file: 64 of them hold 1 MB, and a write is 16 KB. */
const PARTITION_BUFFER_BYTES = 16 * 1024;
/** What a partition's file is read back through: large reads, and a record (at most 265 bytes) always fits. */
const READ_BUFFER_BYTES = 64 * 1024;
/** A record: the ordinal (4 bytes), the value's size (4), the key's length less one (1), then its characters. */
const HEADER_BYTES = 9;

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
 * {@link IN_MEMORY_KEYS} keys it is a {@link LastEntries} table; past that every entry goes to one of 64 files
 * by its key's hash (9 bytes plus the key: 12 MB of disk for a 1 GB file of 2 KB values, through 1 MB of
 * buffers), and {@link finish} builds one file's table at a time, a sixty-fourth of the keys on average.
 * Exact either way. What still grows with the file is one bit an entry (the result's {@link OrdinalSet}).
 */
export class LastEntryFinder {
  #memory: LastEntries | undefined = new LastEntries();
  #disk: SpilledKeys | undefined;
  readonly #lastOfKey = new OrdinalSet();

  /** Records valid entry `ordinal` of `key` (its value `size` bytes), the last seen so far for that key. */
  add(key: string, ordinal: number, size: number): void {
    this.#lastOfKey.add(ordinal);
    if (this.#disk) {
      this.#disk.addKey(key, ordinal, size);
      return;
    }
    const memory = this.#memory!;
    const replaced = memory.set(key, ordinal, size);
    if (replaced !== -1) this.#lastOfKey.delete(replaced);
    if (memory.size < IN_MEMORY_KEYS) return;
    const disk = new SpilledKeys();
    this.#disk = disk;
    memory.eachEntry((chars, last, lastSize) => {
      disk.add(chars, last, lastSize);
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
    "Set TMPDIR (TEMP on Windows) to a folder with room.",
  );
}

/** Which of the 2^{@link PARTITION_BITS} files a key of hash `hash` goes to. */
function partitionOf(hash: number): number {
  return hash >>> (32 - PARTITION_BITS);
}

/** One file of a spilled table, and the records collected for it since its last write. */
interface Partition {
  file: number;
  buffer: Buffer;
  used: number;
}

/** The files of a spilled table: records appended by key hash, read back one file at a time. */
class SpilledKeys {
  readonly #dir: string;
  readonly #partitions: Partition[] = [];
  /** A key's characters on their way into a record. */
  readonly #scratch = Buffer.allocUnsafe(KV_MAX_KEY_LENGTH);
  #inFolder = true;

  constructor() {
    try {
      this.#dir = mkdtempSync(join(tmpdir(), "telnyx-kv-keys-"));
    } catch (error) {
      throw spillError(error);
    }
    try {
      for (let i = 0; i < 1 << PARTITION_BITS; i++) {
        const file = openSync(join(this.#dir, String(i)), "w+");
        this.#partitions.push({ file, buffer: Buffer.allocUnsafe(PARTITION_BUFFER_BYTES), used: 0 });
      }
    } catch (error) {
      this.close();
      throw spillError(error);
    }
    // Where the system allows it (Linux, macOS), the folder goes at once and the open files live on until
    // closed: a killed process leaves nothing behind.
    try {
      rmSync(this.#dir, { recursive: true, force: true });
      this.#inFolder = false;
    } catch {
      // Removed by close() instead.
    }
  }

  /** Appends a record for `key` (a string of the API's ASCII characters, checked against its rules before here). */
  addKey(key: string, ordinal: number, size: number): void {
    if (key.length < 1 || key.length > KV_MAX_KEY_LENGTH)
      throw new RangeError(`a key of ${key.length} characters (entry ${ordinal})`);
    this.add(this.#scratch.subarray(0, this.#scratch.write(key, "latin1")), ordinal, size);
  }

  /** Appends a record for the key whose characters are `chars` (the header keeps their length less one in a byte). */
  add(chars: Uint8Array, ordinal: number, size: number): void {
    checkEntryRange(ordinal, size);
    const partition = this.#partitions[partitionOf(charsHash(chars))]!;
    if (partition.used + HEADER_BYTES + chars.length > PARTITION_BUFFER_BYTES) this.#flush(partition);
    const { buffer, used: start } = partition;
    buffer.writeUInt32LE(ordinal, start);
    buffer.writeUInt32LE(size, start + 4);
    buffer[start + 8] = chars.length - 1;
    buffer.set(chars, start + HEADER_BYTES);
    partition.used = start + HEADER_BYTES + chars.length;
  }

  #flush(partition: Partition): void {
    const { file, buffer, used } = partition;
    try {
      for (let done = 0; done < used; ) done += writeSync(file, buffer, done, used - done);
    } catch (error) {
      throw spillError(error);
    }
    partition.used = 0;
  }

  /** Calls `visit` with each partition's records in the order they were added, one partition at a time. */
  eachPartition(visit: (records: Iterable<KeyRecord>) => void): void {
    for (const partition of this.#partitions) this.#flush(partition);
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    for (const { file } of this.#partitions) visit(this.#records(file, buffer));
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
        if (at !== end)
          throw new CliError(
            "A temporary file of the import's key table was cut short; run the import again.",
            EXIT.failed,
          );
        return;
      }
      held = buffer.copy(buffer, 0, at, end);
    }
  }

  /** Closes every file and removes the folder if still there; never throws (it runs after errors too). */
  close(): void {
    for (const { file } of this.#partitions.splice(0)) {
      try {
        closeSync(file);
      } catch {
        // Already unusable: nothing more to release.
      }
    }
    if (!this.#inFolder) return;
    try {
      rmSync(this.#dir, { recursive: true, force: true });
      this.#inFolder = false;
    } catch {
      // Left in the temporary folder, where the system cleans up; the error that ended the import matters more.
    }
  }
}
