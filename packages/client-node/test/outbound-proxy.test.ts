import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKvClient } from "../src/index.js";
import { TEST_API_KEY } from "./helpers.js";

/** A CONNECT proxy (what undici's ProxyAgent speaks) that counts the tunnels it opened. */
async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, socket, head) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("proxies", () => {
  let emulator: Emulator;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  beforeAll(async () => {
    emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    await proxy.close();
    await emulator.close();
  });

  it("sends requests through HTTP_PROXY", async () => {
    const client = createKvClient({
      apiKey: TEST_API_KEY,
      baseUrl: emulator.url,
      env: { HTTP_PROXY: proxy.url },
    });
    const before = proxy.tunnels.length;
    await client.namespaces.create("through-proxy");
    expect(proxy.tunnels.length).toBeGreaterThan(before);
    expect(proxy.tunnels.at(-1)).toBe(`127.0.0.1:${emulator.port}`);
    await client.close();
  });

  it("sends requests through the proxy option", async () => {
    const client = createKvClient({ apiKey: TEST_API_KEY, baseUrl: emulator.url, proxy: proxy.url, env: {} });
    const before = proxy.tunnels.length;
    await client.namespaces.create("through-option");
    expect(proxy.tunnels.length).toBeGreaterThan(before);
    await client.close();
  });

  it("goes direct when NO_PROXY covers the host", async () => {
    const client = createKvClient({
      apiKey: TEST_API_KEY,
      baseUrl: emulator.url,
      env: { HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" },
    });
    const before = proxy.tunnels.length;
    await client.namespaces.create("direct");
    expect(proxy.tunnels.length).toBe(before);
    await client.close();
  });
});
