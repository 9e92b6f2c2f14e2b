import { createServer, request as httpRequest, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { createKvClient } from "@telnyx-kv/core";

/** A `node:http` server on 127.0.0.1 and a free port, closed by the test. */
export interface TestServer {
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Listens with `listener` on 127.0.0.1, port 0. */
export async function listen(listener: RequestListener): Promise<TestServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One raw HTTP exchange: the path goes on the wire exactly as given (fetch would normalise it). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends `path` verbatim; resolves with the answer, or `{ status: 0 }` when the connection was reset. */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", () => resolve({ status: 0, headers: {}, body: Buffer.alloc(0) }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE")
        resolve({ status: 0, headers: {}, body: Buffer.alloc(0) });
      else reject(error);
    });
    req.end(options.body);
  });
}

/** The first error of an envelope body. */
export function envelopeError(body: Buffer | string): { code?: string; title?: string; detail?: string } {
  const parsed = JSON.parse(body.toString()) as {
    errors: Array<{ code?: string; title?: string; detail?: string }>;
  };
  return parsed.errors[0] ?? {};
}

/** Creates a ready namespace directly on the emulator with the server's key, returning its id. */
export async function createNamespace(emulatorUrl: string, apiKey: string, name: string): Promise<string> {
  const kv = createKvClient({ baseUrl: emulatorUrl, apiKey });
  const created = await kv.namespaces.create(name);
  await kv.namespaces.waitUntilReady(created.id, { intervalMs: 5 });
  return created.id;
}

/** Every byte value, then some, for byte-exact round trips. */
export function binaryValue(size = 4096): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: size }, (_, index) => (index * 31 + (index >> 8)) & 0xff);
}
