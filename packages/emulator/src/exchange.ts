import { randomUUID } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { buildErrorEnvelope, type KvErrorSpec } from "@telnyx-kv/core/protocol";
import { PACKAGE_VERSION } from "./version.js";

const SERVER_HEADER = `telnyx-kv-emulator/${PACKAGE_VERSION}`;

/** One request and its answer: headers every answer carries, what the request addressed, and reply helpers. */
export class Exchange {
  /** Headers added to whatever answer is sent (request id, CORS, rate limit). */
  readonly headers: OutgoingHttpHeaders;
  /** Account (token hash) once authenticated. */
  account = "";
  /** Namespace the request addressed, for request records. */
  namespaceId: string | undefined;
  /** Key the request addressed, for request records. */
  key: string | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** Whether the client waits for `100 Continue` before sending a body. */
    readonly expectsContinue = false,
  ) {
    this.headers = { "x-request-id": randomUUID(), server: SERVER_HEADER };
  }

  /** Whether an answer was already started (or the socket is gone), so nothing more may be sent. */
  get done(): boolean {
    return this.res.headersSent || this.res.destroyed;
  }

  /** Sends a JSON body. */
  json(status: number, body: unknown): void {
    const text = JSON.stringify(body);
    this.headers["content-type"] = "application/json";
    this.headers["content-length"] = Buffer.byteLength(text);
    this.res.writeHead(status, this.headers);
    this.res.end(text);
  }

  /** Sends the error envelope of a catalogue entry with a detail that says how to fix the request. */
  error(entry: KvErrorSpec, detail: string, extra?: OutgoingHttpHeaders): void {
    if (this.done) return;
    if (extra) Object.assign(this.headers, extra);
    this.json(entry.status, buildErrorEnvelope(entry, detail));
  }

  /** Sends a status with no body. */
  empty(status: number): void {
    this.headers["content-length"] = 0;
    this.res.writeHead(status, this.headers);
    this.res.end();
  }

  /** Sends raw bytes with their content type. */
  bytes(status: number, contentType: string, body: Buffer): void {
    this.headers["content-type"] = contentType;
    this.headers["content-length"] = body.length;
    this.res.writeHead(status, this.headers);
    this.res.end(body);
  }
}
