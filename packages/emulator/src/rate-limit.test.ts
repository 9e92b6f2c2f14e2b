import { describe, expect, it } from "vitest";
import { parseCli } from "./cli-args.js";
import { parseRateLimit, RateWindow } from "./rate-limit.js";

describe("RateWindow", () => {
  it("allows `limit` requests per window and reports the window in x-ratelimit-* headers", () => {
    let clock = 1_000_000;
    const rateWindow = new RateWindow(3, () => clock, 5000);
    const seen = [1, 2, 3, 4].map(() => rateWindow.take("a"));
    expect(seen.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(seen.map((decision) => decision.headers["x-ratelimit-remaining"])).toEqual(["2", "1", "0", "0"]);
    expect(seen[0]!.headers).toMatchObject({ "x-ratelimit-limit": "3", "x-ratelimit-reset": "5" });
    // Another account has its own window.
    expect(rateWindow.take("b").allowed).toBe(true);
    clock += 3200;
    // Seconds until the window ends, rounded up: 1.8 s → 2.
    expect(rateWindow.take("a").headers["x-ratelimit-reset"]).toBe("2");
    clock += 1799;
    expect(rateWindow.take("a")).toMatchObject({ allowed: false, headers: { "x-ratelimit-reset": "1" } });
    clock += 1;
    expect(rateWindow.take("a")).toMatchObject({
      allowed: true,
      headers: { "x-ratelimit-remaining": "2", "x-ratelimit-reset": "5" },
    });
  });

  it("keeps a one-minute window by default", () => {
    let clock = 0;
    const rateWindow = new RateWindow(1, () => clock);
    expect(rateWindow.take("a").headers["x-ratelimit-reset"]).toBe("60");
    clock += 59_999;
    expect(rateWindow.take("a").allowed).toBe(false);
    clock += 1;
    expect(rateWindow.take("a").allowed).toBe(true);
  });
});

describe("parseRateLimit", () => {
  it("reads N as per minute and N/WINDOW with ms, s, m or h", () => {
    expect(parseRateLimit("60")).toEqual({ limit: 60, windowMs: 60_000 });
    expect(parseRateLimit("60/5s")).toEqual({ limit: 60, windowMs: 5000 });
    expect(parseRateLimit("10/500ms")).toEqual({ limit: 10, windowMs: 500 });
    expect(parseRateLimit("1000/1m")).toEqual({ limit: 1000, windowMs: 60_000 });
    expect(parseRateLimit("5/s")).toEqual({ limit: 5, windowMs: 1000 });
    expect(parseRateLimit("3/1.5s")).toEqual({ limit: 3, windowMs: 1500 });
    expect(parseRateLimit("9000/1h")).toEqual({ limit: 9000, windowMs: 3_600_000 });
  });

  it.each(["0", "-1", "1.5", "60/", "60/5", "60/0s", "60/5d", "a/5s", "", "60 /5s"])(
    "refuses %j with a message showing the forms",
    (raw) => {
      expect(parseRateLimit(raw)).toMatch(/--rate-limit expects N or N\/WINDOW .* got/);
    },
  );

  it("is what --rate-limit gives the emulator", () => {
    expect(parseCli(["--memory", "--rate-limit", "60/5s"], "/tmp")).toMatchObject({
      kind: "run",
      options: { rateLimitPerMinute: 60, rateLimitWindowMs: 5000 },
    });
    expect(parseCli(["--memory", "--rate-limit", "100"], "/tmp")).toMatchObject({
      kind: "run",
      options: { rateLimitPerMinute: 100, rateLimitWindowMs: 60_000 },
    });
    const bad = parseCli(["--memory", "--rate-limit", "60/soon"], "/tmp");
    expect(bad).toMatchObject({ kind: "error" });
    expect(bad.kind === "error" && bad.message).toContain('got "60/soon"');
  });
});
