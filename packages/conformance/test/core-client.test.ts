import { createKvClient } from "@telnyx-kv/core";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe } from "vitest";
import { authConformance, defineClientConformance } from "../src/index.js";

// Core's own client, with the platform's global fetch, against a real emulator over loopback.
describe("@telnyx-kv/core client", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => emulator.close());

  defineClientConformance({
    name: "core",
    createClient: (options) => createKvClient({ baseUrl: emulator.url, ...options }),
    setFaults: (faults) => emulator.setFaults(faults),
  });
});

describe("@telnyx-kv/core client with a fixed token list", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ tokens: ["the-only-token"] });
  });
  afterAll(() => emulator.close());

  authConformance({
    name: "core (tokens)",
    createClient: (options) => createKvClient({ baseUrl: emulator.url, ...options }),
    refusedToken: "refused-token-0123456789",
  });
});
