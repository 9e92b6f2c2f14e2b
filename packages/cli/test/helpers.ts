// Runs the built `telnyx-kv` bin as a subprocess, the way users run it. Spawned asynchronously: the
// emulator it talks to lives in the test process and must keep answering while the command runs.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createKvClient, type KvNodeClient } from "@telnyx-kv/client-node";
import { type Emulator, type EmulatorOptions, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll } from "vitest";

/** The built bin (tests run after `pnpm build`). */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** What a finished run printed and how it ended. */
export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Bytes written to the command's stdin (stdin is closed either way). */
  input?: string | Uint8Array;
}

/** The environment of a run: no TELNYX_/KV_ variables from the machine, plus `extra`. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(TELNYX_|KV_)/.test(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** Starts the bin; the caller waits with {@link finished}. */
export function start(args: string[], options: RunOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: cleanEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin!.end(options.input ?? "");
  return child;
}

/** Waits for a started run to end and collects its output. */
export function finished(child: ChildProcess): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status, signal) =>
      resolve({ status, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/** Runs the bin to the end. */
export function run(args: string[], options: RunOptions = {}): Promise<CliRun> {
  return finished(start(args, options));
}

/** A test emulator (memory store, every request recorded) and an account on it. */
export interface TestService {
  emulator: Emulator;
  apiKey: string;
  /** Env that points the bin at the emulator with this account's key. */
  env: Record<string, string>;
  /** A client of the same account, to seed and check data. */
  client: KvNodeClient;
  /** Runs the bin against this service. */
  run(args: string[], options?: RunOptions): Promise<CliRun>;
  /** Successful PUTs of keys the emulator has seen so far. */
  puts(): number;
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1, port 0; `close()` stops it. */
export async function startService(options: EmulatorOptions = {}): Promise<TestService> {
  const emulator = await startEmulator({ store: "memory", recordRequests: true, ...options });
  const apiKey = `test-key-${randomUUID()}`;
  const env = { TELNYX_BASE_URL: emulator.url, TELNYX_API_KEY: apiKey };
  const client = createKvClient({ baseUrl: emulator.url, apiKey, proxy: false });
  return {
    emulator,
    apiKey,
    env,
    client,
    run: (args, runOptions = {}) => run(args, { ...runOptions, env: { ...env, ...runOptions.env } }),
    puts: () =>
      emulator.requests.filter((r) => r.method === "PUT" && r.key !== undefined && r.status < 300).length,
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

/** Creates a ready namespace with a fresh name; returns its id and name. */
export async function freshNamespace(
  client: KvNodeClient,
  stem = "ns",
): Promise<{ id: string; name: string }> {
  const name = `${stem}-${randomUUID().slice(0, 8)}`;
  const created = await client.namespaces.create(name);
  await client.namespaces.waitUntilReady(created.id);
  return { id: created.id, name };
}

/** A temporary folder, removed by the returned function. */
/** An emulator and a scratch folder for one test file: started before its tests, closed after them. */
export function useTestService(options: EmulatorOptions = {}): {
  service: TestService;
  scratch: { dir: string; remove: () => void };
} {
  const context = {} as { service: TestService; scratch: { dir: string; remove: () => void } };
  beforeAll(async () => {
    context.service = await startService(options);
    context.scratch = tempDir();
  });
  afterAll(async () => {
    await context.service?.close();
    context.scratch?.remove();
  });
  return context;
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "telnyx-kv-cli-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Asserts a run succeeded, showing its stderr when it did not. */
export function expectOk(result: CliRun): void {
  if (result.status !== 0) throw new Error(`exit ${result.status} (${result.signal}): ${result.stderr}`);
}
