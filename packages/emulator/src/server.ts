import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { KvConfigError } from "@telnyx-kv/core";
import { Authenticator } from "./auth.js";
import { answerClientError } from "./client-error.js";
import { CorsPolicy } from "./cors.js";
import type { Exchange } from "./exchange.js";
import { faultsProblem } from "./faults.js";
import type { Emulator, EmulatorOptions, EmulatorRequestRecord } from "./options.js";
import { createPipeline, type PipelineState } from "./pipeline.js";
import { RateWindow } from "./rate-limit.js";
import { MemoryStore } from "./store/memory.js";
import { openSqliteStore } from "./store/sqlite.js";
import type { KvStore } from "./store/types.js";

function nonNegative(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0)
    throw new KvConfigError(`${name} must be a non-negative number of ms, got ${value}.`, { option: name });
  return value;
}

async function openStore(options: EmulatorOptions): Promise<KvStore> {
  if ((options.store ?? "memory") === "memory") return new MemoryStore();
  if (options.store !== "sqlite")
    throw new KvConfigError(`store must be "memory" or "sqlite", got ${String(options.store)}.`, {
      option: "store",
    });
  if (!options.dataDir)
    throw new KvConfigError('store "sqlite" needs dataDir, the folder of the database.', {
      option: "dataDir",
    });
  return openSqliteStore(options.dataDir);
}

function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** Starts an emulator of the Telnyx KV API and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const problem = faultsProblem(options.faults);
  if (problem) throw new KvConfigError(`Invalid faults: ${problem}.`, { option: "faults" });
  const rate = options.rateLimitPerMinute;
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1)) {
    throw new KvConfigError(`rateLimitPerMinute must be a whole number of at least 1, got ${rate}.`, {
      option: "rateLimitPerMinute",
    });
  }
  const rateWindowMs = options.rateLimitWindowMs;
  if (rateWindowMs !== undefined && !(Number.isInteger(rateWindowMs) && rateWindowMs >= 1)) {
    throw new KvConfigError(
      `rateLimitWindowMs must be a whole number of milliseconds, at least 1, got ${rateWindowMs}.`,
      { option: "rateLimitWindowMs" },
    );
  }
  const listenPort = options.port ?? 0;
  if (!(Number.isInteger(listenPort) && listenPort >= 0 && listenPort <= 65535)) {
    throw new KvConfigError(
      `port must be a whole number from 0 to 65535 (0 picks a free one), got ${listenPort}.`,
      { option: "port" },
    );
  }
  const provisionDelayMs = nonNegative("provisionDelayMs", options.provisionDelayMs);
  const deleteDelayMs = nonNegative("deleteDelayMs", options.deleteDelayMs);
  const now = options.now ?? Date.now;
  const store = await openStore(options);
  const requests: EmulatorRequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const logger = options.logger || undefined;

  const onDone =
    logger || options.recordRequests
      ? (ex: Exchange, startedAt: number): void => {
          const status = ex.res.headersSent ? ex.res.statusCode : 0;
          const url = ex.req.url ?? "/";
          const q = url.indexOf("?");
          const path = q === -1 ? url : url.slice(0, q);
          const method = ex.req.method ?? "GET";
          if (options.recordRequests) {
            const record: EmulatorRequestRecord = { method, path, status };
            if (ex.namespaceId !== undefined) record.namespaceId = ex.namespaceId;
            if (ex.key !== undefined) record.key = ex.key;
            requests.push(record);
          }
          if (logger) {
            const ms = (performance.now() - startedAt).toFixed(1);
            logger(`${method} ${url} ${status === 0 ? "reset" : status} ${ms}ms`);
          }
        }
      : undefined;

  const state: PipelineState = {
    ctx: { store, now, provisionDelayMs, deleteDelayMs, ttlSupport: options.ttlSupport ?? true },
    auth: new Authenticator(options.tokens),
    cors: new CorsPolicy(options.corsOrigins),
    rateWindow: rate === undefined ? undefined : new RateWindow(rate, now, rateWindowMs),
    faults: options.faults,
    sleep: (ms) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    onDone,
  };
  const pipeline = createPipeline(state);
  const server = createServer();
  server.on("request", (req, res) => pipeline(req, res, false));
  // Without this listener node would send `100 Continue` itself, even for a body about to be refused.
  server.on("checkContinue", (req, res) => pipeline(req, res, true));
  server.on("clientError", answerClientError);

  const host = options.host ?? "127.0.0.1";
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(listenPort, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${urlHost(host)}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url: `${origin}/v2`,
    origin,
    port,
    requests,
    setFaults(faults) {
      const invalid = faultsProblem(faults);
      if (invalid) throw new KvConfigError(`Invalid faults: ${invalid}.`, { option: "faults" });
      state.faults = faults;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
