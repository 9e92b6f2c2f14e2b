/** FNV-1a over a key's characters (all below 128). */
function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** {@link keyHash} of the key whose characters are `chars[start, end)`. */
export function charsHash(chars: Uint8Array, start = 0, end = chars.length): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ chars[i]!, 0x01000193);
  return hash >>> 0;
}

/** Throws when an entry's ordinal or value size does not fit the 32 bits the tables keep for each. */
export function checkEntryRange(ordinal: number, size: number): void {
  if (ordinal > 0xffff_ffff || size > 0xffff_ffff)
    throw new RangeError(`an import holds at most 2^32 entries and values below 4 GiB (entry ${ordinal})`);
}

/** The first capacity of the tables, in keys: small inputs cost almost nothing. */
const FIRST_CAPACITY = 1024;
/** How much a full table grows by: less slack than doubling, still few copies. */
const GROWTH = 1.5;

/** A copy of `from` in a new array of `length` elements. */
function grown<T extends Uint8Array | Uint32Array>(from: T, length: number): T {
  const to = new (from.constructor as new (length: number) => T)(length);
  to.set(from);
  return to;
}

/**
 * For each key of an import file, the ordinal and value size of its last valid entry (the one written):
 * what a `Map<string, number>` would hold, in typed arrays. A Map costs about 70 bytes a key on the
 * JavaScript heap (a 1 GB file of 2 KB values has 500,000 keys: 35 MB, and a rehash doubles it for a
 * moment); this costs the key's bytes plus 16–20, outside the heap. Exact: keys are compared byte by byte,
 * never by hash alone. Keys are the API's (ASCII, at most 256 characters), checked before they get here.
 */
export class LastEntries {
  /** The keys' characters, one byte each, back to back. */
  #chars = new Uint8Array(FIRST_CAPACITY * 16);
  /** Where key `i` starts in `#chars`; key `i` ends where key `i + 1` starts. */
  #starts = new Uint32Array(FIRST_CAPACITY + 1);
  #ordinals = new Uint32Array(FIRST_CAPACITY);
  #sizes = new Uint32Array(FIRST_CAPACITY);
  /** Open addressing, linear probing: key index + 1, 0 for an empty slot; at most half full. */
  #slots = new Int32Array(FIRST_CAPACITY * 2);
  #count = 0;
  #valueBytes = 0;

  /** How many distinct keys were recorded. */
  get size(): number {
    return this.#count;
  }

  /** The total value size of the last entry of every key: the bytes the import writes. */
  get valueBytes(): number {
    return this.#valueBytes;
  }

  /**
   * Records entry `ordinal` (its value `size` bytes) as the last one of `key`; returns the ordinal of the
   * entry it replaces, or -1 for a key not seen before.
   */
  set(key: string, ordinal: number, size: number): number {
    checkEntryRange(ordinal, size);
    const slot = this.#find(key);
    const found = this.#slots[slot]!;
    if (found !== 0) {
      const replaced = this.#ordinals[found - 1]!;
      this.#valueBytes += size - this.#sizes[found - 1]!;
      this.#ordinals[found - 1] = ordinal;
      this.#sizes[found - 1] = size;
      return replaced;
    }
    const index = this.#append(key);
    this.#ordinals[index] = ordinal;
    this.#sizes[index] = size;
    this.#valueBytes += size;
    if (2 * this.#count > this.#slots.length) this.#rehash(this.#slots.length * 2);
    else this.#slots[slot] = index + 1;
    return -1;
  }

  /** The ordinal of the last entry of `key`, or `undefined` when no entry had that key. */
  get(key: string): number | undefined {
    const found = this.#slots[this.#find(key)]!;
    return found === 0 ? undefined : this.#ordinals[found - 1];
  }

  /** Calls `visit` with each key's characters (valid only during the call), last ordinal and value size. */
  eachEntry(visit: (chars: Uint8Array, ordinal: number, size: number) => void): void {
    for (let index = 0; index < this.#count; index++) {
      const chars = this.#chars.subarray(this.#starts[index]!, this.#starts[index + 1]!);
      visit(chars, this.#ordinals[index]!, this.#sizes[index]!);
    }
  }

  #equals(index: number, key: string): boolean {
    const start = this.#starts[index]!;
    if (this.#starts[index + 1]! - start !== key.length) return false;
    const chars = this.#chars;
    for (let i = 0; i < key.length; i++) if (chars[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  #find(key: string): number {
    const mask = this.#slots.length - 1;
    for (let slot = keyHash(key) & mask; ; slot = (slot + 1) & mask) {
      const found = this.#slots[slot]!;
      if (found === 0 || this.#equals(found - 1, key)) return slot;
    }
  }

  /** Stores the key's characters; returns its index. */
  #append(key: string): number {
    const index = this.#count;
    if (index + 1 >= this.#starts.length) {
      const capacity = Math.ceil(this.#ordinals.length * GROWTH);
      this.#starts = grown(this.#starts, capacity + 1);
      this.#ordinals = grown(this.#ordinals, capacity);
      this.#sizes = grown(this.#sizes, capacity);
    }
    const start = this.#starts[index]!;
    const end = start + key.length;
    if (end > 0xffff_ffff) throw new RangeError("an import's keys total at most 4 GiB");
    if (end > this.#chars.length)
      this.#chars = grown(this.#chars, Math.max(end, Math.ceil(this.#chars.length * GROWTH)));
    for (let i = 0; i < key.length; i++) this.#chars[start + i] = key.charCodeAt(i);
    this.#starts[index + 1] = end;
    this.#count++;
    return index;
  }

  /** Rebuilds the slots at `length` (a power of two), every key included. */
  #rehash(length: number): void {
    const slots = new Int32Array(length);
    const mask = length - 1;
    const chars = this.#chars;
    for (let index = 0; index < this.#count; index++) {
      let slot = charsHash(chars, this.#starts[index]!, this.#starts[index + 1]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.#slots = slots;
  }
}
