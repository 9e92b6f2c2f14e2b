import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appDir } from "../server/paths.js";

/** A fresh folder for one test's SQLite data; `remove` deletes it. */
export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "kv-playground-test-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The environment of a spawned CLI: never the machine's TELNYX_* (a test must not reach the real API). */
export function localEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of Object.keys(env))
    if (name.startsWith("TELNYX_") || name.startsWith("KV_")) delete env[name];
  return env;
}

/** A CLI of the app running as a child process, with its output collected. */
export interface RunningCli {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Runs `node dist/<entry>` in the app folder. */
export function runCli(entry: string, env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [join(appDir(), "dist", entry)], {
    cwd: appDir(),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  return { child, output: () => text, exited };
}

/** Waits until the CLI prints the playground URL. */
export async function waitForUrl(cli: RunningCli, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /Telnyx KV playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(cli.output());
    if (match) return match[1]!;
    if (cli.child.exitCode !== null) throw new Error(`The server exited early:\n${cli.output()}`);
    if (Date.now() > deadline) throw new Error(`No URL printed within ${timeoutMs} ms:\n${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
