/**
 * `@telnyx-kv/client-node/otel`: turns the client's tracing channels into OpenTelemetry spans. One CLIENT span
 * per public call, named `telnyx_kv.<operation>`, with each HTTP attempt as a span event; attributes follow the
 * database semantic conventions where they fit. Keys and prefixes are recorded only when asked for.
 */
import { context, type Span, SpanKind, SpanStatusCode, type TracerProvider, trace } from "@opentelemetry/api";
import {
  type KvOperationTraceContext,
  type KvRequestTraceContext,
  operationChannel,
  requestChannel,
} from "../tracing-channels.js";
import { attemptAttributes, errorType, operationAttributes, serverAttributes } from "./attributes.js";

/** Options of {@link registerKvTracing}. */
export interface KvTracingOptions {
  /** Where spans go. @default the global tracer provider (`trace.getTracerProvider()`) */
  tracerProvider?: TracerProvider;
  /** Records keys and prefixes as attributes (`telnyx_kv.key`, `telnyx_kv.prefix`) and full URLs on attempts; keys can hold personal data. @default false */
  recordKeys?: boolean;
}

/** The tracer's instrumentation scope name. */
const SCOPE = "@telnyx-kv/client-node";

/**
 * Subscribes to `telnyx-kv:operation` and `telnyx-kv:request` and records one span per operation with its
 * attempts as events. Returns the function that unsubscribes (later calls make no spans; calling it twice is safe).
 * Where this Node has no tracing channels (before 18.19) nothing is recorded and the function does nothing.
 */
export function registerKvTracing(options: KvTracingOptions = {}): () => void {
  const operations = operationChannel;
  const requests = requestChannel;
  if (operations === undefined || requests === undefined) return () => {};
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const recordKeys = options.recordKeys ?? false;
  // Each operation's open span, found by its trace context: an attempt's context names it as `parent`.
  const spans = new WeakMap<object, Span>();
  const serverSet = new WeakSet<Span>();

  // Published synchronously in the caller's turn, so the active context is the caller's: the span's parent.
  const onStart = (message: unknown): void => {
    const operation = message as KvOperationTraceContext;
    const span = tracer.startSpan(
      `telnyx_kv.${operation.operation}`,
      { kind: SpanKind.CLIENT, attributes: operationAttributes(operation, recordKeys) },
      context.active(),
    );
    spans.set(operation, span);
  };
  const endSpan = (operation: KvOperationTraceContext): void => {
    const span = spans.get(operation);
    if (span === undefined) return;
    spans.delete(operation);
    span.setAttributes(operationAttributes(operation, recordKeys));
    if (operation.outcome === "error" || operation.error !== undefined) {
      span.setAttribute("error.type", errorType(operation.error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(operation.error) });
    }
    span.end();
  };
  // A call that threw before returning its promise has no async half: its span ends at `end`.
  const onEnd = (message: unknown): void => {
    const operation = message as KvOperationTraceContext;
    if (operation.error !== undefined && !("result" in operation)) endSpan(operation);
  };
  const onAsyncEnd = (message: unknown): void => endSpan(message as KvOperationTraceContext);
  const onAttempt = (message: unknown): void => {
    const attempt = message as KvRequestTraceContext;
    const span = attempt.parent === undefined ? undefined : spans.get(attempt.parent);
    if (span === undefined) return;
    if (!serverSet.has(span)) {
      serverSet.add(span);
      span.setAttributes(serverAttributes(attempt.url));
    }
    if (attempt.status !== undefined) span.setAttribute("http.response.status_code", attempt.status);
    span.addEvent("telnyx_kv.attempt", attemptAttributes(attempt, recordKeys));
  };

  operations.start.subscribe(onStart);
  operations.end.subscribe(onEnd);
  operations.asyncEnd.subscribe(onAsyncEnd);
  requests.asyncEnd.subscribe(onAttempt);
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    operations.start.unsubscribe(onStart);
    operations.end.unsubscribe(onEnd);
    operations.asyncEnd.unsubscribe(onAsyncEnd);
    requests.asyncEnd.unsubscribe(onAttempt);
  };
}

/** An error's message for the span status; the client's errors never carry a secret. */
function errorMessage(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
