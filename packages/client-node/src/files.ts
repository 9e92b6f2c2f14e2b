import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  KvAbortError,
  type KvCallOptions,
  KvError,
  type KvNamespaceClient,
  KvNetworkError,
  type KvPutOptions,
  type KvPutResult,
  validateValueSize,
} from "@telnyx-kv/core";

/** What `getToFile` wrote. */
export interface KvFileInfo {
  /** The file written. */
  path: string;
  /** Bytes written. */
  size: number;
  /** The stored content type. */
  contentType: string;
}

type OpenAsBlob = (path: string, options?: { type?: string }) => Promise<Blob>;

/** `fs.openAsBlob` where Node has it (19.8+), else `undefined`. */
const nodeOpenAsBlob = (fs as { openAsBlob?: OpenAsBlob }).openAsBlob;

/**
 * Uploads a file. Its size is checked first, so a file over 1 MiB fails before any byte is sent. Where
 * Node has `fs.openAsBlob` (20+) the file goes as a disk-backed Blob, streamed from disk and safe to retry;
 * on Node 18 it is read into a buffer first (at most 1 MiB).
 */
export async function putFile(
  keys: KvNamespaceClient,
  key: string,
  path: string,
  options: KvPutOptions = {},
  openAsBlob: OpenAsBlob | undefined = nodeOpenAsBlob,
): Promise<KvPutResult> {
  const info = await stat(path);
  if (!info.isFile()) throw new TypeError(`Telnyx KV putFile: ${path} is not a file.`);
  validateValueSize(info.size);
  if (openAsBlob) return keys.put(key, await openAsBlob(path), options);
  // Node 18 has no openAsBlob; the file is at most 1 MiB, and a buffer avoids Node 18's stream-body leak.
  return keys.put(key, await readFile(path), options);
}

/** Marks errors that came from reading the download, as opposed to writing the file. */
class DownloadFailure extends Error {}

async function* download(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        throw new DownloadFailure("download failed", { cause: error });
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** A download error without the undici internals (sockets, request objects) an error may carry. */
function plainCause(error: unknown): Error {
  const source = error as { message?: unknown; code?: unknown; cause?: unknown };
  const inner = (source?.cause as { code?: unknown } | undefined)?.code;
  const copy = new Error(typeof source?.message === "string" ? source.message : String(error));
  const code = typeof source?.code === "string" ? source.code : inner;
  if (typeof code === "string") (copy as Error & { code?: string }).code = code;
  return copy;
}

/**
 * Downloads a value into a file without holding it in memory: it streams into a temporary file beside
 * `path` and is renamed over it only when complete, so a failed download leaves no partial file.
 * Resolves `null` (and writes nothing) when the key does not exist.
 */
export async function getToFile(
  keys: KvNamespaceClient,
  key: string,
  path: string,
  options: KvCallOptions = {},
): Promise<KvFileInfo | null> {
  const value = await keys.get(key, options);
  if (!value) return null;
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  const context = { operation: "keys.getToFile", namespaceId: keys.id, key };
  try {
    await pipeline(
      Readable.from(download(value.stream)),
      fs.createWriteStream(temp, { flags: "wx" }),
      ...(options.signal ? [{ signal: options.signal }] : []),
    );
    const { size } = await stat(temp);
    await rename(temp, path);
    return { path, size, contentType: value.contentType };
  } catch (error) {
    await rm(temp, { force: true });
    if (options.signal?.aborted) {
      throw new KvAbortError("Telnyx KV keys.getToFile was aborted by the caller's signal.", context);
    }
    if (KvError.isInstance(error)) throw error;
    if (error instanceof DownloadFailure) {
      const cause = KvError.isInstance(error.cause) ? error.cause : plainCause(error.cause);
      if (KvError.isInstance(cause)) throw cause;
      throw new KvNetworkError(
        `Telnyx KV getToFile of key ${JSON.stringify(key)} broke off while downloading (${cause.message}); ${path} was left unchanged. Try again.`,
        { ...context, reachedServer: true, cause },
      );
    }
    throw error; // The local file system failed (permissions, disk full): its own error says best.
  }
}
