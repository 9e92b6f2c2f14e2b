import { JSONParser } from "@streamparser/json";
import { keyProblem } from "@telnyx-kv/core/protocol";
import { usageError } from "./exit.js";
import { inputChunks } from "./import-scan.js";

/** A key named by a `--keys-from` input, or why a line of it names none. */
export interface KeyItem {
  where: string;
  key?: string;
  problem?: string;
}

const BOM = "\uFEFF";

/** The key a JSON value names: a string, or an object's `key` (ours) or `name` (wrangler's `kv key list`). */
function keyOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const key = record.key ?? record.name;
  return typeof key === "string" ? key : undefined;
}

function checked(where: string, key: string | undefined): KeyItem {
  if (key === undefined)
    return { where, problem: 'names no key: give a string, or an object with "key" or "name"' };
  const problem = keyProblem(key, "write");
  return problem ? { where, problem: `key ${JSON.stringify(key)}: ${problem}` } : { where, key };
}

async function* lines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let rest = "";
  for await (const chunk of chunks) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  rest += decoder.decode();
  if (rest !== "") yield rest;
}

async function* arrayKeys(text: AsyncIterable<string>): AsyncGenerator<KeyItem> {
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  const ready: KeyItem[] = [];
  let index = 0;
  parser.onValue = ({ value }) => {
    ready.push(checked(`index ${index}`, keyOf(value)));
    index++;
  };
  for await (const line of text) {
    try {
      parser.write(`${line}\n`);
    } catch (error) {
      throw usageError(
        `The key list starts like a JSON array but is not valid JSON: ${(error as Error).message}.`,
      );
    }
    yield* ready.splice(0);
  }
  if (!parser.isEnded)
    throw usageError("The key list starts like a JSON array but ends before the array does.");
}

/**
 * The keys an input names, streamed: plain lines (one key a line; `key list`'s text output, whose first
 * column is the key), NDJSON with a `key` field (`key list --json`, `export`), or a JSON array of strings or
 * of objects with `name` (wrangler's `kv key list`) or `key`. Each key is checked against the API's rules.
 */
export async function* keysFrom(path: string, name: string): AsyncGenerator<KeyItem> {
  const text = lines(inputChunks(path, name));
  let first = true;
  let mode: "lines" | "ndjson" | "array" = "lines";
  let number = 0;
  for await (const raw of text) {
    number++;
    const line = (first ? raw.replace(BOM, "") : raw).replace(/\r$/, "");
    if (first) {
      if (line.trim() === "") continue;
      first = false;
      const start = line.trimStart()[0];
      mode = start === "[" ? "array" : start === "{" ? "ndjson" : "lines";
      if (mode === "array") {
        async function* rest(): AsyncGenerator<string> {
          yield line;
          yield* text;
        }
        yield* arrayKeys(rest());
        return;
      }
    }
    if (line.trim() === "") continue;
    const where = `line ${number}`;
    if (mode === "lines") {
      // `key list` prints key, size and time separated by tabs; a key never contains a tab.
      yield checked(where, line.split("\t")[0]!.trim());
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield { where, problem: `not JSON (${(error as Error).message})` };
      continue;
    }
    yield checked(where, keyOf(value));
  }
}
