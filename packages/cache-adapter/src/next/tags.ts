import type { KvCache } from "../kv-cache.js";
import type { KvOutageGuard } from "./outage.js";

/** One tag's last invalidation, stored as JSON under `t/<tag>`: `s` made entries stale, `e` expires them. */
export interface KvNextTagRecord {
  /** Entries written before this time (ms) are stale: served once more while regenerated ("use cache"). */
  s?: number;
  /** Entries written before this time (ms) are gone once it has passed. */
  e?: number;
}

/** How the tags of an entry written at some time stand now. */
export type KvNextTagState = "fresh" | "stale" | "expired";

/** The worst state of an entry written at `writtenAt`, given its tags' records (Next's own rules). */
export function tagState(
  records: readonly (KvNextTagRecord | undefined)[],
  writtenAt: number,
  now: number,
): KvNextTagState {
  let state: KvNextTagState = "fresh";
  for (const record of records) {
    if (!record) continue;
    if (record.e !== undefined && record.e <= now && record.e > writtenAt) return "expired";
    if (record.s !== undefined && record.s > writtenAt) state = "stale";
  }
  return state;
}

function parseRecord(text: string | undefined): KvNextTagRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as KvNextTagRecord;
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tags manifest, one KV key per tag. Reads go through the tags cache's memory tier (misses included),
 * so a tag costs at most one request per memory TTL per process however many pages use it.
 */
export class KvNextTags {
  readonly #cache: KvCache;
  readonly #guard: KvOutageGuard;

  constructor(cache: KvCache, guard: KvOutageGuard) {
    this.#cache = cache;
    this.#guard = guard;
  }

  /** The records of `tags`, in order; `undefined` when Telnyx KV could not be read (treat as a miss). */
  async read(tags: readonly string[]): Promise<Array<KvNextTagRecord | undefined> | undefined> {
    if (tags.length === 0) return [];
    const unique = [...new Set(tags)];
    const texts = await this.#guard.run(
      "reading tags",
      () => this.#cache.getManyText(unique.map((tag) => `t/${tag}`)),
      undefined,
    );
    return texts?.map(parseRecord);
  }

  /**
   * Records an invalidation of `tags` now. Without `durations` the tags expire at once (Next 15's
   * `revalidateTag(tag)`, `updateTag`); with them they are stale now and expire `expire` seconds later.
   */
  async invalidate(tags: readonly string[], durations?: { expire?: number }): Promise<void> {
    const unique = [...new Set(tags)];
    const now = this.#cache.now();
    await this.#guard.run(
      "invalidating tags",
      async () => {
        // Read-modify-write per tag: two instances invalidating one tag at once both end with a time
        // at or after their own invalidation, which is all a reader compares against.
        const current = await this.#cache.getManyText(unique.map((tag) => `t/${tag}`));
        await Promise.all(
          unique.map((tag, i) => {
            const record: KvNextTagRecord = { ...parseRecord(current[i]) };
            if (durations) {
              record.s = now;
              if (durations.expire !== undefined) record.e = now + durations.expire * 1000;
            } else {
              record.e = now;
            }
            return this.#cache.set(`t/${tag}`, JSON.stringify(record));
          }),
        );
      },
      undefined,
    );
  }
}
