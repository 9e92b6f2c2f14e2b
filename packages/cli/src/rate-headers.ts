import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readRateLimitHeaders } from "@telnyx-kv/client-node";
import type { CliBudgetReading } from "./rate-meter.js";

// undici (the client's HTTP stack, and Node's own fetch) announces every answer's headers on this channel.
// Listening there sees the budget the API reports without changing how requests are sent.
const HEADERS_CHANNEL = "undici:request:headers";

interface HeadersMessage {
  request: { origin?: string | URL };
  response: { headers: Array<Buffer | string> };
}

/** The `get` of a Headers object over undici's raw `[name, value, name, value…]` list. */
function rawHeaders(raw: Array<Buffer | string>): { get(name: string): string | null } {
  return {
    get(name) {
      for (let i = 0; i + 1 < raw.length; i += 2) {
        if (String(raw[i]).toLowerCase() === name) return String(raw[i + 1]);
      }
      return null;
    },
  };
}

/**
 * Calls `onReading` with the `x-ratelimit-*` budget of every answer from `baseUrl`'s origin, until the
 * returned function is called. Answers without the headers are skipped.
 */
export function watchBudget(baseUrl: string, onReading: (reading: CliBudgetReading) => void): () => void {
  const origin = new URL(baseUrl).origin;
  const listener = (message: unknown) => {
    const { request, response } = message as HeadersMessage;
    if (request.origin === undefined || new URL(String(request.origin)).origin !== origin) return;
    const reading = readRateLimitHeaders(rawHeaders(response.headers));
    if (reading) onReading(reading);
  };
  subscribe(HEADERS_CHANNEL, listener);
  return () => unsubscribe(HEADERS_CHANNEL, listener);
}
