import type { IncomingMessage, ServerResponse } from "node:http";
import { KvErrorCodes } from "@telnyx-kv/core";
import type { Authenticator } from "./auth.js";
import type { HandlerContext } from "./context.js";
import { type CorsPolicy, FAULT_HEADER } from "./cors.js";
import { dispatch } from "./dispatch.js";
import { Exchange } from "./exchange.js";
import {
  type EmulatorFailureKind,
  type EmulatorFaults,
  FAILURE_ANSWERS,
  injected429Headers,
  planFaults,
} from "./faults.js";
import type { RateLimiter } from "./rate-limit.js";

/** Everything a request passes through before its endpoint: CORS, faults, auth, rate limit. */
export interface PipelineState {
  ctx: HandlerContext;
  auth: Authenticator;
  cors: CorsPolicy;
  limiter: RateLimiter | undefined;
  faults: EmulatorFaults | undefined;
  /** Schedules a delay that `close()` can cancel. */
  sleep(ms: number): Promise<void>;
  /** Called once per finished exchange (logging, records); absent when nobody listens. */
  onDone: ((ex: Exchange, startedAt: number) => void) | undefined;
}

function injectFailure(ex: Exchange, kind: EmulatorFailureKind, state: PipelineState): void {
  if (kind === "reset") {
    ex.req.socket.destroy();
    return;
  }
  const [status, code, title] = FAILURE_ANSWERS[kind];
  const extra = kind === "429" ? injected429Headers(state.limiter?.perMinute) : undefined;
  ex.error(status, code, title, "Injected by the emulator's fault settings; nothing was applied.", extra);
}

async function run(ex: Exchange, state: PipelineState): Promise<void> {
  const { req } = ex;
  state.cors.apply(req.headers.origin, ex.headers);
  if (req.method === "OPTIONS") {
    const origin = req.headers.origin;
    if (origin && state.cors.allows(origin)) {
      state.cors.applyPreflight(req.headers["access-control-request-headers"], ex.headers);
    }
    ex.empty(204);
    return;
  }
  const faultHeader = req.headers[FAULT_HEADER];
  if (state.faults || faultHeader !== undefined) {
    const plan = planFaults(state.faults, Array.isArray(faultHeader) ? faultHeader.join(",") : faultHeader);
    if (typeof plan === "string") {
      ex.error(400, KvErrorCodes.badRequest, "Invalid fault header", `${FAULT_HEADER}: ${plan}.`);
      return;
    }
    if (plan.delayMs > 0) await state.sleep(plan.delayMs);
    if (plan.failure) return injectFailure(ex, plan.failure, state);
  }
  const account = state.auth.account(req.headers.authorization);
  if (account === undefined) {
    ex.error(
      401,
      KvErrorCodes.authenticationFailed,
      "Authentication failed",
      "Send an accepted API key as `Authorization: Bearer <key>`.",
    );
    return;
  }
  ex.account = account;
  if (state.limiter) {
    const decision = state.limiter.take(account);
    Object.assign(ex.headers, decision.headers);
    if (!decision.allowed) {
      ex.error(429, KvErrorCodes.tooManyRequests, "Too many requests", "Wait for x-ratelimit-reset seconds.");
      return;
    }
  }
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  await dispatch(ex, state.ctx, q === -1 ? url : url.slice(0, q), q === -1 ? "" : url.slice(q + 1));
}

/** The request listener: never lets an exception escape or turn into a crash. */
export function createPipeline(state: PipelineState) {
  return (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    const ex = new Exchange(req, res, expectsContinue);
    const startedAt = state.onDone ? performance.now() : 0;
    if (state.onDone) {
      const done = state.onDone;
      res.once("close", () => done(ex, startedAt));
    }
    const fail = (error: unknown): void => {
      // Only a bug lands here; answer it rather than crash, and say so.
      const message = error instanceof Error ? error.message : String(error);
      ex.error(500, KvErrorCodes.unexpected, "Unexpected error", `The emulator failed: ${message}`);
    };
    try {
      run(ex, state).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
