/**
 * The `telnyx-kv:request` channel, fed by an attempt hook on core's transport seam (and by the proxy, for each
 * request it forwards): one trace per HTTP attempt, published by hand as `tracePromise` would (start and end
 * when the attempt leaves, then error when it got no answer, asyncStart and asyncEnd when it is over). With no
 * subscriber the hook returns at its first line.
 */
import { Buffer } from "node:buffer";
import {
  type KvAttemptHooks,
  type KvAttemptInfo,
  type KvAttemptOutcome,
  KvNetworkError,
} from "@telnyx-kv/core";
import { readRateLimitHeaders } from "@telnyx-kv/core/protocol";
import { reachedServer, redactUrl } from "@telnyx-kv/core/transport";
import { operationOf } from "./operation-scope.js";
import { isTraced, type KvRequestTraceContext, requestChannel } from "./tracing-channels.js";

/** What the hook reads of the request beyond `KvAttemptInfo`: core hands hooks the request itself. */
interface KvRequestShape extends KvAttemptInfo {
  readonly path?: string;
  readonly body?: unknown;
  readonly json?: unknown;
}

/** Bytes of a request body as sent: strings as UTF-8, JSON as its text; `undefined` for a stream. */
function bodySize(request: KvRequestShape): number | undefined {
  const { body, json } = request;
  if (json !== undefined) return Buffer.byteLength(JSON.stringify(json));
  if (body === undefined || body === null) return 0;
  if (typeof body === "string") return Buffer.byteLength(body);
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) return body.byteLength;
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.size;
  return undefined;
}

function completeFromResponse(context: KvRequestTraceContext, response: Response): void {
  context.status = response.status;
  const requestId = response.headers.get("x-request-id");
  if (requestId !== null) context.requestId = requestId;
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length)) context.bytesReceived = length;
  const reading = readRateLimitHeaders(response.headers);
  if (reading)
    context.rateLimit = { limit: reading.limit, remaining: reading.remaining, resetMs: reading.resetMs };
}

/** Publishes the start of an attempt (`start`, then `end`: the attempt has left). */
function publishStart(channel: NonNullable<typeof requestChannel>, context: KvRequestTraceContext): void {
  channel.start.publish(context);
  channel.end.publish(context);
}

/** Publishes how an attempt ended: its answer, or (with `error` first) what it got instead. */
function publishOutcome(
  channel: NonNullable<typeof requestChannel>,
  context: KvRequestTraceContext,
  outcome: { response?: Response | undefined; error?: unknown },
): void {
  if (outcome.response) {
    completeFromResponse(context, outcome.response);
  } else {
    context.error = outcome.error;
    channel.error.publish(context);
  }
  channel.asyncStart.publish(context);
  channel.asyncEnd.publish(context);
}

/**
 * Sends one request the proxy forwards as one `telnyx-kv:request` trace (`context` says what it concerns, with
 * `via: "proxy"`); the caller checks `isTraced(requestChannel)` first. A forward that got no answer is traced
 * with a `KvNetworkError` of its own: what `fetch` threw is the caller's to handle, and it may quote the request.
 */
export async function traceForward(
  context: KvRequestTraceContext,
  send: () => Promise<Response>,
): Promise<Response> {
  const channel = requestChannel;
  if (channel === undefined) return send();
  publishStart(channel, context);
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    const fields = { operation: context.operation, reachedServer: reachedServer(error) };
    const noAnswer = new KvNetworkError("The proxy got no answer from the KV API.", {
      ...fields,
      ...(context.namespaceId === undefined ? {} : { namespaceId: context.namespaceId }),
      ...(context.key === undefined ? {} : { key: context.key }),
    });
    publishOutcome(channel, context, { error: noAnswer });
    throw error;
  }
  publishOutcome(channel, context, { response });
  return response;
}

/**
 * The attempt hook behind the request channel, or `undefined` where this runtime has no tracing channels.
 * `baseUrl` is the client's normalized base URL and `secrets` what to redact from URLs (the API key).
 */
export function createRequestTracingHook(
  baseUrl: string,
  secrets: readonly string[],
): KvAttemptHooks | undefined {
  const channel = requestChannel;
  if (channel === undefined) return undefined;
  // One attempt of a request is open at a time (attempts are sequential), keyed by the request itself.
  const open = new WeakMap<KvAttemptInfo, KvRequestTraceContext>();
  return {
    beforeAttempt(info) {
      if (!isTraced(channel)) return;
      const request = info as KvRequestShape;
      const context: KvRequestTraceContext = {
        operation: info.op.name,
        method: info.op.method,
        url: redactUrl(`${baseUrl}/${request.path ?? ""}`, secrets),
        attempt: info.attempt,
      };
      if (info.namespaceId !== undefined) context.namespaceId = info.namespaceId;
      if (info.key !== undefined) context.key = info.key;
      const parent = operationOf(info.signal);
      if (parent !== undefined) context.parent = parent;
      const sent = bodySize(request);
      if (sent !== undefined) context.bytesSent = sent;
      open.set(info, context);
      publishStart(channel, context);
    },
    afterAttempt(info, outcome: KvAttemptOutcome) {
      // No context: nobody listened when the attempt left, or a hook before this one refused to send it.
      const context = open.get(info);
      if (context === undefined) return;
      open.delete(info);
      publishOutcome(channel, context, outcome);
    },
  };
}
