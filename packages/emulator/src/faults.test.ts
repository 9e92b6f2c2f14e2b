import { describe, expect, it } from "vitest";
import { faultsProblem, planFaults } from "./faults.js";

describe("faults", () => {
  it("reads the per-request header", () => {
    expect(planFaults(undefined, "503")).toEqual({ delayMs: 0, failure: "503" });
    expect(planFaults(undefined, "latency=250, reset")).toEqual({ delayMs: 250, failure: "reset" });
    expect(planFaults({ failureRate: 1 }, "latency=5")).toEqual({ delayMs: 5, failure: undefined });
    expect(typeof planFaults(undefined, "418")).toBe("string");
    expect(typeof planFaults(undefined, "latency=-1")).toBe("string");
  });

  it("fails at the configured rate with the configured kinds", () => {
    const plan = planFaults({ failureRate: 1, failureKinds: ["408"], latencyMs: 3 }, undefined);
    expect(plan).toEqual({ delayMs: 3, failure: "408" });
    expect(planFaults({ failureRate: 0 }, undefined)).toEqual({ delayMs: 0, failure: undefined });
  });

  it("validates settings", () => {
    expect(faultsProblem({ failureRate: 2 })).toBeDefined();
    expect(faultsProblem({ latencyMs: -1 })).toBeDefined();
    expect(faultsProblem({ failureKinds: ["nope" as "500"] })).toBeDefined();
    expect(faultsProblem({ failureRate: 0.5, failureKinds: ["500", "reset"] })).toBeUndefined();
  });
});
