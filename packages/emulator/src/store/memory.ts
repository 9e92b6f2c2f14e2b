import { insertSorted, lowerBound, removeSorted, upperBound } from "./sorted.js";
import {
  isGone,
  type KeyRange,
  type KvStore,
  type NewNamespace,
  type StoredKeyInfo,
  type StoredNamespace,
  type StoredValue,
} from "./types.js";

interface Entry extends StoredValue {
  expiresAt: number | null;
}

/** One namespace's keys: a map for point reads and a sorted array so a page is a binary search, not a sort. */
interface KeySpace {
  entries: Map<string, Entry>;
  sorted: string[];
}

/** The in-memory store: fast, isolated, gone when the process ends. */
export class MemoryStore implements KvStore {
  private nextSeq = 1;
  private readonly byId = new Map<string, StoredNamespace>();
  private readonly bySeq = new Map<number, StoredNamespace>();
  private readonly byAccount = new Map<string, StoredNamespace[]>();
  private readonly names = new Set<string>();
  private readonly deleting = new Set<StoredNamespace>();
  private readonly spaces = new Map<number, KeySpace>();

  createNamespace(fields: NewNamespace): StoredNamespace | undefined {
    this.purgeGone(fields.createdAt);
    const nameKey = `${fields.account}\n${fields.name}`;
    if (this.names.has(nameKey)) return undefined;
    const ns: StoredNamespace = { ...fields, seq: this.nextSeq++, deleteAt: null, goneAt: null };
    this.names.add(nameKey);
    this.byId.set(ns.id, ns);
    this.bySeq.set(ns.seq, ns);
    let list = this.byAccount.get(ns.account);
    if (!list) {
      list = [];
      this.byAccount.set(ns.account, list);
    }
    list.push(ns);
    this.spaces.set(ns.seq, { entries: new Map(), sorted: [] });
    return { ...ns };
  }

  getNamespace(account: string, id: string, now: number): StoredNamespace | undefined {
    const ns = this.byId.get(id);
    if (!ns || ns.account !== account) return undefined;
    if (isGone(ns, now)) {
      this.purgeGone(now);
      return undefined;
    }
    // Not copied (hot path): handlers treat namespaces as read-only and copy before changing one.
    return ns;
  }

  listNamespaces(
    account: string,
    offset: number,
    limit: number,
    now: number,
  ): { rows: StoredNamespace[]; total: number } {
    this.purgeGone(now);
    const list = this.byAccount.get(account) ?? [];
    return { rows: list.slice(offset, offset + limit).map((ns) => ({ ...ns })), total: list.length };
  }

  markDeleting(seq: number, deleteAt: number, goneAt: number): void {
    const ns = this.bySeq.get(seq);
    if (!ns) return;
    ns.deleteAt = deleteAt;
    ns.goneAt = goneAt;
    this.deleting.add(ns);
  }

  purgeGone(now: number): void {
    for (const ns of this.deleting) {
      if (!isGone(ns, now)) continue;
      this.deleting.delete(ns);
      this.byId.delete(ns.id);
      this.bySeq.delete(ns.seq);
      this.names.delete(`${ns.account}\n${ns.name}`);
      this.spaces.delete(ns.seq);
      const list = this.byAccount.get(ns.account);
      if (list) list.splice(list.indexOf(ns), 1);
    }
  }

  putValue(
    nsSeq: number,
    key: string,
    value: Buffer,
    contentType: string,
    updatedAt: number,
    expiresAt: number | null,
  ): boolean {
    const space = this.space(nsSeq);
    const previous = space.entries.get(key);
    // Copy: the caller's buffer may be a slice of a pooled chunk.
    space.entries.set(key, { value: Buffer.from(value), contentType, updatedAt, expiresAt });
    if (!previous) insertSorted(space.sorted, key);
    return !previous || (previous.expiresAt !== null && previous.expiresAt <= updatedAt);
  }

  getValue(nsSeq: number, key: string, now: number): StoredValue | undefined {
    const space = this.spaces.get(nsSeq);
    const entry = space?.entries.get(key);
    if (!space || !entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      space.entries.delete(key);
      removeSorted(space.sorted, key);
      return undefined;
    }
    return entry;
  }

  deleteValue(nsSeq: number, key: string): void {
    const space = this.spaces.get(nsSeq);
    if (space?.entries.delete(key)) removeSorted(space.sorted, key);
  }

  listKeys(nsSeq: number, range: KeyRange): StoredKeyInfo[] {
    const space = this.spaces.get(nsSeq);
    if (!space) return [];
    const { sorted, entries } = space;
    let index = range.from === undefined ? 0 : lowerBound(sorted, range.from);
    if (range.after !== undefined) index = Math.max(index, upperBound(sorted, range.after));
    const out: StoredKeyInfo[] = [];
    for (; index < sorted.length && out.length < range.limit; index++) {
      const key = sorted[index] as string;
      if (range.before !== undefined && key >= range.before) break;
      const entry = entries.get(key) as Entry;
      if (entry.expiresAt !== null && entry.expiresAt <= range.now) continue;
      out.push({ key, sizeBytes: entry.value.length, updatedAt: entry.updatedAt });
    }
    return out;
  }

  close(): void {
    this.byId.clear();
    this.bySeq.clear();
    this.byAccount.clear();
    this.names.clear();
    this.deleting.clear();
    this.spaces.clear();
  }

  private space(nsSeq: number): KeySpace {
    const space = this.spaces.get(nsSeq);
    if (!space) throw new Error(`namespace ${nsSeq} has no key space`);
    return space;
  }
}
