import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { integerOption, namespaceOf, splitPositionals, targetOptions, withTarget } from "../command-kit.js";
import { CliError, EXIT, usageError } from "../exit.js";
import { fileError } from "../fs-errors.js";
import { note } from "../output.js";
import { readStdin } from "../stdin.js";
import { parseTtl } from "../ttl.js";
import { registerDelete } from "./key-delete.js";

/** A missing folder for `--out` is one line before any request (exit 2). */
function checkFolderOf(path: string): void {
  try {
    if (!statSync(dirname(resolve(path))).isDirectory())
      throw Object.assign(new Error(), { code: "ENOTDIR" });
  } catch (error) {
    throw fileError(error, `write ${path}`, "Name a file in an existing folder.");
  }
}

/** A `--file` that cannot be read is one line before any request (exit 2 when it is missing). */
function checkReadable(path: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
  } catch (error) {
    throw fileError(error, `read ${path}`);
  }
}

function registerList(group: Command): void {
  targetOptions(
    group
      .command("list")
      .description("list keys in byte order (names, sizes, times; never values)")
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .option("--prefix <P>", 'only keys starting with P (default: "")')
      .option("--limit <N>", "at most N keys (default: all)", integerOption(1))
      .option("--json", "one JSON object a line: key, size_bytes, updated_at (default: tab-separated text)"),
  ).action(async (ns, options: { prefix?: string; limit?: number; json?: boolean }, command: Command) => {
    await withTarget(command, async (target) => {
      const keys = target.client.namespace(await namespaceOf(command, target, ns));
      let count = 0;
      const pageSize = options.limit === undefined ? undefined : Math.min(options.limit, 1000);
      for await (const info of keys.list({
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
        ...(pageSize === undefined ? {} : { limit: pageSize }),
      })) {
        if (options.limit !== undefined && count >= options.limit) break;
        count++;
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ key: info.key, size_bytes: info.sizeBytes, updated_at: info.updatedAt })}\n`
            : `${info.key}\t${info.sizeBytes}\t${info.updatedAt}\n`,
        );
      }
    });
  });
}

function registerGet(group: Command): void {
  targetOptions(
    group
      .command("get")
      .description("print a value's raw bytes, unaltered (missing key: exit status 2)")
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .argument("[key]", "the key")
      .option("--out <FILE>", "write the value to FILE instead of stdout (default: stdout)"),
  ).action(async (nsArg, keyArg, options: { out?: string }, command: Command) => {
    const [ns, [key]] = splitPositionals(command, [nsArg, keyArg]);
    if (key === undefined) throw usageError("Name the key to read: telnyx-kv key get <ns> <key>.");
    if (options.out !== undefined) checkFolderOf(options.out);
    await withTarget(command, async (target) => {
      const id = await namespaceOf(command, target, ns);
      const keys = target.client.namespace(id);
      const missing = () => new CliError(`Key "${key}" not found in namespace ${id}.`, EXIT.usage);
      if (options.out !== undefined) {
        let found: unknown;
        try {
          found = await keys.getToFile(key, options.out);
        } catch (error) {
          // The client writes through a temporary file next to FILE: the user named FILE, so the line does too.
          if ((error as NodeJS.ErrnoException).code !== undefined)
            throw fileError(error, `write ${options.out}`);
          throw error;
        }
        if (!found) throw missing();
        return;
      }
      const stream = await keys.getStream(key);
      if (!stream) throw missing();
      await pipeline(stream, process.stdout, { end: false });
    });
  });
}

function registerPut(group: Command): void {
  targetOptions(
    group
      .command("put")
      .description("write a value: VALUE, --file PATH, or stdin when neither is given")
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .argument("[key]", "the key")
      .argument("[value]", "the value as text (default: read --file or stdin)")
      .option("--file <PATH>", "read the value from PATH (default: none)")
      .option("--ttl <TTL>", "expire after 30s, 5m, 1h, 2d or SECONDS (default: never)", parseTtl)
      .option(
        "--content-type <TYPE>",
        "stored and sent back on reads (default: text/plain; charset=utf-8 for VALUE, else application/octet-stream)",
      ),
  ).action(
    async (
      nsArg,
      keyArg,
      valueArg,
      options: { file?: string; ttl?: number; contentType?: string },
      command: Command,
    ) => {
      const [ns, [key, value, ...extra]] = splitPositionals(command, [nsArg, keyArg, valueArg]);
      if (key === undefined) throw usageError("Name the key to write: telnyx-kv key put <ns> <key> [VALUE].");
      if (extra.length > 0) throw usageError("Too many arguments: quote a VALUE that has spaces.");
      if (value !== undefined && options.file !== undefined)
        throw usageError("Give either VALUE or --file, not both.");
      const putOptions = {
        ...(options.ttl === undefined ? {} : { ttlSeconds: options.ttl }),
        ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
      };
      if (options.file !== undefined) checkReadable(options.file);
      await withTarget(command, async (target) => {
        const keys = target.client.namespace(await namespaceOf(command, target, ns));
        const result =
          options.file !== undefined
            ? await keys.putFile(key, options.file, putOptions)
            : await keys.put(key, value ?? (await readStdin()), putOptions);
        note(`${result.created ? "Created" : "Updated"} ${key}.`);
      });
    },
  );
}

/** `telnyx-kv key list|get|put|delete`. */
export function registerKey(program: Command): void {
  const group = program.command("key").description("read, write, list and delete keys");
  registerList(group);
  registerGet(group);
  registerPut(group);
  registerDelete(group);
}
