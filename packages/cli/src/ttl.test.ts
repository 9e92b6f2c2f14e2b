import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { parseTtl } from "./ttl.js";

describe("parseTtl", () => {
  it("takes whole seconds and s/m/h/d durations, combined too", () => {
    expect(parseTtl("90")).toBe(90);
    expect(parseTtl("30s")).toBe(30);
    expect(parseTtl("5m")).toBe(300);
    expect(parseTtl("1h")).toBe(3600);
    expect(parseTtl("2d")).toBe(172_800);
    expect(parseTtl("1h30m")).toBe(5400);
  });

  it("refuses what the API would refuse, or what is not a duration", () => {
    for (const bad of ["0", "0s", "1.5h", "-5", "5x", "", "9223372037"]) {
      expect(() => parseTtl(bad)).toThrow(InvalidArgumentError);
    }
  });
});
