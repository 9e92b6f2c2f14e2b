/** Spawns the built CLI (`dist/cli.js`) and reads its base URL and output. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

export function cliBuilt(): boolean {
  return existsSync(CLI);
}

export interface RunningCli {
  child: ChildProcess;
  /** Base URL including `/v2`. */
  url: string;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI and waits for the first line naming an http:// URL. */
export function startCli(args: string[]): Promise<RunningCli> {
  if (!cliBuilt())
    throw new Error(`${CLI} is missing: run \`pnpm --filter @telnyx-kv/emulator build\` first`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    let found = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (found) return;
      const match = /http:\/\/[^\s"'<>]+/.exec(output);
      if (match && output.slice(match.index).includes("\n")) {
        found = true;
        let url = match[0].replace(/\/+$/, "");
        if (!url.endsWith("/v2")) url += "/v2";
        resolve({ child, url, output: () => output, exited });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    exited.then(({ code, signal }) => {
      if (!found) reject(new Error(`CLI exited (${code ?? signal}) before printing its URL:\n${output}`));
    });
  });
}
