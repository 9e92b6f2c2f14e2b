import { KvNetworkError, KvTimeoutError } from "./errors.js";
import { createHttpError } from "./http-error.js";
import { decideRetry, type KvAttemptFailure } from "./retry.js";
import { sleep } from "./sleep.js";
import type { KvRequest, KvTransport } from "./transport.js";

/**
 * Lets a non-idempotent request (a create) be repeated safely: called after an attempt that may have been
 * applied, it finds what that attempt made. A value ends the call with it; `undefined` means the request
 * provably did not apply, so it may be sent again like an idempotent one.
 */
export type KvRecoverHook<T> = () => Promise<T | undefined>;

function failureOf(error: unknown): KvAttemptFailure | undefined {
  if (KvNetworkError.isInstance(error))
    return { type: "network", reachedServer: error.reachedServer ?? "unknown" };
  if (KvTimeoutError.isInstance(error)) return { type: "timeout" };
  return undefined;
}

const identity = <T>(value: T): T => value;

/** Whether a failed attempt may still have been applied: not when it never left, nor when a 429 refused it. */
function mayHaveActed(failure: KvAttemptFailure): boolean {
  if (failure.type === "network") return failure.reachedServer !== false;
  return !(failure.type === "status" && failure.status === 429);
}

/** The wait between attempts; the caller's abort ends it with a typed error. */
function waitBeforeRetry(transport: KvTransport, request: KvRequest, ms: number): Promise<void> {
  return sleep(ms, request.signal, () => transport.mapThrown(request.signal?.reason, request));
}

/** Sends a request under the retry policy and resolves with its 2xx (or accepted) response. */
export function send(transport: KvTransport, request: KvRequest): Promise<Response> {
  return sendAndRead(transport, request, undefined);
}

/**
 * The one retry loop: one attempt at a time through the transport, the policy (`decideRetry`) between
 * attempts, a single token refresh after a 401, and, with `recover`, a look-up instead of a blind repeat
 * after an ambiguous failure of a non-idempotent request. `read` turns the final response into the result.
 */
export async function sendAndRead<T>(
  transport: KvTransport,
  request: KvRequest,
  read: ((response: Response) => Promise<T>) | undefined,
  recover?: KvRecoverHook<T>,
): Promise<T> {
  // Without `read` the response itself is the result (send); no extra promise on the hot path.
  const finish = read ?? (identity as (response: Response) => T);
  const retry = transport.retryOptions;
  const startedAt = Date.now();
  const deadline = startedAt + retry.maxElapsedMs;
  const replayable = request.replayable ?? true;
  // With a recover hook, the policy may repeat a create: the hook runs first, so a repeat never duplicates.
  const idempotent = request.op.idempotent || recover !== undefined;
  let mayHaveApplied = false;
  let freshToken = false;
  let refreshedToken = false;
  for (let attempt = 0; ; attempt++) {
    let failure: KvAttemptFailure | undefined;
    let response: Response | undefined;
    let thrown: unknown;
    try {
      const fresh = freshToken;
      // Cleared before the attempt: a failed refreshed attempt must not ask the provider again on retry.
      freshToken = false;
      response = await transport.attempt(request, attempt, deadline, fresh);
    } catch (error) {
      failure = failureOf(error);
      if (!failure) throw error;
      thrown = error;
    }
    if (response) {
      if (response.ok || request.accept?.includes(response.status)) return finish(response);
      if (response.status === 401 && !refreshedToken && transport.canRefreshToken(request)) {
        // An expired short-lived token: ask the provider once for a fresh one and send again.
        refreshedToken = freshToken = true;
        await response.body?.cancel().catch(() => {});
        attempt--;
        continue;
      }
      if (response.status === 409 && mayHaveApplied && recover) {
        // "Already exists" after an attempt that may have applied: most likely our own earlier attempt.
        const found = await recover();
        if (found !== undefined) {
          await response.body?.cancel().catch(() => {});
          return found;
        }
      }
      failure = { type: "status", status: response.status, headers: response.headers };
    }
    const elapsedMs = Date.now() - startedAt;
    const decision = decideRetry(failure!, { attempt, idempotent, replayable, elapsedMs }, retry);
    if (!decision.retry) {
      if (!response) throw thrown;
      const hintMs = "hintMs" in decision ? decision.hintMs : undefined;
      throw await createHttpError(response, transport.context(request), {
        secrets: transport.secrets,
        attempts: attempt + 1,
        advice: request.advice,
        ...(hintMs === undefined ? {} : { retryAfterMs: hintMs }),
        ...(decision.reason === "hint-too-long" ? { waitTooLong: decision.hintMs } : {}),
        ...(decision.reason === "patience" ? { patienceMs: retry.maxElapsedMs } : {}),
      });
    }
    await response?.body?.cancel().catch(() => {});
    if (recover && !request.op.idempotent && mayHaveActed(failure!)) {
      mayHaveApplied = true;
      const found = await recover();
      if (found !== undefined) return found;
    }
    await waitBeforeRetry(transport, request, decision.delayMs);
  }
}
