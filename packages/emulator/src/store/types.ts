/** The storage contract both stores implement; the HTTP layer never knows which one it talks to. */

/** A namespace as stored; its wire status is derived from the timestamps (see namespace-view.ts). */
export interface StoredNamespace {
  /** Store-internal handle, used to key the namespace's keys (cheaper than the 36-character id). */
  seq: number;
  /** Public UUID. */
  id: string;
  /** Owner: a hash of the bearer token, never the token itself. */
  account: string;
  name: string;
  /** Creation time, ms since the epoch. */
  createdAt: number;
  /** When provisioning finishes (status turns `provision_ok`), ms. */
  readyAt: number;
  /** When deletion was requested, ms; `null` while not deleting. */
  deleteAt: number | null;
  /** When a deleting namespace disappears (404), ms; `null` while not deleting. */
  goneAt: number | null;
}

/** Fields of a new namespace; the store assigns `seq`. */
export type NewNamespace = Omit<StoredNamespace, "seq" | "deleteAt" | "goneAt">;

/** A stored value with its metadata. */
export interface StoredValue {
  value: Buffer;
  contentType: string;
  /** Last write, ms. */
  updatedAt: number;
}

/** One row of a key listing. */
export interface StoredKeyInfo {
  key: string;
  sizeBytes: number;
  updatedAt: number;
}

/** A seek over one namespace's keys: ascending byte order, `after < key < before`, at most `limit` rows. */
export interface KeyRange {
  /** Exclusive lower bound (the last key of the previous page), if any. */
  after?: string;
  /** Inclusive lower bound (the prefix), if any. */
  from?: string;
  /** Exclusive upper bound (the prefix's successor), if any. */
  before?: string;
  limit: number;
  /** Keys that expire at or before this time are skipped. */
  now: number;
}

/** Whether a namespace's deletion finished at or before `now` (it answers 404 from then on). */
export function isGone(ns: StoredNamespace, now: number): boolean {
  return ns.goneAt !== null && ns.goneAt <= now;
}

/**
 * Storage of namespaces and keys; synchronous so a write is durable before the answer is sent.
 * Namespace lookups, listings and creations treat namespaces gone at their `now` as absent (and purge them),
 * so callers never purge by hand.
 */
export interface KvStore {
  /**
   * Adds a namespace; `undefined` when the account already has one of that name. Namespaces gone by
   * `ns.createdAt` are purged first, so their names are free again.
   */
  createNamespace(ns: NewNamespace): StoredNamespace | undefined;
  /** A namespace of the account by id; `undefined` when missing or gone at `now`. */
  getNamespace(account: string, id: string, now: number): StoredNamespace | undefined;
  /** A page of the account's namespaces not gone at `now`, oldest first, with the total count. */
  listNamespaces(
    account: string,
    offset: number,
    limit: number,
    now: number,
  ): { rows: StoredNamespace[]; total: number };
  /** Marks a namespace as deleting until `goneAt`. */
  markDeleting(seq: number, deleteAt: number, goneAt: number): void;
  /** Removes every namespace (and its keys) whose deletion finished at or before `now`. */
  purgeGone(now: number): void;
  /** Writes a value; true when the key was created (absent or expired before), false when replaced. */
  putValue(
    nsSeq: number,
    key: string,
    value: Buffer,
    contentType: string,
    updatedAt: number,
    expiresAt: number | null,
  ): boolean;
  /** A live value, or `undefined` when missing or expired at `now`. */
  getValue(nsSeq: number, key: string, now: number): StoredValue | undefined;
  /** Removes a key (no-op when missing). */
  deleteValue(nsSeq: number, key: string): void;
  /** Live keys of a range in ascending byte order. */
  listKeys(nsSeq: number, range: KeyRange): StoredKeyInfo[];
  /** Releases files and memory. */
  close(): void;
}
