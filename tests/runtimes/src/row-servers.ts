import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Emulator, type EmulatorFaults, startEmulator } from "@telnyx-kv/emulator";
import type { HarnessConfig, MatrixPackage } from "./protocol.js";

/** The page Chromium loads: the bundled harness, same origin as the faults control. */
const PAGE =
  '<!doctype html><meta charset="utf-8"><title>kv matrix</title><script type="module" src="/page.js"></script>';

/** What one matrix row talks to: its own emulators (faults are server-wide) and the control server. */
export interface RowServers {
  config: HarnessConfig;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

/** Starts a row's emulators on loopback and a control server that sets faults and serves the page. */
export async function startRowServers(pkg: MatrixPackage, pageScript: string): Promise<RowServers> {
  // The token-list emulator accepts one token, so any other (this one) is refused.
  const acceptedToken = "matrix-accepted-token-0123456789";
  const refusedToken = "matrix-refused-token-0123456789";
  const emulator: Emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
  const auth: Emulator = await startEmulator({ host: "127.0.0.1", port: 0, tokens: [acceptedToken] });
  const control = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/faults") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        try {
          emulator.setFaults((JSON.parse(body) as EmulatorFaults | null) ?? undefined);
          res.writeHead(204).end();
        } catch (error) {
          res.writeHead(400, { "content-type": "text/plain" }).end(String(error));
        }
      });
    } else if (req.method === "GET" && req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    } else if (req.method === "GET" && req.url === "/page.js") {
      readFile(pageScript).then(
        (script) => res.writeHead(200, { "content-type": "text/javascript" }).end(script),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  const controlUrl = await listen(control);
  return {
    config: {
      package: pkg,
      emulatorUrl: emulator.url,
      authUrl: auth.url,
      refusedToken,
      controlUrl,
    },
    async close() {
      control.closeAllConnections();
      await new Promise((resolve) => control.close(resolve));
      await Promise.all([emulator.close(), auth.close()]);
    },
  };
}
