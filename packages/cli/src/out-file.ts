import { createWriteStream, openSync, renameSync, rmSync, type WriteStream } from "node:fs";
import { fileError } from "./fs-errors.js";

/**
 * A file written in full or not at all: the text goes to `FILE.partial`, renamed to FILE once complete;
 * any failure (a missing folder, no permission, a full disk, an interrupt) removes the partial file and is
 * one line saying what happened. Opened before the first request, so a bad path costs no API call.
 */
export class OutFile {
  readonly #path: string;
  readonly #partial: string;
  readonly #stream: WriteStream;
  #error: Error | undefined;

  constructor(path: string) {
    this.#path = path;
    this.#partial = `${path}.partial`;
    let fd: number;
    try {
      fd = openSync(this.#partial, "w");
    } catch (error) {
      throw fileError(error, `write ${path}`, "Name a file in an existing folder you can write to.");
    }
    this.#stream = createWriteStream(this.#partial, { fd });
    // Kept, not thrown: the next write or the close reports it as one line.
    this.#stream.on("error", (error) => {
      this.#error ??= error;
    });
  }

  #failed(): Error {
    return fileError(this.#error, `write ${this.#path}`);
  }

  /** Appends `text`, waiting while the disk is behind. */
  async write(text: string): Promise<void> {
    if (this.#error) throw this.#failed();
    if (this.#stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.#stream.off("drain", done);
        this.#stream.off("error", done);
        resolve();
      };
      this.#stream.on("drain", done);
      this.#stream.on("error", done);
    });
    if (this.#error) throw this.#failed();
  }

  /** Flushes, closes and renames the file into place. */
  async commit(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#stream.end(() => resolve());
      this.#stream.once("error", () => resolve());
    });
    if (this.#error) {
      this.discard();
      throw this.#failed();
    }
    try {
      renameSync(this.#partial, this.#path);
    } catch (error) {
      this.discard();
      throw fileError(error, `write ${this.#path}`);
    }
  }

  /** Drops what was written: nothing half-done stays behind. */
  discard(): void {
    this.#stream.destroy();
    rmSync(this.#partial, { force: true });
  }
}
