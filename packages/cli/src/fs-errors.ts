import { CliError, EXIT } from "./exit.js";

/**
 * One line for a file-system failure on a path the user named (or a file made for them), by its code, never
 * a stack: a missing file or folder, or a folder given for a file, is bad usage (exit 2); no permission, a
 * full disk or anything else is a failed operation (exit 1). `doing` says what was tried: "write FILE".
 */
export function fileError(error: unknown, doing: string, advice = ""): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const tail = advice ? ` ${advice}` : "";
  switch (code) {
    case "ENOENT":
      return new CliError(`Cannot ${doing}: no such file or folder.${tail}`, EXIT.usage);
    case "ENOTDIR":
      return new CliError(`Cannot ${doing}: a part of the path is a file, not a folder.${tail}`, EXIT.usage);
    case "EISDIR":
      return new CliError(`Cannot ${doing}: it is a folder; name a file.${tail}`, EXIT.usage);
    case "EACCES":
    case "EPERM":
      return new CliError(`Cannot ${doing}: permission denied.${tail}`, EXIT.failed);
    case "EROFS":
      return new CliError(`Cannot ${doing}: the file system is read-only.${tail}`, EXIT.failed);
    case "ENOSPC":
    case "EDQUOT":
      return new CliError(`Cannot ${doing}: the disk is full.${tail}`, EXIT.failed);
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return new CliError(`Cannot ${doing}: ${message}${tail}`, EXIT.failed);
    }
  }
}
