/**
 * A set of entry ordinals (whole numbers from 0) as one bit each: the entries of a 1 GB import file
 * (500,000 of them) take 64 KB, where a `Set<number>` takes about 20 bytes an entry on the heap.
 */
export class OrdinalSet {
  #bits = new Uint32Array(1024);
  #size = 0;

  /** How many ordinals are in the set. */
  get size(): number {
    return this.#size;
  }

  /** Adds `ordinal`. */
  add(ordinal: number): void {
    const word = ordinal >>> 5;
    if (word >= this.#bits.length) {
      const bits = new Uint32Array(Math.max(word + 1, this.#bits.length * 2));
      bits.set(this.#bits);
      this.#bits = bits;
    }
    const bit = 1 << (ordinal & 31);
    if ((this.#bits[word]! & bit) === 0) {
      this.#bits[word]! |= bit;
      this.#size++;
    }
  }

  /** Removes `ordinal` (nothing when it is not there). */
  delete(ordinal: number): void {
    const word = ordinal >>> 5;
    const bit = 1 << (ordinal & 31);
    if (word < this.#bits.length && (this.#bits[word]! & bit) !== 0) {
      this.#bits[word]! &= ~bit;
      this.#size--;
    }
  }

  /** Whether `ordinal` is in the set. */
  has(ordinal: number): boolean {
    const word = ordinal >>> 5;
    return word < this.#bits.length && (this.#bits[word]! & (1 << (ordinal & 31))) !== 0;
  }

  /** The ordinals, smallest first. */
  *[Symbol.iterator](): IterableIterator<number> {
    const bits = this.#bits;
    for (let word = 0; word < bits.length; word++) {
      if (bits[word] === 0) continue;
      for (let bit = 0; bit < 32; bit++) if ((bits[word]! & (1 << bit)) !== 0) yield word * 32 + bit;
    }
  }
}
