import { createHash } from "node:crypto";
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

/** How often acknowledged entries are fsync'd: a power loss may lose this much; a SIGKILL loses nothing written. */
const FSYNC_INTERVAL_MS = 200;
const HEADER = "telnyx-kv import checkpoint v1";

/** Where an import's checkpoint lives and which import it belongs to. */
export interface CheckpointPlace {
  /** The checkpoint file. */
  path: string;
  /** Identity of the import: file content, namespace and target (never the key). */
  identity: string;
}

/**
 * The checkpoint of importing `content` into `namespaceId` on `target`: next to the input file, or in the
 * local store folder (or the working directory) when reading stdin. The name carries a hash of the file
 * and the destination, so another file or namespace never picks up this one's progress.
 */
export function checkpointPlace(options: {
  content: Uint8Array;
  namespaceId: string;
  target: string;
  input: string | undefined;
  localDir: string | undefined;
  /** A file the user chose (`--checkpoint`); the identity still ties it to this import. */
  path?: string;
  cwd?: string;
}): CheckpointPlace {
  const hash = createHash("sha256")
    .update(options.content)
    .update(`\n${options.namespaceId}\n${options.target}`)
    .digest("hex");
  const identity = hash.slice(0, 24);
  const cwd = options.cwd ?? process.cwd();
  if (options.path !== undefined) return { path: resolve(cwd, options.path), identity };
  const name = options.input === undefined ? "stdin" : basename(options.input);
  const folder =
    options.localDir ?? (options.input === undefined ? cwd : dirname(resolve(cwd, options.input)));
  return { path: join(folder, `${name}.${identity.slice(0, 12)}.telnyx-kv-checkpoint`), identity };
}

/** An append-only record of the entries the server acknowledged, so `--resume` skips them. */
export class ImportCheckpoint {
  readonly path: string;
  #fd: number | undefined;
  #dirty = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Opens the checkpoint: `resumed` (what {@link readAcknowledged} found) is kept and added to, else it starts empty. */
  constructor(place: CheckpointPlace, resumed?: ReadonlySet<number>) {
    this.path = place.path;
    mkdirSync(dirname(place.path), { recursive: true });
    const fresh = resumed === undefined || resumed.size === 0 || !existsSync(place.path);
    this.#fd = openSync(place.path, fresh ? "w" : "a");
    if (fresh) writeSync(this.#fd, `${HEADER} ${place.identity}\n`);
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

/** The entries a checkpoint recorded (empty when there is none or it belongs to another import). */
export function readAcknowledged(place: CheckpointPlace): Set<number> {
  const done = new Set<number>();
  if (!existsSync(place.path)) return done;
  const text = readFileSync(place.path, "utf8");
  const [header, ...lines] = text.split("\n");
  if (header !== `${HEADER} ${place.identity}`) return done;
  // Everything after the last newline is an unfinished line (a kill mid-write): it does not count.
  lines.pop();
  for (const line of lines) if (/^\d+$/.test(line)) done.add(Number(line));
  return done;
}
