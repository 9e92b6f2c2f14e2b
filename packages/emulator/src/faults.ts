import type { OutgoingHttpHeaders } from "node:http";
import { type KvErrorName, rateLimitHeaders } from "@telnyx-kv/core/protocol";
import { type KvProblem, problem } from "./problem.js";

/** The emulator's own per-request fault header (`503`, `reset`, `latency=250`, comma-separated); CORS lets browsers send it. */
export const FAULT_HEADER = "x-telnyx-kv-emulator-fault";

/** Kinds of injected failure; `reset` destroys the connection without an answer. */
export type EmulatorFailureKind = "500" | "502" | "503" | "408" | "429" | "reset";

/** Every failure kind, the default pool of random failures. */
export const FAILURE_KINDS: readonly EmulatorFailureKind[] = ["500", "502", "503", "408", "429", "reset"];

/** Faults injected into answers, set at start and changeable while the server runs. */
export interface EmulatorFaults {
  /** Delay added to every answer, ms. @default 0 */
  latencyMs?: number;
  /** Plus a uniform random delay from 0 to this, ms. @default 0 */
  jitterMs?: number;
  /** Fraction (0..1) of requests answered with an injected failure instead of being applied. @default 0 */
  failureRate?: number;
  /** Kinds picked uniformly for random failures. @default every kind */
  failureKinds?: EmulatorFailureKind[];
}

/** What to do to one request before it is applied. */
export interface FaultPlan {
  delayMs: number;
  failure: EmulatorFailureKind | undefined;
}

/** The catalogue entry of each injected failure, so clients see the envelopes Telnyx sends. */
export const FAILURE_ERRORS: Readonly<Record<Exclude<EmulatorFailureKind, "reset">, KvErrorName>> = {
  "500": "unexpected",
  "502": "badGateway",
  "503": "serviceUnavailable",
  "408": "requestTimeout",
  "429": "tooManyRequests",
};

/** Headers of an injected 429, shaped like a real rate-limit answer. */
export function injected429Headers(limit: number | undefined): OutgoingHttpHeaders {
  return rateLimitHeaders(limit ?? 1000, 0, 1);
}

/** The problem an injected failure answers with; `rateLimit` fills an injected 429's `x-ratelimit-limit`. */
export function injectedFailure(kind: Exclude<EmulatorFailureKind, "reset">, rateLimit?: number): KvProblem {
  return problem(
    FAILURE_ERRORS[kind],
    "Injected by the emulator's fault settings; nothing was applied.",
    kind === "429" ? injected429Headers(rateLimit) : undefined,
  );
}

/** The reason a fault configuration is unusable, or `undefined`. */
export function faultsProblem(faults: EmulatorFaults | undefined): string | undefined {
  if (!faults) return undefined;
  const { latencyMs = 0, jitterMs = 0, failureRate = 0, failureKinds } = faults;
  if (!(latencyMs >= 0) || !(jitterMs >= 0)) return "latencyMs and jitterMs are non-negative numbers";
  if (!(failureRate >= 0 && failureRate <= 1)) return "failureRate is a number from 0 to 1";
  if (failureKinds?.some((kind) => !FAILURE_KINDS.includes(kind))) {
    return `failureKinds may contain only ${FAILURE_KINDS.join(", ")}`;
  }
  if (failureKinds && failureKinds.length === 0 && failureRate > 0) return "failureKinds is empty";
  return undefined;
}

/** Decides a request's faults from the configuration and the per-request header; a string is a bad header. */
export function planFaults(
  faults: EmulatorFaults | undefined,
  header: string | undefined,
): FaultPlan | string {
  let delayMs = 0;
  let failure: EmulatorFailureKind | undefined;
  if (faults) {
    delayMs = (faults.latencyMs ?? 0) + (faults.jitterMs ? Math.random() * faults.jitterMs : 0);
    if (faults.failureRate && Math.random() < faults.failureRate) {
      const kinds = faults.failureKinds?.length ? faults.failureKinds : FAILURE_KINDS;
      failure = kinds[Math.floor(Math.random() * kinds.length)];
    }
  }
  if (header !== undefined) {
    // The header overrides the random plan, so a test gets exactly the fault it asked for.
    failure = undefined;
    for (const part of header.split(",")) {
      const item = part.trim();
      if (item.startsWith("latency=")) {
        const ms = Number(item.slice(8));
        if (!Number.isFinite(ms) || ms < 0 || ms > 600_000) return `bad latency in "${item}"`;
        delayMs = ms;
      } else if ((FAILURE_KINDS as readonly string[]).includes(item)) {
        failure = item as EmulatorFailureKind;
      } else {
        return `unknown fault "${item.slice(0, 40)}"`;
      }
    }
  }
  return { delayMs, failure };
}
