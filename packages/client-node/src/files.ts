import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { KvCallOptions, KvNamespaceClient, KvPutOptions, KvPutResult } from "@telnyx-kv/core";
import { validateValueSize } from "@telnyx-kv/core/protocol";
import { createAbortError } from "@telnyx-kv/core/transport";
import { webToNodeStream } from "./streams.js";

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
  try {
    // Read errors of value.stream arrive as core's typed, redacted errors (KvNetworkError…) and are rethrown.
    await pipeline(
      webToNodeStream(value.stream),
      fs.createWriteStream(temp, { flags: "wx" }),
      ...(options.signal ? [{ signal: options.signal }] : []),
    );
    const { size } = await stat(temp);
    await rename(temp, path);
    return { path, size, contentType: value.contentType };
  } catch (error) {
    await rm(temp, { force: true });
    if (options.signal?.aborted) throw createAbortError("keys.getToFile", { namespaceId: keys.id, key });
    throw error; // A typed download error, or the local file system's own (permissions, disk full).
  }
}
