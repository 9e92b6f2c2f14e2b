import type { IncomingMessage, ServerResponse } from "node:http";
import { KV_ERRORS } from "@telnyx-kv/core/protocol";
import { isUpstreamReset, type KvProxyRefusal, redactRefusal, refusal, refusalResponse } from "./answer.js";
import { discardRequestBody, requestBodyStream } from "./node-body.js";
import { rawPathRefusal } from "./path.js";

/** A `node:http` request listener. */
export type KvNodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Told of each answer the adapter gives itself (method, raw path without the query); returns what to answer. */
export type KvNodeRefusalListener = (method: string, path: string, refused: KvProxyRefusal) => KvProxyRefusal;

/**
 * Adapts a web `(Request) => Promise<Response>` handler to `node:http`, streaming both bodies. `secrets`
 * (the API key) are redacted from the raw-path refusals it answers itself. @default secrets: []
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
  onRefusal?: KvNodeRefusalListener,
  secrets: readonly string[] = [],
): KvNodeHandler {
  return (req, res) => {
    serve(handler, req, res, onRefusal, secrets).catch(() => {
      // Only a bug or a vanished client lands here; never leave the client hanging.
      if (!res.headersSent) {
        const failed = refusal(KV_ERRORS.unexpected, "The proxy failed to answer.");
        const answer = onRefusal?.(req.method ?? "GET", pathOf(req.url), failed) ?? failed;
        writeResponse(refusalResponse(answer), req, res).catch(() => res.destroy());
      } else res.destroy();
    });
  };
}

function pathOf(target: string | undefined): string {
  const raw = target ?? "/";
  const query = raw.indexOf("?");
  return query === -1 ? raw : raw.slice(0, query);
}

async function serve(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  onRefusal: KvNodeRefusalListener | undefined,
  secrets: readonly string[],
): Promise<void> {
  const target = req.url ?? "/";
  // Checked raw, before the URL parser would quietly resolve `..` or turn `\` into `/`.
  const refused = rawPathRefusal(pathOf(target), secrets);
  if (refused) {
    const answer =
      onRefusal?.(req.method ?? "GET", pathOf(target), refused) ?? redactRefusal(refused, secrets);
    return writeResponse(refusalResponse(answer), req, res);
  }
  let url: URL;
  try {
    url = new URL(target, `http://${req.headers.host ?? "localhost"}`);
  } catch {
    url = new URL(target, "http://localhost");
  }
  const controller = new AbortController();
  // The client left: stop talking to the API on its behalf.
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD" && requestHasBody(req);
  const request = new Request(url, {
    method,
    headers: toHeaders(req),
    signal: controller.signal,
    ...(hasBody ? { body: requestBodyStream(req), duplex: "half" } : {}),
  } as RequestInit);
  await writeResponse(await handler(request), req, res);
}

function requestHasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return length !== undefined ? length !== "0" : req.headers["transfer-encoding"] !== undefined;
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** Writes a web Response to `res`, streaming its body with backpressure; a broken upstream body resets. */
async function writeResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.once("finish", () => discardRequestBody(req));
  if (isUpstreamReset(response) || res.destroyed) {
    // The API connection broke after the request left: reset ours too, so the client treats the
    // outcome as unknown exactly as it would talking to the API directly.
    await response.body?.cancel().catch(() => {});
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (!response.body || req.method === "HEAD") {
    await response.body?.cancel().catch(() => {});
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const stop = () => reader.cancel().catch(() => {});
  res.once("close", stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    // Ending normally would hand the client a truncated value as if it were whole.
    res.destroy();
  } finally {
    res.off("close", stop);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      res.off("close", onClose);
      resolve();
    };
    const onClose = () => {
      res.off("drain", onDrain);
      reject(new Error("The client closed the connection."));
    };
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}
