import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { proxyMiddleware, setFaults } from "./test/servers.js";

// Debian's Chromium, never a downloaded browser; the flags keep it off the (closed) network at start.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

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
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      }),
      instances: [{ browser: "chromium" }],
      commands: { setFaults },
    },
  },
});
