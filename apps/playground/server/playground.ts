import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createKvProxy, KvValidationError } from "@telnyx-kv/client-node";
import { formatTable } from "../scenarios/report.js";
import { runScenarios } from "../scenarios/run.js";
import type { ScenarioResult } from "../scenarios/types.js";
import { type KvBackend, startBackend } from "./backend.js";
import { PlaygroundCacheDemo } from "./cache-demo.js";
import { createLocalGuard, isLoopbackHost } from "./guard.js";
import { defaultDataDir, funcTomlPath, webDir } from "./paths.js";
import { createStaticHandler } from "./static-files.js";
import { PlaygroundTelemetryLog } from "./telemetry.js";

/** Where the proxy is mounted; the page's client uses `baseUrl: "/kv"`. */
export const KV_MOUNT = "/kv";

/** Options of {@link startPlayground}; every field has a default. */
export interface PlaygroundOptions {
  /** Port of the web UI; 0 picks a free one. @default 5178 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** SQLite folder of the emulator. @default "<app>/.telnyx-kv" */
  dataDir?: string;
  /** Environment read for TELNYX_API_KEY / TELNYX_BASE_URL (tests pass `{}`). @default process.env */
  env?: Record<string, string | undefined>;
  /** The built web UI. @default "<app>/dist/web" */
  webDir?: string;
  /** How long a new emulator namespace stays `pending`, ms. @default 1500 */
  provisionDelayMs?: number;
  /** Run the Node scenarios before serving the UI. @default false */
  scenarios?: boolean;
  /** Receives the console output (mode, scenario table). @default console.log */
  log?: (line: string) => void;
  /** The emulator's budget per minute, so answers carry `x-ratelimit-*` like the real API's. @default none */
  rateLimitPerMinute?: number;
}

/** A running playground. */
export interface Playground {
  /** The web UI, e.g. `http://127.0.0.1:5178/`. */
  url: string;
  port: number;
  backend: KvBackend;
  /** Scenario rows, when they ran. */
  scenarios: ScenarioResult[] | undefined;
  /** Closes the web server, the emulator and its database. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts the backend, optionally runs the scenarios against it, then serves the proxy and the web UI. */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const log = options.log ?? console.log;
  const backend = await startBackend({
    env: options.env ?? process.env,
    dataDir: options.dataDir ?? defaultDataDir(),
    provisionDelayMs: options.provisionDelayMs ?? 1500,
    ...(options.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: options.rateLimitPerMinute }),
  });
  // Listening before the scenarios run, so their requests are in the panel's log and minute from the start.
  const telemetry = new PlaygroundTelemetryLog();
  const cache = new PlaygroundCacheDemo(backend);
  try {
    let scenarios: ScenarioResult[] | undefined;
    if (options.scenarios) {
      log("Running the Node scenarios against the same server…");
      scenarios = await runScenarios({
        baseUrl: backend.baseUrl,
        apiKey: backend.apiKey,
        funcToml: funcTomlPath(),
      });
      log(`${formatTable(scenarios)}\n`);
    }
    const { server, port } = await listen(backend, options, telemetry, cache);
    const url = `http://127.0.0.1:${port}/`;
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      backend,
      scenarios,
      close() {
        closing ??= new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
          telemetry.close();
        })
          .then(() => cache.close())
          .then(() => backend.close());
        return closing;
      },
    };
  } catch (error) {
    telemetry.close();
    await cache.close();
    await backend.close();
    throw error;
  }
}

async function listen(
  backend: KvBackend,
  options: PlaygroundOptions,
  telemetry: PlaygroundTelemetryLog,
  cache: PlaygroundCacheDemo,
) {
  let port = 0;
  const proxy = createKvProxy({
    apiKey: backend.apiKey,
    baseUrl: backend.baseUrl,
    mountPath: KV_MOUNT,
    allow: { namespaces: "*", methods: ["GET", "PUT", "DELETE", "POST"], manageNamespaces: true },
    // Each forward is a `telnyx-kv:request` trace, so it lands in the page's request log with its rate headers.
    authorize: createLocalGuard(() => port),
  });
  const serveStatic = createStaticHandler(options.webDir ?? webDir());
  // What the page may know about the backend: never the key.
  const info = JSON.stringify({
    mode: backend.mode,
    target: backend.mode === "telnyx" ? backend.baseUrl : "local emulator (SQLite)",
    dataDir: backend.dataDir ?? null,
  });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    if (path === KV_MOUNT || path.startsWith(`${KV_MOUNT}/`)) proxy.node(req, res);
    else if (path === "/api/info") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(info);
    } else if (path === "/api/telemetry") {
      sendJson(res, 200, { ...telemetry.snapshot(), cache: cache.stats() });
    } else if (path.startsWith("/api/cache?")) {
      // It spends the server's key like the proxy does, so the same DNS-rebinding check applies.
      if (!isLoopbackHost(req.headers.host, port))
        return sendJson(res, 403, { error: "Not a local request." });
      const query = new URL(path, "http://x").searchParams;
      cache.read(query.get("namespace") ?? "", query.get("key") ?? "").then(
        (read) => sendJson(res, 200, read),
        (error: unknown) =>
          // A bad key or namespace id is the caller's; anything else is the backend's (KV errors hold no secret).
          sendJson(res, error instanceof RangeError || KvValidationError.isInstance(error) ? 400 : 502, {
            error: error instanceof Error ? error.message : String(error),
          }),
      );
    } else serveStatic(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 5178, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return { server, port };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
    .end(JSON.stringify(body));
}
