// Running things in the scratch project: this process's Node, or the Node of another major, fetched once
// from the npm registry by `npx -y node@MAJOR` and then run directly (no npx argument parsing in between).
import { execFileSync, spawnSync } from "node:child_process";
import { inject } from "vitest";
import { npmEnv } from "./npm-env.js";

export type NodeChoice = "host" | 18 | 22;

/** Where the scratch project lives (made once by global-setup.ts). */
export function scratchDir(): string {
  return inject("scratch");
}

const binaries = new Map<NodeChoice, string>([["host", process.execPath]]);

/** The path of a Node binary of `node`'s major. */
export function nodeBinary(node: NodeChoice): string {
  let binary = binaries.get(node);
  if (!binary) {
    const args = ["-y", `node@${node}`, "-p", "process.execPath"];
    binary = execFileSync("npx", args, { encoding: "utf8", env: npmEnv() }).trim();
    binaries.set(node, binary);
  }
  return binary;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `args` with the Node of `node`'s major in `cwd`. */
export function runNode(node: NodeChoice, args: string[], cwd = scratchDir()): RunResult {
  const result = spawnSync(nodeBinary(node), args, {
    cwd,
    encoding: "utf8",
    env: npmEnv(),
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Explains a failed run in the assertion message. */
export function describeRun(result: RunResult): string {
  return `exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
