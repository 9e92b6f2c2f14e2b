import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A local server for the fact-check tests: its base URL and a close that ends open connections. */
export interface TestServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/v2`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A server that answers every request with `handler` (a wrong host, a captive portal, a 403…). */
export function startAnswering(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  return listen(createServer(handler));
}

/** An upstream answer the double may change before passing it on. */
export interface DoubleAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Decides what the double does with one exchange: change the answer, cut the connection, or pass it. */
export type DoubleRewrite = (
  request: { method: string; path: string; query: string; body: Buffer; headers: Record<string, string> },
  answer: DoubleAnswer,
) => DoubleAnswer | "reset" | undefined | Promise<DoubleAnswer | undefined>;

const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "expect",
]);

/** A test double in front of the emulator: forwards every request and lets `rewrite` change one answer. */
export function startDouble(upstreamOrigin: string, rewrite: DoubleRewrite): Promise<TestServer> {
  return listen(
    createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(name) && typeof value === "string") headers[name] = value;
      }
      const method = req.method ?? "GET";
      const init: RequestInit = { method, headers };
      if (chunks.length > 0) init.body = Buffer.concat(chunks);
      const upstream = await fetch(`${upstreamOrigin}${req.url}`, init);
      const answer: DoubleAnswer = {
        status: upstream.status,
        headers: Object.fromEntries(
          [...upstream.headers].filter(([name]) => name !== "content-length" && name !== "transfer-encoding"),
        ),
        body: Buffer.from(await upstream.arrayBuffer()),
      };
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const changed = await rewrite(
        {
          method,
          path: q === -1 ? url : url.slice(0, q),
          query: q === -1 ? "" : url.slice(q + 1),
          body: Buffer.concat(chunks),
          headers,
        },
        answer,
      );
      if (changed === "reset") {
        req.socket.destroy();
        return;
      }
      const out = changed ?? answer;
      res.writeHead(out.status, { ...out.headers, "content-length": String(out.body.length) });
      res.end(out.body);
    }),
  );
}
