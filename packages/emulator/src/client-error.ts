import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { buildErrorEnvelope, kvErrorForStatus } from "@telnyx-kv/core/protocol";

/**
 * Answers requests node's HTTP parser refused (oversized headers, malformed request lines, timeouts) with
 * the usual error envelope instead of node's bare status line.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const detail =
    status === 431
      ? "The request headers are too large."
      : status === 408
        ? "The request took too long to arrive."
        : "The request is not valid HTTP/1.1.";
  // 431 is not in the catalogue; kvErrorForStatus gives it the catalogue's fallback for a refused request.
  const body = JSON.stringify(buildErrorEnvelope(kvErrorForStatus(status), detail));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`,
  );
}
