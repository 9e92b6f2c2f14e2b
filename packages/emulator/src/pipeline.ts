import type { IncomingMessage, ServerResponse } from "node:http";
import { KV_ERRORS } from "@telnyx-kv/core/protocol";
import type { Authenticator } from "./auth.js";
import type { HandlerContext } from "./context.js";
import type { CorsPolicy } from "./cors.js";
import { dispatch } from "./dispatch.js";
import { Exchange } from "./exchange.js";
import {
  type EmulatorFailureKind,
  type EmulatorFaults,
  FAULT_HEADER,
  injectedFailure,
  planFaults,
} from "./faults.js";
import { KvProblem, problem } from "./problem.js";
import type { RateWindow } from "./rate-limit.js";

/** Everything a request passes through before its endpoint: CORS, faults, auth, rate limit. */
export interface PipelineState {
  ctx: HandlerContext;
  auth: Authenticator;
  cors: CorsPolicy;
  rateWindow: RateWindow | undefined;
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
  throw injectedFailure(kind, state.rateWindow?.limit);
}

/**
 * CORS, then faults, auth, the rate limit and the endpoint. Synchronous unless a delay or a handler awaits,
 * so a problem thrown on the way is answered before node parses more of the connection (see client-error.ts).
 */
function run(ex: Exchange, state: PipelineState): void | Promise<void> {
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
    if (typeof plan === "string") throw problem("badRequest", `Invalid ${FAULT_HEADER}: ${plan}.`);
    const { failure } = plan;
    if (plan.delayMs > 0) return state.sleep(plan.delayMs).then(() => afterFaults(ex, state, failure));
    return afterFaults(ex, state, failure);
  }
  return authorizeAndDispatch(ex, state);
}

function afterFaults(
  ex: Exchange,
  state: PipelineState,
  failure: EmulatorFailureKind | undefined,
): void | Promise<void> {
  if (failure) return injectFailure(ex, failure, state);
  return authorizeAndDispatch(ex, state);
}

function authorizeAndDispatch(ex: Exchange, state: PipelineState): void | Promise<void> {
  const { req } = ex;
  const account = state.auth.account(req.headers.authorization);
  if (account === undefined)
    throw problem("authenticationFailed", "Send an accepted API key as `Authorization: Bearer <key>`.");
  ex.account = account;
  if (state.rateWindow) {
    const decision = state.rateWindow.take(account);
    Object.assign(ex.headers, decision.headers);
    if (!decision.allowed) throw problem("tooManyRequests", "Wait for x-ratelimit-reset seconds.");
  }
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return dispatch(ex, state.ctx, q === -1 ? url : url.slice(0, q), q === -1 ? "" : url.slice(q + 1));
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
    // Stages and handlers answer an error by throwing a problem; anything else is a bug: answer it rather
    // than crash, and say so.
    const answer = (error: unknown): void => {
      if (error instanceof KvProblem) {
        ex.error(error.entry, error.detail, error.headers);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      ex.error(KV_ERRORS.unexpected, `The emulator failed: ${message}`);
    };
    try {
      const pending = run(ex, state);
      if (pending !== undefined) pending.catch(answer);
    } catch (error) {
      answer(error);
    }
  };
}
