/** Two `next start` servers of one built app, sharing one emulator namespace; shared with tests/next15. */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { createKvClient } from "@telnyx-kv/client-node";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";

/** A free port on 127.0.0.1 (`next start` takes no port 0: bind one, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An emulator on 127.0.0.1 with one ready namespace and an account token. */
export interface SharedKv {
  emulator: Emulator;
  apiKey: string;
  namespaceId: string;
  /** Requests the emulator saw for the namespace so far. */
  requests(): Emulator["requests"];
}

export async function startSharedKv(): Promise<SharedKv> {
  const emulator = await startEmulator({ host: "127.0.0.1", port: 0, recordRequests: true });
  const apiKey = `tok-${randomUUID()}`;
  const kv = createKvClient({ apiKey, baseUrl: emulator.url });
  const created = await kv.namespaces.create(`next-${randomUUID().slice(0, 8)}`);
  await kv.namespaces.waitUntilReady(created.id, { intervalMs: 5 });
  await kv.close();
  return {
    emulator,
    apiKey,
    namespaceId: created.id,
    requests: () => emulator.requests.filter((request) => request.namespaceId === created.id),
  };
}

/** A running `next start`. */
export interface NextServer {
  url: string;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `next start <site>` on 127.0.0.1 and a free port; resolves once it says it is ready. */
export async function startNext(
  nextBin: string,
  site: string,
  env: Record<string, string>,
): Promise<NextServer> {
  if (!existsSync(`${site}/.next/BUILD_ID`)) {
    throw new Error(`${site} is not built: run the package's build task (turbo run build) first.`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, "start", site, "-p", String(port), "-H", "127.0.0.1"],
    {
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (/Ready in/.test(output)) {
        clearInterval(check);
        resolve();
      }
    }, 20);
    child.once("exit", (code) => {
      clearInterval(check);
      reject(new Error(`next start exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Counts of `<what> <pid>` lines in a render log. */
export function renders(log: string, what: string): number {
  if (!existsSync(log)) return 0;
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => line.startsWith(`${what} `)).length;
}

/** A local data source for the tagged fetch: answers its current `value`, and counts requests. */
export interface DataServer {
  url: string;
  value: string;
  hits: number;
  close(): Promise<void>;
}

export async function startDataServer(initial: string): Promise<DataServer> {
  const state = { value: initial, hits: 0 };
  const server: Server = createHttpServer((_request, response) => {
    state.hits++;
    response.setHeader("content-type", "text/plain");
    response.end(state.value);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/greeting`,
    get value() {
      return state.value;
    },
    set value(next: string) {
      state.value = next;
    },
    get hits() {
      return state.hits;
    },
    set hits(_ignored: number) {},
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `check` every 50 ms until it returns true (the test's own timeout bounds it). */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
