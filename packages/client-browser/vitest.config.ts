import { createServer } from "node:net";
import { CHROMIUM_ARGS, ensureChromium } from "@telnyx-kv/test-chromium";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { proxyMiddleware, setFaults } from "./test/servers.js";

// CHROMIUM_PATH, Debian's Chromium or one playwright-core already has, never a download; on a fresh machine
// (root with apt-get) Debian's is installed first, so the README's test command needs no other step.
const chromiumPath = ensureChromium();

/** A port the OS hands out for 127.0.0.1 (Vitest reads `0` as "use the default", so ask for one first). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const apiPort = await freePort();

export default defineConfig({
  plugins: [
    {
      name: "telnyx-kv-test-proxy",
      configureServer(server) {
        server.middlewares.use(proxyMiddleware);
      },
    },
  ],
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: chromiumPath,
          args: [...CHROMIUM_ARGS],
        },
      }),
      instances: [{ browser: "chromium" }],
      // The page's server, like every test server here: loopback only, on a free port.
      api: { host: "127.0.0.1", port: apiPort, strictPort: false },
      commands: { setFaults },
    },
  },
});
