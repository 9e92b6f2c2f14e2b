import { describe, expect, it } from "vitest";
import { type ChromiumProbe, ensureChromium, findChromium, SYSTEM_CHROMIUM } from "./find-chromium.js";

/** A machine with the given executables; `install` adds Debian's chromium when `installs` is true. */
function machine(options: {
  files?: string[];
  env?: Record<string, string>;
  playwright?: string[];
  canInstall?: boolean;
  installs?: boolean;
}): ChromiumProbe & { installs: number } {
  const files = new Set(options.files ?? []);
  return {
    installs: 0,
    env: options.env ?? {},
    exists: (path) => files.has(path),
    playwrightBrowsers: () => options.playwright ?? [],
    canInstall: () => options.canInstall ?? false,
    install() {
      this.installs += 1;
      if (options.installs === false) throw new Error("E: Unable to locate package chromium");
      if (options.installs) files.add(SYSTEM_CHROMIUM);
    },
  };
}

describe("findChromium", () => {
  it("prefers CHROMIUM_PATH, then Debian's chromium, then a browser playwright-core has", () => {
    const all = ["/opt/chrome", SYSTEM_CHROMIUM, "/pw/chrome"];
    expect(findChromium(machine({ files: all, env: { CHROMIUM_PATH: "/opt/chrome" } }))).toBe("/opt/chrome");
    expect(findChromium(machine({ files: all, playwright: ["/pw/chrome"] }))).toBe(SYSTEM_CHROMIUM);
    expect(findChromium(machine({ files: ["/pw/chrome"], playwright: ["/pw/gone", "/pw/chrome"] }))).toBe(
      "/pw/chrome",
    );
    expect(findChromium(machine({}))).toBeUndefined();
  });

  it("refuses a CHROMIUM_PATH with nothing there instead of picking another browser", () => {
    const probe = machine({ files: [SYSTEM_CHROMIUM], env: { CHROMIUM_PATH: "/nope/chrome" } });
    expect(() => findChromium(probe)).toThrow(/CHROMIUM_PATH is "\/nope\/chrome".*unset it/);
  });
});

describe("ensureChromium", () => {
  it("installs Debian's chromium once when none is found and it may", () => {
    const probe = machine({ canInstall: true, installs: true });
    const lines: string[] = [];
    expect(ensureChromium(probe, (line) => lines.push(line))).toBe(SYSTEM_CHROMIUM);
    expect(probe.installs).toBe(1);
    expect(lines.join("\n")).toMatch(/installing Debian's/);
  });

  it("installs nothing when a browser is there", () => {
    const probe = machine({ files: [SYSTEM_CHROMIUM], canInstall: true, installs: true });
    expect(ensureChromium(probe, () => {})).toBe(SYSTEM_CHROMIUM);
    expect(probe.installs).toBe(0);
  });

  it("stops with one message that says how to install it when it may not install", () => {
    const probe = machine({ canInstall: false });
    expect(() => ensureChromium(probe, () => {})).toThrow(/apt-get install -y chromium.*CHROMIUM_PATH/);
    expect(probe.installs).toBe(0);
  });

  it("reports a failed install, and an install that left no browser, with the same advice", () => {
    expect(() => ensureChromium(machine({ canInstall: true, installs: false }), () => {})).toThrow(
      /apt-get failed \(E: Unable to locate package chromium\).*apt-get install -y chromium/,
    );
    const silent = machine({ canInstall: true });
    expect(() => ensureChromium(silent, () => {})).toThrow(/still missing.*CHROMIUM_PATH/);
    expect(silent.installs).toBe(1);
  });
});
