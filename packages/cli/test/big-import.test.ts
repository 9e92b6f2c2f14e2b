// Issue 20, "Import does not stream": the bin imports files several times larger than the JavaScript heap
// it is given (NDJSON from a path, a wrangler JSON array from stdin) into a --local store, and the data
// is all there afterwards. Before streaming, the whole file became one string on the heap: out of memory.
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, type CliRun, cleanEnv, expectOk, finished, run, tempDir } from "./helpers.js";

const HEAP_MB = 64;
const VALUE_BYTES = 64 * 1024;
// The size bench's preload: prints the bin's peak resident set size (`process.resourceUsage().maxRSS`) at exit.
const MAX_RSS_PRELOAD = fileURLToPath(new URL("../bench/max-rss.cjs", import.meta.url));
const scratch = tempDir();
afterAll(() => scratch.remove());

/** The value of entry `i`: 64 KiB of text that differs from entry to entry. */
function entryValue(i: number): string {
  const stem = `entry ${i} `;
  return (stem + "abcdefghijklmnopqrstuvwxyz0123456789".repeat(Math.ceil(VALUE_BYTES / 36))).slice(
    0,
    VALUE_BYTES,
  );
}

/** Writes `count` entries as NDJSON or a wrangler JSON array, streamed (the test holds one line at a time). */
async function generate(path: string, count: number, format: "ndjson" | "array"): Promise<number> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve()));
  if (format === "array") await write("[\n");
  for (let i = 0; i < count; i++) {
    const line = JSON.stringify({ key: `big/${String(i).padStart(5, "0")}`, value: entryValue(i) });
    await write(format === "ndjson" ? `${line}\n` : `${i === 0 ? "" : ",\n"}${line}`);
  }
  if (format === "array") await write("\n]\n");
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return statSync(path).size;
}

/** Runs the bin with a capped heap; `stdinFile` is piped to its stdin. */
function runCapped(args: string[], stdinFile?: string): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, "-r", MAX_RSS_PRELOAD, BIN, ...args],
    {
      env: cleanEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  if (stdinFile) createReadStream(stdinFile).pipe(child.stdin!);
  else child.stdin!.end();
  return finished(child);
}

/**
 * The bin's peak RSS stayed below the file's size: memory does not follow the file (the build that read the
 * whole file peaked at 4–7× it). Relative to the file, not absolute: the heap is capped, the rest is Node's.
 */
function expectPeakRssBelow(result: CliRun, bytes: number): void {
  const reported = /telnyx-kv-bench max-rss-kb (\d+)/.exec(result.stderr);
  expect(reported, result.stderr).not.toBeNull();
  expect(Number(reported![1]) * 1024).toBeLessThan(bytes);
}

async function expectImported(store: string, ns: string, count: number): Promise<void> {
  const listed = await run(["key", "list", ns, "--local", store]);
  expectOk(listed);
  expect(listed.stdout.toString().trim().split("\n")).toHaveLength(count);
  for (const i of [0, Math.floor(count / 2), count - 1]) {
    const got = await run(["key", "get", ns, `big/${String(i).padStart(5, "0")}`, "--local", store]);
    expectOk(got);
    expect(got.stdout.toString()).toBe(entryValue(i));
  }
}

describe(`import under --max-old-space-size=${HEAP_MB}`, () => {
  it("writes a 200 MB NDJSON file, every entry, with a heap a third of its size", async () => {
    const store = join(scratch.dir, "store-ndjson");
    const file = join(scratch.dir, "big.ndjson");
    const count = Math.ceil((200 * 1024 * 1024) / VALUE_BYTES);
    const size = await generate(file, count, "ndjson");
    expect(size).toBeGreaterThan(3 * HEAP_MB * 1024 * 1024);
    expectOk(await run(["namespace", "create", "big", "--local", store]));
    const result = await runCapped(["import", "big", file, "--local", store]);
    expectOk(result);
    expectPeakRssBelow(result, size);
    expect(result.stderr).toMatch(new RegExp(`${count} written, 0 unchanged, 0 failed`));
    await expectImported(store, "big", count);
  });

  it("checks 1,000,000 entries of 800,000 keys under a 32 MB heap, the last entry of each key counted", async () => {
    // The checking pass sees every key (to write only the last entry of each): as a Map of strings that
    // is ~70 MB on the heap here, out of memory at 32 MB. Past 65,536 keys they go to temporary files,
    // one sixty-fourth of them read back at a time, and the files are gone when it ends.
    const store = join(scratch.dir, "store-keys");
    const file = join(scratch.dir, "keys.ndjson");
    const count = 1_000_000;
    const out = createWriteStream(file);
    let lastValueBytes = 0;
    for (let i = 0; i < count; i++) {
      // Every fifth line repeats the key of four lines before: that one is written, the earlier one not.
      const key = i % 5 === 4 ? i - 3 : i;
      if (i % 5 !== 0) lastValueBytes += String(i).length;
      const line = `{"key":"k/${key}","value":"${i}"}\n`;
      if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    expectOk(await run(["namespace", "create", "keys", "--local", store]));
    const tmp = join(scratch.dir, "tmp");
    mkdirSync(tmp);
    const child = spawn(
      process.execPath,
      ["--max-old-space-size=32", BIN, "import", "keys", file, "--local", store, "--dry-run"],
      { env: cleanEnv({ TMPDIR: tmp }), stdio: ["ignore", "pipe", "pipe"] },
    );
    const result = await finished(child);
    expectOk(result);
    expect(result.stdout.toString()).toContain(
      `Would write 800000 entries (${lastValueBytes} bytes) from ${file} (ndjson)`,
    );
    expect(result.stdout.toString()).toContain("; 200000 unchanged, 0 invalid. Nothing was written.");
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("writes a 100 MB wrangler JSON array from stdin, every entry", async () => {
    const store = join(scratch.dir, "store-array");
    const file = join(scratch.dir, "big.json");
    const count = Math.ceil((100 * 1024 * 1024) / VALUE_BYTES);
    const size = await generate(file, count, "array");
    expect(size).toBeGreaterThan(HEAP_MB * 1024 * 1024);
    expectOk(await run(["namespace", "create", "big-array", "--local", store]));
    const result = await runCapped(["import", "big-array", "-", "--local", store], file);
    expectOk(result);
    expect(result.stderr).toMatch(new RegExp(`${count} written, 0 unchanged, 0 failed`));
    await expectImported(store, "big-array", count);
  });
});
