import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { KvConfigError } from "@telnyx-kv/core";
import type BetterSqlite3 from "better-sqlite3";
import {
  isGone,
  type KeyRange,
  type KvStore,
  type NewNamespace,
  type StoredKeyInfo,
  type StoredNamespace,
  type StoredValue,
} from "./types.js";

/** File name of the database inside `dataDir`. */
export const SQLITE_FILE_NAME = "kv.sqlite3";

// Greater than every key character (keys are ASCII), so "no upper bound" is one more bound, not another statement.
const NO_UPPER_BOUND = "\uffff";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS namespaces (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  ready_at INTEGER NOT NULL,
  delete_at INTEGER,
  gone_at INTEGER,
  UNIQUE (account, name)
);
CREATE INDEX IF NOT EXISTS namespaces_by_account ON namespaces (account, seq);
CREATE INDEX IF NOT EXISTS namespaces_gone ON namespaces (gone_at) WHERE gone_at IS NOT NULL;
-- value last: a listing reads the small columns from the leaf and never touches a value's overflow pages.
CREATE TABLE IF NOT EXISTS kv (
  ns INTEGER NOT NULL,
  key TEXT NOT NULL,
  size INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER,
  value BLOB NOT NULL,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
`;

interface NamespaceRow {
  seq: number;
  id: string;
  account: string;
  name: string;
  created_at: number;
  ready_at: number;
  delete_at: number | null;
  gone_at: number | null;
}

function toNamespace(row: NamespaceRow): StoredNamespace {
  return {
    seq: row.seq,
    id: row.id,
    account: row.account,
    name: row.name,
    createdAt: row.created_at,
    readyAt: row.ready_at,
    deleteAt: row.delete_at,
    goneAt: row.gone_at,
  };
}

/**
 * Opens (creating if needed) the SQLite store in `dataDir`. better-sqlite3 is loaded only here: it is an
 * optional dependency (a native module for Node >= 20), so the memory store, and tools built on the
 * emulator, install and run where it cannot be built.
 */
export async function openSqliteStore(dataDir: string): Promise<KvStore> {
  let Database: typeof BetterSqlite3;
  try {
    const imported = (await import("better-sqlite3")) as unknown as { default?: typeof BetterSqlite3 };
    Database = (imported.default ?? imported) as typeof BetterSqlite3;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new KvConfigError(
      `The SQLite store needs better-sqlite3, an optional dependency that did not load here (${reason}). It supports Node 20 and later (this is Node ${process.versions.node}): use Node >= 20 with better-sqlite3 installed, or store: "memory".`,
      { option: "store" },
    );
  }
  mkdirSync(dataDir, { recursive: true });
  return new SqliteStore(new Database(join(dataDir, SQLITE_FILE_NAME)));
}

/** The persistent store: every write is committed to the WAL before the HTTP answer leaves. */
class SqliteStore implements KvStore {
  private readonly statements;
  private readonly putTx;
  private readonly purgeTx;

  constructor(private readonly db: BetterSqlite3.Database) {
    db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode: a committed write survives a killed process (only an OS crash may lose the last ones).
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    db.exec(SCHEMA);
    const columns = "seq, id, account, name, created_at, ready_at, delete_at, gone_at";
    this.statements = {
      insertNs: db.prepare(
        "INSERT INTO namespaces (id, account, name, created_at, ready_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, name) DO NOTHING",
      ),
      getNs: db.prepare(`SELECT ${columns} FROM namespaces WHERE id = ? AND account = ?`),
      listNs: db.prepare(`SELECT ${columns} FROM namespaces WHERE account = ? ORDER BY seq LIMIT ? OFFSET ?`),
      countNs: db.prepare("SELECT count(*) AS total FROM namespaces WHERE account = ?").pluck(),
      markDeleting: db.prepare("UPDATE namespaces SET delete_at = ?, gone_at = ? WHERE seq = ?"),
      goneNs: db.prepare("SELECT seq FROM namespaces WHERE gone_at IS NOT NULL AND gone_at <= ?").pluck(),
      dropKeys: db.prepare("DELETE FROM kv WHERE ns = ?"),
      dropNs: db.prepare("DELETE FROM namespaces WHERE seq = ?"),
      liveExpiry: db.prepare("SELECT expires_at FROM kv WHERE ns = ? AND key = ?"),
      upsert: db.prepare(
        "INSERT OR REPLACE INTO kv (ns, key, size, content_type, updated_at, expires_at, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      get: db.prepare("SELECT value, content_type, updated_at, expires_at FROM kv WHERE ns = ? AND key = ?"),
      delete: db.prepare("DELETE FROM kv WHERE ns = ? AND key = ?"),
      // Two shapes of the lower bound: exclusive after a cursor, inclusive at a prefix. Both are index seeks.
      listAfter: db.prepare(
        "SELECT key, size, updated_at FROM kv WHERE ns = ? AND key > ? AND key < ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?",
      ),
      listFrom: db.prepare(
        "SELECT key, size, updated_at FROM kv WHERE ns = ? AND key >= ? AND key < ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?",
      ),
    };
    const s = this.statements;
    this.putTx = db.transaction(
      (
        ns: number,
        key: string,
        value: Buffer,
        type: string,
        at: number,
        expiresAt: number | null,
      ): boolean => {
        const previous = s.liveExpiry.get(ns, key) as { expires_at: number | null } | undefined;
        s.upsert.run(ns, key, value.length, type, at, expiresAt, value);
        return !previous || (previous.expires_at !== null && previous.expires_at <= at);
      },
    );
    this.purgeTx = db.transaction((now: number) => {
      for (const seq of s.goneNs.all(now) as number[]) {
        s.dropKeys.run(seq);
        s.dropNs.run(seq);
      }
    });
  }

  createNamespace(fields: NewNamespace): StoredNamespace | undefined {
    this.purgeGone(fields.createdAt);
    const result = this.statements.insertNs.run(
      fields.id,
      fields.account,
      fields.name,
      fields.createdAt,
      fields.readyAt,
    );
    if (result.changes === 0) return undefined;
    return { ...fields, seq: Number(result.lastInsertRowid), deleteAt: null, goneAt: null };
  }

  getNamespace(account: string, id: string, now: number): StoredNamespace | undefined {
    const row = this.statements.getNs.get(id, account) as NamespaceRow | undefined;
    if (!row) return undefined;
    const ns = toNamespace(row);
    if (isGone(ns, now)) {
      this.purgeGone(now);
      return undefined;
    }
    return ns;
  }

  listNamespaces(
    account: string,
    offset: number,
    limit: number,
    now: number,
  ): { rows: StoredNamespace[]; total: number } {
    this.purgeGone(now);
    const rows = this.statements.listNs.all(account, limit, offset) as NamespaceRow[];
    const total = this.statements.countNs.get(account) as number;
    return { rows: rows.map(toNamespace), total };
  }

  markDeleting(seq: number, deleteAt: number, goneAt: number): void {
    this.statements.markDeleting.run(deleteAt, goneAt, seq);
  }

  purgeGone(now: number): void {
    this.purgeTx(now);
  }

  putValue(
    nsSeq: number,
    key: string,
    value: Buffer,
    contentType: string,
    updatedAt: number,
    expiresAt: number | null,
  ): boolean {
    return this.putTx(nsSeq, key, value, contentType, updatedAt, expiresAt);
  }

  getValue(nsSeq: number, key: string, now: number): StoredValue | undefined {
    const row = this.statements.get.get(nsSeq, key) as
      | { value: Buffer; content_type: string; updated_at: number; expires_at: number | null }
      | undefined;
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= now) {
      this.statements.delete.run(nsSeq, key);
      return undefined;
    }
    return { value: row.value, contentType: row.content_type, updatedAt: row.updated_at };
  }

  deleteValue(nsSeq: number, key: string): void {
    this.statements.delete.run(nsSeq, key);
  }

  listKeys(nsSeq: number, range: KeyRange): StoredKeyInfo[] {
    const upper = range.before ?? NO_UPPER_BOUND;
    const useAfter = range.after !== undefined && (range.from === undefined || range.after >= range.from);
    const rows = (
      useAfter
        ? this.statements.listAfter.all(nsSeq, range.after, upper, range.now, range.limit)
        : this.statements.listFrom.all(nsSeq, range.from ?? "", upper, range.now, range.limit)
    ) as Array<{ key: string; size: number; updated_at: number }>;
    return rows.map((row) => ({ key: row.key, sizeBytes: row.size, updatedAt: row.updated_at }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
