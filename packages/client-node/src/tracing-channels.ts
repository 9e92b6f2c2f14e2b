/**
 * The client's two `node:diagnostics_channel` tracing channels: one trace per public call and one per HTTP
 * attempt. Where `tracingChannel` is missing (Node before 18.19, some runtimes) both are absent and every
 * call runs untraced; with no subscriber, a call checks one flag and runs as if tracing did not exist.
 */

import type { TracingChannel } from "node:diagnostics_channel";
import * as diagnostics from "node:diagnostics_channel";

/** Name of the tracing channel with one trace per public call (`get`, `putMany`, `namespaces.create`...). */
export const KV_OPERATION_CHANNEL = "telnyx-kv:operation";

/** Name of the tracing channel with one trace per HTTP attempt (a retried call has several). */
export const KV_REQUEST_CHANNEL = "telnyx-kv:request";

/** How a traced call ended: `miss` is a read that found no key, `partial` a bulk call with failed items. */
export type KvOperationOutcome = "ok" | "miss" | "partial" | "error";

/** The context of one `telnyx-kv:operation` trace; the fields after `count` are set on completion. */
export interface KvOperationTraceContext {
  /** The public call: `get`, `getJson`, `put`, `delete`, `list`, `putMany`, `namespaces.create`... */
  operation: string;
  /** The namespace the call concerns, when it concerns one. */
  namespaceId?: string;
  /** The key of a single-key call. */
  key?: string;
  /** The prefix of a listing or of `deletePrefix` (`""` for all keys). */
  prefix?: string;
  /** Items of a bulk call: known at the start for an array input, always set on completion. */
  count?: number;
  /** On completion: failed items of a bulk call. */
  failed?: number;
  /** On completion: how the call ended. */
  outcome?: KvOperationOutcome;
  /** On completion: what the call threw (a `KvError` for anything the client maps), when it threw. */
  error?: unknown;
  /** On completion: what the call resolved with (set by `tracePromise`). */
  result?: unknown;
}

/** What an answer's `x-ratelimit-*` headers said, as seen by one attempt. */
export interface KvRequestRateLimit {
  /** Requests allowed per window, when sent. */
  limit: number | undefined;
  /** Requests left in the current window. */
  remaining: number;
  /** Time until the window resets, ms. */
  resetMs: number;
}

/** The context of one `telnyx-kv:request` trace (one HTTP attempt); the fields marked "On completion" are set when it ends. */
export interface KvRequestTraceContext {
  /** The protocol operation, such as `keys.get` or `namespaces.create`. */
  operation: string;
  /** HTTP method. */
  method: string;
  /** The request URL without query, userinfo or any known secret (the same URL errors carry). */
  url: string;
  /** 0 for a call's first attempt, 1 for its first retry, and so on. */
  attempt: number;
  /** The namespace the request concerns, when it concerns one. */
  namespaceId?: string;
  /** The key the request concerns, when it concerns one. */
  key?: string;
  /** The `telnyx-kv:operation` context (the same object) of the traced call this attempt belongs to, when one is traced. */
  parent?: KvOperationTraceContext;
  /** `"proxy"` on a request the proxy forwarded for a browser client (it belongs to no operation here). */
  via?: "proxy";
  /** On completion: the answer's HTTP status (absent when no answer came: then `error` is set). */
  status?: number;
  /** On completion: the answer's `x-request-id`, when sent. */
  requestId?: string;
  /** Bytes of the request body sent (0 without a body). */
  bytesSent?: number;
  /** On completion: the answer's `Content-Length`, when sent (the body is read by the caller, later). */
  bytesReceived?: number;
  /** On completion: the account budget the answer reported, when it carried `x-ratelimit-*` headers. */
  rateLimit?: KvRequestRateLimit;
  /** On completion: the typed error of an attempt that got no answer (network, timeout, abort; a `KvNetworkError` for a proxy forward). */
  error?: unknown;
}

type Channel<C extends object> = TracingChannel<unknown, C>;

function open<C extends object>(name: string): Channel<C> | undefined {
  // A namespace import: a named import of a missing export would fail to load on old Node.
  const factory = (diagnostics as { tracingChannel?: (name: string) => Channel<C> }).tracingChannel;
  if (typeof factory !== "function") return undefined;
  try {
    return factory(name);
  } catch {
    return undefined;
  }
}

/** The operation channel, or `undefined` where this runtime has no tracing channels. */
export const operationChannel: Channel<KvOperationTraceContext> | undefined = open(KV_OPERATION_CHANNEL);

/** The request channel, or `undefined` where this runtime has no tracing channels. */
export const requestChannel: Channel<KvRequestTraceContext> | undefined = open(KV_REQUEST_CHANNEL);

/** Whether anyone listens; `TracingChannel.hasSubscribers` only exists from Node 20.13, so older ones ask each channel. */
export function isTraced(channel: Channel<object> | undefined): channel is Channel<object> {
  if (channel === undefined) return false;
  const all = (channel as { hasSubscribers?: boolean }).hasSubscribers;
  if (all !== undefined) return all;
  return (
    channel.start.hasSubscribers ||
    channel.end.hasSubscribers ||
    channel.asyncStart.hasSubscribers ||
    channel.asyncEnd.hasSubscribers ||
    channel.error.hasSubscribers
  );
}
