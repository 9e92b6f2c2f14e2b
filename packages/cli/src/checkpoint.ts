import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { OrdinalSet } from "./ordinal-set.js";

/** How often acknowledged entries are fsync'd: a power loss may lose this much; a SIGKILL loses nothing written. */
const FSYNC_INTERVAL_MS = 200;
const HEADER = "telnyx-kv import checkpoint v2 ";

/** Which import a checkpoint belongs to: the file's content, the namespace and the target (never the key). */
export interface CheckpointIdentity {
  /** SHA-256 of the input's bytes, hex. */
  sha256: string;
  /** The input's size in bytes. */
  bytes: number;
  namespace: string;
  target: string;
}

/** Where an import's checkpoint lives and which import it belongs to. */
export interface CheckpointPlace {
  /** The checkpoint file. */
  path: string;
  identity: CheckpointIdentity;
}

/**
 * The checkpoint of an import: next to the input file, or in the local store folder (or the working
 * directory) when reading stdin, named after the input. Its first line says which import it belongs to, so
 * a `--resume` of another file content, namespace or target is refused by name instead of starting over.
 */
export function checkpointPlace(options: {
  identity: CheckpointIdentity;
  input: string | undefined;
  localDir: string | undefined;
  /** A file the user chose (`--checkpoint`); the identity still ties it to this import. */
  path?: string;
  cwd?: string;
}): CheckpointPlace {
  const cwd = options.cwd ?? process.cwd();
  const { identity } = options;
  if (options.path !== undefined) return { path: resolve(cwd, options.path), identity };
  const name = options.input === undefined ? "stdin" : basename(options.input);
  const folder =
    options.localDir ?? (options.input === undefined ? cwd : dirname(resolve(cwd, options.input)));
  return { path: join(folder, `${name}.telnyx-kv-checkpoint`), identity };
}

/** What a checkpoint file holds for this import. */
export type CheckpointState =
  | { kind: "none" }
  | { kind: "match"; acknowledged: OrdinalSet }
  /** Another import's (or an unreadable) checkpoint: `differs` says how, in words; `entries` it recorded. */
  | { kind: "other"; differs: string[]; entries: number };

function differences(then: Partial<CheckpointIdentity> | undefined, now: CheckpointIdentity): string[] {
  if (then === undefined) return ["it was written by another version of telnyx-kv, or is damaged"];
  const differs: string[] = [];
  if (then.sha256 !== now.sha256 || then.bytes !== now.bytes) {
    differs.push(
      `the input changed since (${then.bytes} bytes, sha256 ${String(then.sha256).slice(0, 12)}… then; ${now.bytes} bytes, sha256 ${now.sha256.slice(0, 12)}… now)`,
    );
  }
  if (then.namespace !== now.namespace) differs.push(`it was an import into namespace ${then.namespace}`);
  if (then.target !== now.target) differs.push(`it was an import into ${then.target}`);
  return differs;
}

function parseHeader(line: string): Partial<CheckpointIdentity> | undefined {
  if (!line.startsWith(HEADER)) return undefined;
  try {
    return JSON.parse(line.slice(HEADER.length)) as Partial<CheckpointIdentity>;
  } catch {
    return undefined;
  }
}

/** Reads the checkpoint at `place`: none, this import's acknowledged entries, or another import's. */
export function readCheckpoint(place: CheckpointPlace): CheckpointState {
  if (!existsSync(place.path)) return { kind: "none" };
  const text = readFileSync(place.path, "utf8");
  const [header = "", ...lines] = text.split("\n");
  // Everything after the last newline is an unfinished line (a kill mid-write): it does not count.
  lines.pop();
  const done = new OrdinalSet();
  for (const line of lines) if (/^\d+$/.test(line)) done.add(Number(line));
  const differs = differences(parseHeader(header), place.identity);
  if (differs.length > 0) return { kind: "other", differs, entries: done.size };
  return { kind: "match", acknowledged: done };
}

/** The entries a checkpoint recorded (empty when there is none or it belongs to another import). */
export function readAcknowledged(place: CheckpointPlace): OrdinalSet {
  const state = readCheckpoint(place);
  return state.kind === "match" ? state.acknowledged : new OrdinalSet();
}

/** An append-only record of the entries the server acknowledged, so `--resume` skips them. */
export class ImportCheckpoint {
  readonly path: string;
  #fd: number | undefined;
  #dirty = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Opens the checkpoint: `resumed` (what {@link readAcknowledged} found) is kept and added to, else it starts empty. */
  constructor(place: CheckpointPlace, resumed?: OrdinalSet) {
    this.path = place.path;
    mkdirSync(dirname(place.path), { recursive: true });
    const fresh = resumed === undefined || resumed.size === 0 || !existsSync(place.path);
    this.#fd = openSync(place.path, fresh ? "w" : "a");
    if (fresh) writeSync(this.#fd, `${HEADER}${JSON.stringify(place.identity)}\n`);
    // Closes a line a killed run may have left unfinished; "#" makes it read as no entry, not a shorter one.
    else writeSync(this.#fd, "#\n");
    this.#timer = setInterval(() => this.sync(), FSYNC_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Records one acknowledged entry right away (a write(2) per entry: the kernel keeps it if we are killed). */
  ack(ordinal: number): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, `${ordinal}\n`);
    this.#dirty = true;
  }

  /** Flushes recorded entries to the disk. */
  sync(): void {
    if (this.#fd === undefined || !this.#dirty) return;
    fsyncSync(this.#fd);
    this.#dirty = false;
  }

  /** Flushes and closes; the file stays for a later `--resume`. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#fd === undefined) return;
    this.sync();
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** Closes and deletes the checkpoint (the import finished). */
  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }
}
