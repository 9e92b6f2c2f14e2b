/** The seam around each attempt: what a pacer, a logger or a tracer sees, and when. */
import type { KvError } from "./errors.js";

/** One attempt of a call, as the hooks see it (the same object for every attempt of one call). */
export interface KvAttemptInfo {
  /** The operation from the protocol table: its `name` (such as `keys.put`) and HTTP `method`. */
  readonly op: { readonly name: string; readonly method: string };
  /** 0 for a call's first attempt, 1 for its first retry, and so on. */
  readonly attempt: number;
  /** Epoch ms after which the call starts no retry: a hook that holds the attempt back lets it go by then. */
  readonly deadline: number;
  /** The namespace the call concerns, when it concerns one. */
  readonly namespaceId?: string | undefined;
  /** The key the call concerns, when it concerns one. */
  readonly key?: string | undefined;
  /** The caller's signal: a hook that waits gives up when it fires. */
  readonly signal?: AbortSignal | undefined;
}

/** How one attempt ended: an answer (any status, body unread) or a typed error, and when it was sent. */
export type KvAttemptOutcome =
  | { readonly response: Response; readonly error?: undefined; readonly sentAt: number }
  | { readonly response?: undefined; readonly error: KvError; readonly sentAt: number };

/** Hooks around every attempt of a client, in the order given (ky's `beforeRequest` / `afterResponse` are the model). */
export interface KvAttemptHooks {
  /** Before each attempt; a returned promise holds the attempt back until it settles (a rejection ends the call). */
  beforeAttempt?(info: KvAttemptInfo): void | Promise<void>;
  /** After each attempt, with its outcome. Must not read the response body. */
  afterAttempt?(info: KvAttemptInfo, outcome: KvAttemptOutcome): void;
}
