import type { OutgoingHttpHeaders } from "node:http";
import { KV_ERRORS, type KvErrorName, type KvErrorSpec } from "@telnyx-kv/core/protocol";

/**
 * An error answer, thrown by a handler or a pipeline stage and sent by the pipeline as the error envelope
 * (`buildErrorEnvelope(entry, detail)`), so no caller has to remember to stop after answering.
 */
export class KvProblem extends Error {
  constructor(
    /** The catalogue entry: status, Telnyx code and title. */
    readonly entry: KvErrorSpec,
    /** What was wrong and how to fix the request. */
    readonly detail: string,
    /** Headers the answer carries besides the usual ones (`allow`, `x-ratelimit-*`). */
    readonly headers?: OutgoingHttpHeaders,
  ) {
    super(`${entry.status} ${entry.title}: ${detail}`);
    this.name = "KvProblem";
  }
}

/** The problem of catalogue entry `name` (see `KV_ERRORS`), to throw. */
export function problem(name: KvErrorName, detail: string, headers?: OutgoingHttpHeaders): KvProblem {
  return new KvProblem(KV_ERRORS[name], detail, headers);
}
