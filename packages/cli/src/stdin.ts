import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { note } from "./output.js";

/** Says, on a terminal, that the command is reading what is typed (else it looks hung). */
function hintIfTerminal(what: string): void {
  if (process.stdin.isTTY)
    note(`Reading ${what} from the terminal: type it, then Ctrl-D (pipe a file in to skip this).`);
}

/** All of stdin, as bytes: the value of `key put` with neither VALUE nor --file. */
export async function readStdin(what = "the value"): Promise<Buffer> {
  hintIfTerminal(what);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A file the command made and removes when done. */
export interface TemporaryFile {
  path: string;
  remove(): void;
}

/**
 * Copies stdin into a temporary file, streamed (any size): `import -` reads its input twice, once to check
 * every entry and once to write, and a pipe can be read only once.
 */
export async function spoolStdin(what: string): Promise<TemporaryFile> {
  hintIfTerminal(what);
  const dir = mkdtempSync(join(tmpdir(), "telnyx-kv-stdin-"));
  const path = join(dir, "stdin");
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(process.stdin, createWriteStream(path));
  } catch (error) {
    remove();
    throw error;
  }
  return { path, remove };
}
