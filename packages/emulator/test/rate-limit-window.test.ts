import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/index.js";
import { startCli } from "./cli.js";
import { Api, expectError } from "./helpers.js";
import { describeStores } from "./stores.js";

describeStores("http: rate limit with a window", (ctx) => {
  it("allows N requests per window and says so in x-ratelimit-* on every answer", async () => {
    let clock = Date.parse("2026-06-18T14:00:00Z");
    const emu = await ctx.start({ rateLimitPerMinute: 4, rateLimitWindowMs: 5000, now: () => clock });
    const api = new Api(emu);
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const ok = await api.req("GET", "/storage/kvs");
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-ratelimit-limit")).toBe("4");
      expect(ok.headers.get("x-ratelimit-reset")).toBe("5");
      remaining.push(ok.headers.get("x-ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["3", "2", "1", "0"]);
    clock += 2500;
    const limited = await api.req("GET", "/storage/kvs");
    expectError(limited, 429, "10011");
    expect(limited.headers.get("x-ratelimit-reset")).toBe("3");
    clock += 2500;
    // The 5 s window is over, not a minute.
    const again = await api.req("GET", "/storage/kvs");
    expect(again.status).toBe(200);
    expect(again.headers.get("x-ratelimit-remaining")).toBe("3");
  });
});

describe("rateLimitWindowMs", () => {
  it.each([0, -5, 1.5, Number.NaN])("refuses %s with a TypeError naming the option", async (value) => {
    await expect(startEmulator({ port: 0, rateLimitPerMinute: 1, rateLimitWindowMs: value })).rejects.toThrow(
      /rateLimitWindowMs/,
    );
  });
});

describe("telnyx-kv-emulator --rate-limit N/WINDOW", () => {
  it("serves N requests per window and reports the window's length in x-ratelimit-reset", async () => {
    const cli = await startCli(["--memory", "--port", "0", "--quiet", "--rate-limit", "2/3s"]);
    try {
      const api = new Api(cli);
      const first = await api.req("GET", "/storage/kvs");
      expect(first.status).toBe(200);
      expect(first.headers.get("x-ratelimit-limit")).toBe("2");
      expect(first.headers.get("x-ratelimit-reset")).toBe("3");
      expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
      const limited = await api.req("GET", "/storage/kvs");
      expectError(limited, 429, "10011");
      expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeLessThanOrEqual(3);
    } finally {
      cli.child.kill("SIGTERM");
      await cli.exited;
    }
  });
});
