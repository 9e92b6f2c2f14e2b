import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type AptSetup, aptCommand, ensureDebianPackage } from "./debian-package.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A machine with a fake apt-get that behaves like dpkg's lock: a second apt-get running at the same time
 * fails with "Could not get lock", as the real one does without a wait. `install` creates the package's tool
 * (named like the package), so two installs of different tools stay independent whichever runs first.
 */
function fakeApt(
  options: { installFails?: boolean } = {},
): AptSetup & { dir: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), "telnyx-kv-apt-"));
  dirs.push(dir);
  const bin = join(dir, "bin");
  const log = join(dir, "calls.log");
  writeFileSync(
    join(dir, "apt-get"),
    [
      "#!/bin/sh",
      `mkdir ${dir}/dpkg-lock 2>/dev/null || { echo "E: Could not get lock ${dir}/dpkg-lock" >&2; exit 100; }`,
      `trap 'rmdir ${dir}/dpkg-lock' EXIT`,
      // The last plain argument is the package (flags and -o values come before it).
      'for arg; do case "$arg" in update|install) verb=$arg;; -*) ;; *) pkg=$arg;; esac; done',
      `echo "$verb" >> ${log}`,
      "sleep 0.2",
      options.installFails
        ? '[ "$verb" = install ] && { echo "E: Unable to locate package fake-tool" >&2; exit 100; }'
        : `[ "$verb" = install ] && { mkdir -p ${bin}; printf '#!/bin/sh\\n' > ${bin}/$pkg; chmod +x ${bin}/$pkg; }`,
      "exit 0",
      "",
    ].join("\n"),
  );
  chmodSync(join(dir, "apt-get"), 0o755);
  return {
    dir,
    env: { ...process.env, PATH: [dir, bin, process.env.PATH].join(delimiter) },
    lock: join(dir, "apt.lock"),
    stamp: join(dir, "updated"),
    root: true,
    calls: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []),
  };
}

function runAsync(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "ignore" });
    child.on("error", reject);
    child.on("close", resolve);
  });
}

describe("ensureDebianPackage", () => {
  it("two installs at once (tmux and chromium under turbo) wait for each other: both succeed, one update", async () => {
    const apt = fakeApt();
    const [command, args] = aptCommand("fake-tool", "fake-tool", apt);
    const other = aptCommand("other-tool", "other-tool", apt);
    const statuses = await Promise.all([
      runAsync(command, args, apt.env ?? {}),
      runAsync(other[0], other[1], apt.env ?? {}),
    ]);
    expect(statuses).toEqual([0, 0]);
    expect(apt.calls().filter((verb) => verb === "update")).toHaveLength(1);
    expect(apt.calls().filter((verb) => verb === "install")).toHaveLength(2);
  });

  it("installs a missing tool once and returns its path; a present one installs nothing", () => {
    const apt = fakeApt();
    const lines: string[] = [];
    const path = ensureDebianPackage("fake-tool", "fake-tool", {
      who: "The tests need fake-tool",
      setup: apt,
      log: (l) => lines.push(l),
    });
    expect(path).toBe(join(apt.dir, "bin", "fake-tool"));
    expect(lines).toEqual([expect.stringMatching(/installing Debian's fake-tool/)]);
    expect(ensureDebianPackage("fake-tool", "fake-tool", { who: "x", setup: apt, log: () => {} })).toBe(path);
    expect(apt.calls()).toEqual(["update", "install"]);
  });

  it("a failing apt-get shows apt's own output in the error", () => {
    const apt = fakeApt({ installFails: true });
    expect(() =>
      ensureDebianPackage("fake-tool", "fake-tool", {
        who: "The tests need fake-tool",
        setup: apt,
        log: () => {},
      }),
    ).toThrow(
      /installing it failed: apt-get install -y fake-tool exited with 100; its output ends:\n.*E: Unable to locate package fake-tool[\s\S]*sudo apt-get install -y fake-tool/,
    );
  });

  it("not root: one message that says how to install it, nothing run", () => {
    const apt = fakeApt();
    expect(() =>
      ensureDebianPackage("fake-tool", "fake-tool", {
        who: "The terminal tests run the CLI in fake-tool",
        otherwise: "macOS: brew install fake-tool",
        setup: { ...apt, root: false },
      }),
    ).toThrow(
      "The terminal tests run the CLI in fake-tool, which is not installed and cannot be installed here (not running as root). Install it (Debian/Ubuntu: sudo apt-get install -y fake-tool; macOS: brew install fake-tool) and run them again.",
    );
    expect(apt.calls()).toEqual([]);
  });
});
