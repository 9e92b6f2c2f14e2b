import { defineClientConformance } from "@telnyx-kv/conformance";
import { describe, inject } from "vitest";
import { commands } from "vitest/browser";
import { createKvClient } from "../src/index.js";

declare module "vitest/browser" {
  interface BrowserCommands {
    setFaults(faults: unknown): Promise<void>;
  }
}

// Runs in headless Chromium: the page's origin differs from the emulator's, so every call crosses CORS.
describe("client-browser → emulator over CORS (API key mode)", () => {
  defineClientConformance({
    name: "client-browser (cors)",
    createClient: (options) =>
      createKvClient({ ...options, baseUrl: inject("emulatorUrl"), dangerouslyAllowApiKeyInBrowser: true }),
    setFaults: (faults) => commands.setFaults(faults),
  });
});

describe("client-browser → emulator over CORS (token provider mode)", () => {
  defineClientConformance({
    name: "client-browser (getToken)",
    createClient: ({ apiKey, ...options }) =>
      createKvClient({ ...options, baseUrl: inject("emulatorUrl"), getToken: async () => apiKey }),
    usesApiKey: false,
  });
});

// Same origin as the page: the Vite test server mounts client-node's createKvProxy at /kv.
describe("client-browser → client-node proxy → emulator", () => {
  defineClientConformance({
    name: "client-browser (proxy)",
    createClient: ({ apiKey: _ignored, ...options }) => createKvClient({ ...options, baseUrl: "/kv" }),
    setFaults: (faults) => commands.setFaults(faults),
    sharedAccount: true,
    usesApiKey: false,
  });
});
